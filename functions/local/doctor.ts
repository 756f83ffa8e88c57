import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { decodeBody } from '../adapters/fetcher/decode.js';
import type { HttpPageFetcherOptions } from '../adapters/fetcher/fetcher-options.js';
import { createPageFetcher } from '../adapters/fetcher/http-page-fetcher.js';
import { createAddressPolicy } from '../adapters/fetcher/ssrf-guard.js';
import { WorkerDocumentParser } from '../adapters/parse-worker/worker-document-parser.js';
import { toPipelineError, type FailureCode } from '../core/errors.js';
import type { Article, EntryKind, ListingEntry } from '../core/model.js';
import type { DiscoveredFeed, DocumentParser, PageFetcher } from '../core/ports.js';
import type { EntryPoint, SourceDefinition } from '../core/source-definition.js';
import { discoverFeedLinks } from '../sources/shared/feed-discovery.js';
import { overPlainHttp } from './replay-server.js';
import { inlineText, loadHtml } from '../sources/shared/html.js';

/**
 * One line of the doctor's report: one entry point (a listing) or one page (an article), fetched
 * live or read from a saved file. `--json` prints exactly these, one per line.
 */
export interface DoctorRow {
  source: string;
  url: string;
  /** The entry point's kind for a listing, `article` for a page, `source` for a source with nothing to read. */
  kind: EntryKind | 'article' | 'source';
  /** The entry point's label (listings only). */
  label: string | null;
  origin: 'live' | 'file';
  /** The saved file read (`--from`). */
  file: string | null;
  /** HTTP status and milliseconds of the fetch (the politeness wait included); null for a file. */
  status: number | null;
  ms: number | null;
  contentType: string | null;
  /** The charset the text was read in, what decided it (bom, http, xml-prolog, meta, detected, default), and whether it is doubtful. */
  charset: { name: string; decidedBy: string; suspect: boolean } | null;
  /** allowed, disallowed, unreachable (robots.txt could not be fetched), not-consulted (the source opts out), not-checked (a file). */
  robots: 'allowed' | 'disallowed' | 'unreachable' | 'not-consulted' | 'not-checked';
  /** Listing entries (a listing) or 1 (an article parsed). */
  items: number;
  /** Entries (or the article) with a publication date. */
  dated: number;
  /** Whether the generic extractor was needed (an article, or a feed's embedded articles). */
  generic: boolean;
  /** The source's selectors for this kind of page that matched it (`role: selector ×count`) and that did not; null when the source exposes none. */
  selectors: { matched: string[]; unmatched: string[] } | null;
  /** Feeds the page announces with `<link rel="alternate">`. */
  feeds: DiscoveredFeed[];
  /** What to look at first: a feed link found, the container that holds the most text. */
  suggestion: string | null;
  /** The failure code (closed set), or null. */
  error: FailureCode | null;
  message: string | null;
}

/** What the doctor is asked to do. */
export interface DoctorOptions {
  sources: readonly SourceDefinition[];
  /** One URL to doctor (listing when it is an entry point of the source, article otherwise). */
  url?: string;
  /** A saved file or folder (a `replay.json` folder, a tree of `<id>/fixtures/replay.json`, or loose files). */
  from?: string;
  /** Folder to store live pages in, as `<id>/fixtures/<file>` with a `replay.json` manifest per source. */
  save?: string;
  /** Articles doctored per listing, live (default 2: the doctor is polite too). */
  articles?: number;
  /** Sends every live request to this local server (`host:port`, over plain HTTP: a replay server or a test double). */
  via?: string;
  /** The contact URL the fetcher's User-Agent names. */
  contactUrl?: string;
  /** Called with each row as soon as it is known. */
  onRow: (row: DoctorRow) => void;
}

/** A document to examine: its text and where it came from. */
interface Document {
  url: string;
  text: string;
  bytes: Uint8Array;
  origin: 'live' | 'file';
  file: string | null;
  status: number | null;
  ms: number | null;
  contentType: string | null;
  charset: DoctorRow['charset'];
  robots: DoctorRow['robots'];
}

