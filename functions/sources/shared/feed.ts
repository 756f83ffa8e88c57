import Parser from 'rss-parser';
import { NonRetryableError, PipelineError, type ErrorContext } from '../../core/errors.js';
import { fragmentToText, normaliseText } from './text.js';

/** One item of a parsed RSS or Atom feed; text fields are plain text, `contentHtml` is the feed's HTML. */
export interface FeedItem {
  /** The item's link as printed (absolute or not); the source resolves it. */
  link: string | null;
  title: string | null;
  /** Description (RSS) or summary (Atom) as plain text. */
  summary: string | null;
  /** Full content (RSS `content:encoded` or `yandex:full-text`, Atom `content`) as HTML, when the feed carries it. */
  contentHtml: string | null;
  /** The date exactly as printed (RSS `pubDate` / `dc:date`, Atom `published` / `updated`): offsets kept. */
  publishedRaw: string | null;
  author: string | null;
  categories: string[];
  /** Enclosure URLs (images) as printed. */
  enclosures: string[];
  id: string | null;
}

/** A parsed feed. */
export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

/**
 * A DOCTYPE with an internal subset declaring entities: the shape of every XML bomb and XXE.
 * sax (under xml2js) does not expand declared entities (it fails on their use with "Invalid
 * character entity"); refusing them up front keeps that true whatever the library does next.
 */
const ENTITY_DECLARATION = /<!DOCTYPE[^>[]*\[[\s\S]*?<!ENTITY/i;
/** What follows the prolog of an HTML page (maintenance pages served with 200, HTML-instead-of-RSS). */
const HTML_START = /^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const FEED_ROOT = /^<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]/;

/** Drops the BOM, XML declaration, comments, processing instructions and DOCTYPE before the root. */
function afterProlog(text: string): string {
  let rest = text.replace(/^\uFEFF/, '').trimStart();
  for (;;) {
    const prolog = /^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE\s+(?:rss|feed|rdf)[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*/i.exec(rest);
    if (!prolog) return rest;
    rest = rest.slice(prolog[0].length);
  }
}

function stringValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { _?: unknown })._ === 'string') return (value as { _: string })._;
  return null;
}

function textValue(value: unknown): string | null {
  const raw = stringValue(value);
  if (raw === null) return null;
  const text = fragmentToText(raw);
  return text || null;
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) {
    const text = stringValue(value);
    if (text !== null && normaliseText(text)) return normaliseText(text);
  }
  return null;
}

type RawItem = Record<string, unknown>;
type XmlNode = Record<string, unknown[] | undefined>;

/**
 * rss-parser with its known crashes removed: Atom dates are kept raw (the library calls
 * `toISOString()` on them, which drops the offset and throws on a bad date), and an RSS document
 * without a channel is an empty feed instead of a `TypeError`.
 */
class TolerantParser extends Parser<Record<string, unknown>, RawItem> {
  constructor() {
    super({
      defaultRSS: 2,
      // The raw description (rss-parser folds it into `content`) and every category element as printed.
      customFields: { item: ['description', 'yandex:full-text', ['category', 'categoryRaw', { keepArray: true }]] },
    });
  }
}

type ParserInternals = {
  parseItemAtom(entry: XmlNode): RawItem;
  buildRSS2(xml: { rss: XmlNode }): unknown;
  buildRSS0_9(xml: { rss: XmlNode }): unknown;
  buildRSS1(xml: Record<string, XmlNode>): unknown;
};
const base = Parser.prototype as unknown as ParserInternals;
const tolerant = TolerantParser.prototype as unknown as ParserInternals;
tolerant.parseItemAtom = function parseItemAtom(this: ParserInternals, entry: XmlNode): RawItem {
  const { published, updated, ...rest } = entry;
  const item = base.parseItemAtom.call(this, rest);
  item.published = published?.[0];
  item.updated = updated?.[0];
  return item;
};
for (const name of ['buildRSS2', 'buildRSS0_9'] as const) {
  tolerant[name] = function build(this: ParserInternals, xml: { rss: XmlNode }): unknown {
    const channel = xml.rss?.channel?.[0];
    if (!channel || typeof channel !== 'object') return { items: [] };
    return base[name].call(this, xml);
  };
}
tolerant.buildRSS1 = function buildRSS1(this: ParserInternals, xml: Record<string, XmlNode>): unknown {
  const channel = xml['rdf:RDF']?.channel?.[0];
  if (!channel || typeof channel !== 'object') return { items: [] };
  return base.buildRSS1.call(this, xml);
};

function toFeedItem(raw: RawItem): FeedItem {
  const enclosure = raw.enclosure as { url?: unknown } | undefined;
  const categories: string[] = [];
  for (const category of (Array.isArray(raw.categoryRaw) ? raw.categoryRaw : []) as unknown[]) {
    const term = (category as { $?: { term?: unknown } } | null)?.$?.term;
    const text = textValue(category) ?? textValue(term);
    if (text && !categories.includes(text)) categories.push(text);
  }
  // Russian sites publish full text for Yandex News as `yandex:full-text`.
  const contentHtml =
    stringValue(raw['content:encoded']) ?? stringValue(raw['yandex:full-text']) ?? (raw.description === undefined ? stringValue(raw.content) : null);
  return {
    link: firstString(raw.link),
    title: textValue(raw.title),
    summary: textValue(raw.description) ?? textValue(raw.summary),
    contentHtml: contentHtml && contentHtml.trim() ? contentHtml : null,
    publishedRaw: firstString(raw.pubDate, raw.published, raw.date, raw.updated),
    author: textValue(raw.creator) ?? textValue(raw.author),
    categories,
    enclosures: typeof enclosure?.url === 'string' && enclosure.url.trim() ? [enclosure.url.trim()] : [],
    id: firstString(raw.guid, raw.id),
  };
}

/**
 * Parses decoded RSS 0.9x/1.0/2.0 or Atom text. Every failure is a `NonRetryableError`:
 * `not_a_feed` when the document is not a feed at all (empty, HTML, another XML vocabulary),
 * `illformed` when it is broken XML, declares entities (XML bombs, XXE) or cannot be read.
 */
export async function parseFeed(text: string, context: ErrorContext = {}): Promise<ParsedFeed> {
  const start = afterProlog(text);
  if (!start) throw new NonRetryableError('not_a_feed', 'empty document where a feed was expected', context);
  if (ENTITY_DECLARATION.test(text.slice(0, 65_536)) || /<!ENTITY/i.test(start.slice(0, 4096))) {
    throw new NonRetryableError('illformed', 'feed declares XML entities (possible entity expansion or XXE); rejected', context);
  }
  if (HTML_START.test(start)) throw new NonRetryableError('not_a_feed', 'an HTML page where a feed was expected', context);
  if (!start.startsWith('<')) throw new NonRetryableError('not_a_feed', 'the document is not XML', context);
  let feed: Parser.Output<RawItem>;
  try {
    feed = await new TolerantParser().parseString(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof PipelineError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const notAFeed = /not recognized as RSS|Unable to parse XML/.test(message) && !FEED_ROOT.test(start);
    throw new NonRetryableError(
      notAFeed ? 'not_a_feed' : 'illformed',
      `${notAFeed ? 'not an RSS or Atom document' : 'ill-formed feed'}: ${message.split('\n')[0]}`,
      context,
      { cause: error },
    );
  }
  return {
    title: textValue(feed.title),
    items: (feed.items ?? []).map((item) => toFeedItem(item as RawItem)),
  };
}
