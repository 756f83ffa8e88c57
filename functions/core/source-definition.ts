import type { Article, EntryKind, ExtractionInput, Language, ListingEntry } from './model.js';

/** One place a source publishes a listing. */
export interface EntryPoint {
  /** Absolute URL of the feed, API page or list page. */
  url: string;
  kind: EntryKind;
  /** Short label for health and logs, e.g. `rss`, `depr-rss`, `api`. */
  label: string;
  /**
   * False when the entry point is only inferred or reported (SOURCES.md): an empty or failing
   * result is still recorded, but does not fail the whole source when another entry point works.
   */
  confirmed?: boolean;
  /**
   * Entry points sharing a group are alternatives for one listing (a feed, then an API, then the
   * HTML list): ingestion reads the first that works and falls back to the next on `not_a_feed`,
   * `http_4xx` or `layout_changed`. Entry points of different groups are different sections and are
   * all read. Absent: the source's one default group.
   */
  group?: string;
}

/** How politely, and through what, the fetcher talks to a source's hosts. */
export interface Politeness {
  /** Minimum milliseconds between two requests to the same host (at least 1000). */
  minDelayMs: number;
  /** Overrides the project User-Agent (some hosts refuse non-browser agents). */
  userAgent?: string;
  /** Outbound proxy URL for this source only (overrides the global one). */
  proxy?: string;
  /** Extra PEM CA bundle (e.g. the Russian Trusted Root CA) added to, never replacing, the defaults. */
  caBundlePath?: string;
  /** Forces http or https for this source's hosts (some answer only on plain HTTP). */
  scheme?: 'http' | 'https';
  /** Body cap after decompression, in bytes; the fetcher's default is 5 MiB. */
  maxBodyBytes?: number;
  /** Whether robots.txt is consulted (true unless the source's terms say otherwise). */
  respectRobots?: boolean;
}

/**
 * What the pipeline needs to watch one official site, without its parsers: identity, entry
 * points, hosts, schedule, clock and politeness. The fetcher, the scheduler, the API and the
 * infrastructure work from profiles, so that their bundles carry no HTML or feed parser.
 */
export interface SourceProfile<Id extends string = string> {
  /** kebab-case, stable forever: it is part of every stored record. */
  id: Id;
  name: string;
  homepage: string;
  /** ISO 3166-2:RU code of the publishing subject, or `RU` for federal bodies. */
  jurisdiction: string;
  language: Language;
  entryPoints: EntryPoint[];
  /** Every host the fetcher may contact for this source (the SSRF allowlist). */
  hosts: string[];
  /** How often to poll, in minutes. */
  scheduleMinutes: number;
  /** Hours within which new material is normally expected (drives `stale` health). */
  expectedCadenceHours: number;
  /** IANA time zone of the site's clock times (Europe/Moscow, or Asia/Yekaterinburg in the Urals). */
  timeZone: string;
  /** Offsets the site prints but does not mean (e.g. `+04:00` on kremlin.ru); such times are read as `timeZone`. */
  mislabelledOffsets?: string[];
  /** Charset assumed when neither BOM, header, prolog nor meta says one. */
  charsetDefault: string;
  politeness: Politeness;
  /** How sure we are of the markup: seen in a capture, reported by others, or inferred. */
  confidence: 'seen' | 'reported' | 'inferred';
  /** URL to fetch for an entry's full article (e.g. an API item URL); defaults to the entry URL. */
  articleFetchUrl?(entry: ListingEntry): string;
  /**
   * The source is a best-practice library whose article pages are its practices (Smarteka): a page
   * of it features one practice in the library, which EXTRACTION.md counts as an announcement
   * whatever words the page uses (a practice card says 'Регион', 'Проблема', 'Решение', not
   * 'added to the library').
   */
  practiceLibrary?: boolean;
}

/**
 * Declares a source profile, keeping its `id` as a literal type so that the registry can name the
 * registered ids (`SourceId`) and the compiler can check that each has its parsers.
 */
export function defineProfile<Id extends string>(profile: SourceProfile<Id>): SourceProfile<Id> {
  return profile;
}

/**
 * The pure parsers of a source. They receive decoded text and never fetch; they throw
 * `LayoutChangedError` when the document no longer matches the known layout. They run in the parse
 * worker (`functions/adapters/parse-worker`), found by source id in the registry.
 */
export interface SourceParsers {
  /**
   * Turns a listing document into entries (deduplicated, absolute URLs, dates with offsets).
   * Async because feed parsing (rss-parser's `parseString`) is.
   */
  parseListing(text: string, entryPoint: EntryPoint): ListingEntry[] | Promise<ListingEntry[]>;
  /**
   * Turns an article page (or API item) into an article. `url` is the URL that was fetched;
   * the returned `url` is the canonical one (e.g. the page URL for an API item).
   */
  parseArticle(text: string, url: string): Article | Promise<Article>;
  /**
   * The CSS selectors the parsers look for, by role (`listing.card`, `article.title`, …), each list
   * tried in order. Only the source doctor reads them (which matched a page, which did not); a
   * source without them is still doctored, without that line.
   */
  selectors?: SourceSelectors;
}

/** A source's selectors by page kind and role: see {@link SourceParsers.selectors}. */
export interface SourceSelectors {
  listing?: Record<string, readonly string[]>;
  article?: Record<string, readonly string[]>;
}

/** A registered source: its profile and its parsers. */
export interface SourceDefinition extends SourceProfile, SourceParsers {}

/** The publisher's own federal subject: a regional source's jurisdiction (`RU-MOW`), null for a federal one (`RU`). */
export function publisherRegionOf(profile: Pick<SourceProfile, 'jurisdiction'>): string | null {
  return profile.jurisdiction.startsWith('RU-') ? profile.jurisdiction : null;
}

/**
 * What extraction reads of an article from `source`: the source's id, and its language and own
 * region where the article says nothing else; `publishedAt` stands in for a page that shows no date.
 */
export function extractionInputOf(article: Article, source: SourceProfile, publishedAt: string | null = null): ExtractionInput {
  return {
    ...article,
    publishedAt: article.publishedAt ?? publishedAt,
    language: article.language ?? source.language,
    sourceId: source.id,
    publisherRegion: publisherRegionOf(source),
    ...(source.practiceLibrary ? { libraryPractice: true } : {}),
  };
}