const emptyRow = (source: SourceDefinition, url: string, kind: DoctorRow['kind'], label: string | null): DoctorRow => ({
  source: source.id,
  url,
  kind,
  label,
  origin: 'live',
  file: null,
  status: null,
  ms: null,
  contentType: null,
  charset: null,
  robots: 'not-checked',
  items: 0,
  dated: 0,
  generic: false,
  selectors: null,
  feeds: [],
  suggestion: null,
  error: null,
  message: null,
});

/**
 * Runs the source doctor: per source, every entry point and a few of its articles, live through the
 * project's fetcher (politeness, robots.txt, SSRF guard) or from saved files, parsed by the source's
 * own parsers in the parse worker. Failures become rows with their code, never exceptions.
 */
export async function runDoctor(options: DoctorOptions): Promise<DoctorRow[]> {
  const rows: DoctorRow[] = [];
  const emit = (row: DoctorRow) => {
    rows.push(row);
    options.onRow(row);
  };
  const parser = new WorkerDocumentParser({ poolSize: 1 });
  const fetcher = options.from ? null : createPageFetcher({ contactUrl: options.contactUrl ?? 'https://github.com/practice-watch', outboundProxy: undefined }, viaOptions(options.via));
  // A local server (--via) speaks plain HTTP, as the replay server does.
  const sources = options.via ? (overPlainHttp(options.sources) as SourceDefinition[]) : options.sources;
  try {
    for (const source of sources) {
      if (options.from) await doctorSaved(source, options.from, options.url, parser, emit);
      else await doctorLive(source, fetcher!, parser, options, emit);
    }
  } finally {
    await fetcher?.close?.();
    await parser.close();
  }
  return rows;
}

/** Fetcher options that send every request to `host:port` (the only address then allowed). */
function viaOptions(via: string | undefined): Partial<HttpPageFetcherOptions> {
  if (!via) return {};
  const match = /^([\w.-]+|\[[\d:a-f]+\]):(\d+)$/i.exec(via);
  if (!match) throw new Error(`--via is host:port, not "${via}"`);
  const host = match[1]!.replace(/^\[|\]$/g, '');
  const port = Number(match[2]);
  return {
    resolver: async () => [{ address: host, family: host.includes(':') ? (6 as const) : (4 as const) }],
    addressPolicy: createAddressPolicy({ allow: [{ address: host, port }] }),
    connectOverride: { host, port },
  };
}

// ---------------------------------------------------------------------------------------------
// Live
// ---------------------------------------------------------------------------------------------

async function doctorLive(source: SourceDefinition, fetcher: PageFetcher, parser: DocumentParser, options: DoctorOptions, emit: (row: DoctorRow) => void): Promise<void> {
  const saved: Array<{ url: string; file: string; contentType: string }> = [];
  const save = (document: Document, name: string) => {
    if (!options.save) return;
    const dir = path.join(options.save, source.id, 'fixtures');
    mkdirSync(dir, { recursive: true });
    const file = `${name}${extensionOf(document.contentType, document.text)}`;
    writeFileSync(path.join(dir, file), document.bytes);
    saved.push({ url: document.url, file, contentType: document.contentType ?? 'application/octet-stream' });
    writeFileSync(path.join(dir, 'replay.json'), `${JSON.stringify(saved, null, 2)}\n`);
  };

  const targets: Array<{ url: string; entryPoint: EntryPoint | null }> = options.url
    ? [{ url: options.url, entryPoint: source.entryPoints.find((e) => e.url === options.url) ?? null }]
    : source.entryPoints.map((entryPoint) => ({ url: entryPoint.url, entryPoint }));
  for (const target of targets) {
    const fetched = await fetchDocument(source, target.url, fetcher, target.entryPoint?.kind);
    if ('error' in fetched) {
      emit({ ...fetched.row, kind: target.entryPoint?.kind ?? 'article', label: target.entryPoint?.label ?? null });
      continue;
    }
    const document = fetched.document;
    if (!target.entryPoint && options.url) {
      const kind = await detectKind(source, document, parser);
      if (kind === 'article') {
        save(document, 'article-1');
        emit(await examineArticle(source, document, parser));
        continue;
      }
    }
    const entryPoint = target.entryPoint ?? { url: target.url, kind: kindOfListing(document.text), label: 'given-url' };
    save(document, entryPoint.label);
    const { row, entries } = await examineListing(source, entryPoint, document, parser);
    emit(row);
    // A few of the listing's own pages, politely (the fetcher spaces requests per host).
    let doctored = 0;
    for (const entry of entries) {
      if (doctored >= (options.articles ?? 2)) break;
      if (entry.article || entry.failure) continue;
      doctored += 1;
      const fetchUrl = source.articleFetchUrl?.(entry) ?? entry.url;
      const page = await fetchDocument(source, fetchUrl, fetcher, undefined);
      if ('error' in page) {
        emit(page.row);
        continue;
      }
      save(page.document, `article-${saved.filter((s) => s.file.startsWith('article-')).length + 1}`);
      emit(await examineArticle(source, page.document, parser));
    }
  }
}

