import type { Language } from '../../core/model.js';
import type { EntryPoint, Politeness, SourceDefinition } from '../../core/source-definition.js';
import { parseArticlePage, type ArticleRules, UNKNOWN_LAYOUT } from './article.js';
import type { DateContext } from './dates.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from './defaults.js';
import { loadHtml } from './html.js';
import { articleFromFeedItem, discoverLinks, feedListing, finishListing } from './listing.js';

/** The description of a site known only by its URL patterns (SOURCES.md "reported"/"inferred"). */
export interface LinkListSourceSpec {
  id: string;
  name: string;
  homepage: string;
  jurisdiction: string;
  language: Language;
  entryPoints: EntryPoint[];
  hosts: string[];
  /** Path (and query) of article links on the list pages. */
  articlePath: RegExp;
  scheduleMinutes: number;
  expectedCadenceHours: number;
  /**
   * Charset when nothing declares one. Undeclared valid UTF-8 is recognised before it is used, so
   * this only decides for legacy bytes, which on .ru sites are windows-1251, not cheerio's windows-1252.
   */
  charsetDefault: string;
  /** IANA zone of the site's clock (default Europe/Moscow; the Urals sites print Yekaterinburg time). */
  timeZone?: string;
  confidence: 'seen' | 'reported' | 'inferred';
  politeness?: Partial<Politeness>;
  /** Article rules when some markup is known; the generic extractor otherwise. */
  articleRules?: ArticleRules;
}

/**
 * Builds the definition of a site whose list markup is not known precisely: RSS/Atom entry points
 * go through the feed parser, HTML lists through link discovery by article path, articles through
 * the given rules or the generic extractor (flagged `generic`).
 */
export function linkListSource(spec: LinkListSourceSpec): SourceDefinition {
  const timeZone = spec.timeZone ?? MOSCOW;
  const dates: DateContext = { timeZone };
  const accept = (url: string): boolean => spec.hosts.includes(new URL(url).hostname);
  return {
    id: spec.id,
    name: spec.name,
    homepage: spec.homepage,
    jurisdiction: spec.jurisdiction,
    language: spec.language,
    entryPoints: spec.entryPoints,
    hosts: spec.hosts,
    scheduleMinutes: spec.scheduleMinutes,
    expectedCadenceHours: spec.expectedCadenceHours,
    timeZone,
    charsetDefault: spec.charsetDefault,
    politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true, ...spec.politeness },
    confidence: spec.confidence,
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'html-list'
        ? finishListing(discoverLinks(loadHtml(text, { sourceId: spec.id, url: entryPoint.url }), entryPoint.url, { path: spec.articlePath, hosts: spec.hosts, dates }), spec.id, entryPoint)
        : feedListing(text, entryPoint, {
            sourceId: spec.id,
            dates,
            accept,
            article: (item, url, publishedAt) => articleFromFeedItem(item, url, publishedAt, { language: spec.language }),
          }),
    parseArticle: (text, url) =>
      parseArticlePage(text, spec.articleRules ?? UNKNOWN_LAYOUT, {
        sourceId: spec.id,
        url,
        dates,
        language: spec.language,
      }),
  };
}