/** Fetches one URL through the project's fetcher; a failure is a row with its code and the robots verdict it implies. */
async function fetchDocument(
  source: SourceDefinition,
  url: string,
  fetcher: PageFetcher,
  kind: EntryKind | undefined,
): Promise<{ document: Document } | { error: true; row: DoctorRow }> {
  const started = performance.now();
  const accept = kind === 'json-api' ? 'application/json' : kind === 'rss' || kind === 'atom' ? 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' : 'text/html';
  const consulted = source.politeness.respectRobots !== false;
  try {
    const page = await fetcher.fetch({ url, source, accept });
    if (page.notModified) throw new Error('unexpected 304 without validators');
    const contentType = page.headers['content-type'] ?? null;
    return {
      document: {
        // The URL asked for (the entry point's, the listing's link): the one a manifest replays; a redirect shows in the fetcher's own logs.
        url,
        text: page.text,
        bytes: page.bytes,
        origin: 'live',
        file: null,
        status: page.status,
        ms: Math.round(performance.now() - started),
        contentType,
        charset: { name: page.charset, decidedBy: decidedBy(page.charset, contentType), suspect: page.encodingSuspect },
        robots: consulted ? 'allowed' : 'not-consulted',
      },
    };
  } catch (error) {
    const failure = toPipelineError(error, { sourceId: source.id, url });
    const robots: DoctorRow['robots'] = !consulted
      ? 'not-consulted'
      : failure.code === 'robots_disallowed'
        ? 'disallowed'
        : /robots\.txt/.test(failure.message)
          ? 'unreachable'
          : 'not-checked';
    const status = typeof failure.context.status === 'number' ? failure.context.status : null;
    return {
      error: true,
      row: {
        ...emptyRow(source, url, 'article', null),
        status,
        ms: Math.round(performance.now() - started),
        robots,
        error: failure.code,
        message: reasonOf(failure.code, failure.message, url),
      },
    };
  }
}

/** A reason an operator can act on, for the codes that mean "could not get there". */
function reasonOf(code: FailureCode, message: string, url: string): string {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  if (code === 'network') return `cannot reach ${host} (network): ${message}`;
  if (code === 'timeout') return `${host} did not answer in time: ${message}`;
  if (code === 'ssrf_blocked') return `${host} resolves to an address the fetcher refuses: ${message}`;
  return message;
}

/** Which declaration the fetcher's decoding followed, as far as the response shows (the fetcher keeps no more). */
function decidedBy(charset: string, contentType: string | null): string {
  const declared = /charset=["']?([\w.:-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (!declared) return 'document or default';
  return declared === charset || (declared.replace(/[-_]/g, '') === charset.replace(/[-_]/g, '')) ? 'http' : `not http (${declared} declared)`;
}

function extensionOf(contentType: string | null, text: string): string {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('json') || /^\s*[{[]/.test(text)) return '.json';
  if (type.includes('xml') || /^\s*<\?xml/.test(text)) return '.xml';
  return '.html';
}

// ---------------------------------------------------------------------------------------------
// Saved files
// ---------------------------------------------------------------------------------------------

interface SavedEntry {
  url: string;
  file: string;
  contentType: string | null;
}

/** The manifest of a source under `from`: `<from>/<id>/fixtures/replay.json`, `<from>/<id>/replay.json` or `<from>/replay.json`. */
function manifestOf(source: SourceDefinition, from: string): { dir: string; entries: SavedEntry[] } | null {
  for (const dir of [path.join(from, source.id, 'fixtures'), path.join(from, source.id), from]) {
    const manifest = path.join(dir, 'replay.json');
    if (!existsSync(manifest)) continue;
    const entries = JSON.parse(readFileSync(manifest, 'utf8')) as SavedEntry[];
    // A folder's own manifest counts for this source only if it names this source's hosts.
    if (dir === from && !entries.some((entry) => source.hosts.includes(hostOf(entry.url)))) continue;
    return { dir, entries };
  }
  return null;
}

async function doctorSaved(source: SourceDefinition, from: string, url: string | undefined, parser: DocumentParser, emit: (row: DoctorRow) => void): Promise<void> {
  if (!existsSync(from)) {
    emit({ ...emptyRow(source, from, 'source', null), origin: 'file', message: `${from} does not exist` });
    return;
  }
  let saved: SavedEntry[];
  let dir: string;
  if (statSync(from).isFile()) {
    dir = path.dirname(from);
    saved = [{ url: url ?? `file://${path.resolve(from)}`, file: path.basename(from), contentType: null }];
  } else {
    const manifest = manifestOf(source, from);
    if (manifest) {
      ({ dir, entries: saved } = manifest);
    } else {
      // Loose files in one folder: every file is a page of this source, its kind detected.
      dir = from;
      saved = readdirSync(from)
        .filter((name) => /\.(html?|xml|rss|atom|json)$/i.test(name) && !name.endsWith('.expected.json'))
        .map((name) => ({ url: `file://${path.resolve(from, name)}`, file: name, contentType: null }));
    }
  }
  if (saved.length === 0) {
    emit({ ...emptyRow(source, from, 'source', null), origin: 'file', message: `no saved pages of ${source.id} under ${from}` });
    return;
  }
  for (const entry of saved) {
    const file = path.join(dir, entry.file);
    let document: Document;
    try {
      const bytes = readFileSync(file);
      const decoded = decodeBody(bytes, { contentType: entry.contentType ?? undefined, defaultCharset: source.charsetDefault });
      document = {
        url: entry.url,
        text: decoded.text,
        bytes,
        origin: 'file',
        file,
        status: null,
        ms: null,
        contentType: entry.contentType,
        charset: { name: decoded.charset, decidedBy: decoded.source, suspect: decoded.encodingSuspect },
        robots: 'not-checked',
      };
    } catch (error) {
      const failure = toPipelineError(error, { sourceId: source.id, url: entry.url });
      emit({ ...emptyRow(source, entry.url, 'article', null), origin: 'file', file, error: failure.code, message: failure.message });
      continue;
    }
    const entryPoint = source.entryPoints.find((e) => e.url === entry.url);
    const kind = entryPoint ? 'listing' : await detectKind(source, document, parser);
    if (kind === 'article') {
      emit(await examineArticle(source, document, parser));
    } else {
      const listed = entryPoint ?? { url: source.entryPoints[0]?.url ?? entry.url, kind: kindOfListing(document.text), label: 'saved-listing' };
      emit((await examineListing(source, listed, document, parser)).row);
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** The listing kind a document looks like: a feed, JSON, or an HTML list. */
function kindOfListing(text: string): EntryKind {
  const head = text.trimStart().slice(0, 2000);
  if (/^[{[]/.test(head)) return 'json-api';
  if (/<feed[\s>]/i.test(head)) return 'atom';
  if (/^<\?xml|<rss[\s>]|<rdf:RDF/i.test(head)) return 'rss';
  return 'html-list';
}

/**
 * Whether a document is a listing or an article: a feed or JSON list is a listing; an HTML page is
 * a listing when the source's listing parser finds at least five entries there (an article links a
 * few related ones at most), or at least two and the article parser cannot read it.
 */
async function detectKind(source: SourceDefinition, document: Document, parser: DocumentParser): Promise<'listing' | 'article'> {
  const kind = kindOfListing(document.text);
  if (kind === 'atom' || kind === 'rss') return 'listing';
  const htmlList = source.entryPoints.find((e) => e.kind === kind) ?? { url: document.url, kind, label: 'detect' };
  const entries = await parser.parseListing({ kind: 'listing', sourceId: source.id, entryPoint: htmlList, text: document.text }).catch(() => []);
  if (entries.length >= 5) return 'listing';
  if (entries.length >= 2) {
    const article = await parser.parseArticle({ kind: 'article', sourceId: source.id, url: document.url, text: document.text }).catch(() => null);
    if (!article) return 'listing';
  }
  return 'article';
}

// ---------------------------------------------------------------------------------------------
// Examining a document
// ---------------------------------------------------------------------------------------------

function documentRow(source: SourceDefinition, document: Document, kind: DoctorRow['kind'], label: string | null): DoctorRow {
  return {
    ...emptyRow(source, document.url, kind, label),
    origin: document.origin,
    file: document.file,
    status: document.status,
    ms: document.ms,
    contentType: document.contentType,
    charset: document.charset,
    robots: document.robots,
  };
}

async function examineListing(
  source: SourceDefinition,
  entryPoint: EntryPoint,
  document: Document,
  parser: DocumentParser,
): Promise<{ row: DoctorRow; entries: ListingEntry[] }> {
  const row = documentRow(source, document, entryPoint.kind, entryPoint.label);
  const html = entryPoint.kind === 'html-list' || kindOfListing(document.text) === 'html-list';
  if (html) {
    row.feeds = discoverFeedLinks(document.text, document.url);
    row.selectors = selectorReport(document.text, source.selectors?.listing);
  }
  let entries: ListingEntry[] = [];
  try {
    entries = await parser.parseListing({ kind: 'listing', sourceId: source.id, entryPoint, text: document.text });
    const real = entries.filter((entry) => entry.url !== entryPoint.url || entry.title !== null);
    row.items = real.length;
    row.dated = real.filter((entry) => entry.publishedAt).length;
    row.generic = real.some((entry) => entry.article?.extractedBy === 'generic');
    const failures = real.filter((entry) => entry.failure);
    if (failures.length > 0) row.message = `${failures.length} entries with a problem, first: ${failures[0]!.failure!.code} ${failures[0]!.failure!.message}`;
  } catch (error) {
    const failure = toPipelineError(error, { sourceId: source.id, url: entryPoint.url });
    row.error = failure.code;
    row.message = failure.message;
  }
  row.suggestion = suggestionFor(row, html ? document.text : null, 'listing');
  return { row, entries };
}

async function examineArticle(source: SourceDefinition, document: Document, parser: DocumentParser): Promise<DoctorRow> {
  const row = documentRow(source, document, 'article', null);
  const html = kindOfListing(document.text) === 'html-list';
  if (html) row.selectors = selectorReport(document.text, source.selectors?.article);
  try {
    const article: Article = await parser.parseArticle({ kind: 'article', sourceId: source.id, url: document.url, text: document.text });
    row.items = 1;
    row.dated = article.publishedAt ? 1 : 0;
    row.generic = article.extractedBy === 'generic';
    row.message = `"${article.title.slice(0, 80)}", ${article.bodyText.length} characters of text`;
  } catch (error) {
    const failure = toPipelineError(error, { sourceId: source.id, url: document.url });
    row.error = failure.code;
    row.message = failure.message;
  }
  row.suggestion = suggestionFor(row, html ? document.text : null, 'article');
  return row;
}

/** Which of the source's selectors match the page, with their counts, and which match nothing. */
function selectorReport(html: string, roles: Record<string, readonly string[]> | undefined): DoctorRow['selectors'] {
  if (!roles || Object.keys(roles).length === 0) return null;
  const $ = loadHtml(html);
  const matched: string[] = [];
  const unmatched: string[] = [];
  for (const [role, selectors] of Object.entries(roles)) {
    for (const selector of selectors) {
      let count = 0;
      try {
        count = $(selector).length;
      } catch {
        count = 0;
      }
      (count > 0 ? matched : unmatched).push(`${role}: ${selector}${count > 0 ? ` ×${count}` : ''}`);
    }
  }
  return { matched, unmatched };
}

/** What to look at: a feed the page announces, the block with the most paragraph text, or nothing when all is well. */
function suggestionFor(row: DoctorRow, html: string | null, kind: 'listing' | 'article'): string | null {
  const hints: string[] = [];
  if (row.feeds.length > 0) hints.push(`feed links found: ${row.feeds.map((feed) => `${feed.kind} ${feed.url}`).join(', ')}`);
  const troubled = row.error !== null || row.generic || (kind === 'listing' && row.items > 0 && row.dated < row.items);
  if (html && troubled) {
    const container = richestContainer(html);
    if (container) hints.push(`the container with most text is ${container.selector} (${container.chars} characters)`);
  }
  if (kind === 'listing' && row.items > 0 && row.dated < row.items) hints.push(`${row.items - row.dated} of ${row.items} entries have no date: check the date selector and format`);
  return hints.length > 0 ? hints.join('; ') : null;
}

/** The element whose own paragraphs hold the most text, as `tag#id.class…`. */
function richestContainer(html: string): { selector: string; chars: number } | null {
  const $ = loadHtml(html);
  let best: { selector: string; chars: number } | null = null;
  $('p').each((_, paragraph) => {
    const parent = paragraph.parent;
    if (!parent || parent.type !== 'tag') return;
    const chars = $(parent)
      .children('p')
      .toArray()
      .reduce((n, p) => n + inlineText($(p)).length, 0);
    if (!best || chars > best.chars) {
      const id = parent.attribs.id ? `#${parent.attribs.id}` : '';
      const classes = (parent.attribs.class ?? '').split(/\s+/).filter(Boolean).map((c) => `.${c}`).join('');
      best = { selector: `${parent.name}${id}${classes}`, chars };
    }
  });
  return best;
}

// ---------------------------------------------------------------------------------------------
// Text output
// ---------------------------------------------------------------------------------------------

/** One row as the lines an operator reads. */
export function formatRow(row: DoctorRow): string {
  const what = row.kind === 'article' ? 'article' : row.kind === 'source' ? 'source' : `${row.label ?? 'listing'} (${row.kind})`;
  const lines = [`${row.source}  ${what}  ${row.url}`];
  const fetched = [
    row.origin === 'file' ? `file ${row.file ?? ''}` : row.status !== null ? `HTTP ${row.status}${row.ms !== null ? ` in ${row.ms} ms` : ''}` : null,
    row.contentType ? `type ${row.contentType}` : null,
    row.charset ? `charset ${row.charset.name} (${row.charset.decidedBy}${row.charset.suspect ? ', doubtful' : ''})` : null,
    `robots ${row.robots}`,
  ].filter(Boolean);
  lines.push(`    ${fetched.join(' · ')}`);
  if (row.error) lines.push(`    FAILED ${row.error}: ${row.message ?? ''}`);
  else if (row.kind !== 'source') lines.push(`    items ${row.items}, dated ${row.dated}, generic extractor ${row.generic ? 'needed' : 'not needed'}${row.message ? ` · ${row.message}` : ''}`);
  else lines.push(`    ${row.message ?? ''}`);
  if (row.selectors) {
    if (row.selectors.matched.length) lines.push(`    selectors matched: ${row.selectors.matched.join(', ')}`);
    if (row.selectors.unmatched.length) lines.push(`    selectors not matched: ${row.selectors.unmatched.join(', ')}`);
  }
  if (row.suggestion) lines.push(`    suggestion: ${row.suggestion}`);
  return lines.join('\n');
}
