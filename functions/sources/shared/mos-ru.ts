import { LayoutChangedError, NonRetryableError } from '../../core/errors.js';
import type { Article, ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceParsers, SourceProfile } from '../../core/source-definition.js';
import { parseArticlePage, type ArticleRules } from './article.js';
import { formatInZone, parseDate, type DateContext } from './dates.js';
import { MOSCOW } from './defaults.js';
import { absoluteUrl, blockText, imageUrls, loadHtml } from './html.js';
import { feedListing, finishListing, unreadableDate } from './listing.js';
import { mosNewsPageUrl, MOS_ORIGIN as ORIGIN } from './mos-urls.js';
import { sourceContext } from './source-context.js';
import { fragmentToText } from './text.js';

// The parsers every mos.ru source shares (the main news feed and the department feeds): the
// portal's RSS, its JSON API and its article pages.

/** mos.ru API dates have no zone: they are Moscow wall-clock times. */
const MOS_DATES: DateContext = { timeZone: MOSCOW };

/** Reported article-page selectors (SOURCES.md); older generations follow the current one. */
const MOS_ARTICLE_RULES: ArticleRules = {
  title: ['h1.news-article-title-container__title', 'h1.news-article__title', 'h1'],
  body: ['div.content-text', 'section.news-article__text', 'div.news-article__text'],
  date: ['time.news-article__date', '.news-article__date'],
  lead: ['section.news-article__preview', 'div.news-article__preview'],
  tags: ['a.news-article-tags__link'],
  remove: ['.news-article__share', 'script', 'style'],
};

function titles(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const out: string[] = [];
  for (const item of value) {
    const raw = typeof item === 'string' ? item : item && typeof item === 'object' ? ((item as { title?: unknown; name?: unknown }).title ?? (item as { name?: unknown }).name) : null;
    const text = typeof raw === 'string' ? fragmentToText(raw) : '';
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

type ApiItem = Record<string, unknown>;

/** The fields that date an API item, by preference: newsfeed `published_at`, `date`; documents `date_published`; `date_timestamp`. */
const DATE_FIELDS = ['published_at', 'date', 'date_published', 'date_timestamp'] as const;

/** Below this an epoch value is seconds (10^11 s is the year 5138); from it, milliseconds (10^11 ms is March 1973). */
const EPOCH_SECONDS_BELOW = 1e11;
/** Epoch values outside these years are nobody's publication date (0, a counter, a typo). */
const EPOCH_YEARS = [1995, 2200] as const;

/**
 * The date of a mos.ru API item and what it printed: the first of {@link DATE_FIELDS} present. A
 * string like "2023-10-10 14:30:00" is Moscow wall-clock time; a number, or a string of digits, is
 * a Unix epoch, read as seconds or milliseconds by its magnitude (the API is reported to send
 * `date_timestamp` as seconds; milliseconds and quoted numbers are read the same way). Null with
 * the printed value when it cannot be read, so that the caller records it.
 */
export function mosApiDate(item: Readonly<Record<string, unknown>>): { printed: string; publishedAt: string | null } {
  const field = DATE_FIELDS.find((name) => item[name] !== undefined && item[name] !== null && item[name] !== '');
  if (!field) return { printed: '', publishedAt: null };
  const value = item[field];
  const printed = typeof value === 'string' ? value : JSON.stringify(value);
  const epoch = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d{9,13}(?:\.\d+)?\s*$/.test(value) ? Number(value) : null;
  if (epoch === null) return { printed, publishedAt: typeof value === 'string' ? parseDate(value, MOS_DATES) : null };
  const ms = Math.abs(epoch) < EPOCH_SECONDS_BELOW ? epoch * 1000 : epoch;
  const year = Number.isFinite(ms) ? new Date(ms).getUTCFullYear() : NaN;
  if (!(year >= EPOCH_YEARS[0] && year <= EPOCH_YEARS[1])) return { printed, publishedAt: null };
  return { printed, publishedAt: formatInZone(Math.round(ms / 1000) * 1000, MOSCOW) };
}

function parseJson(text: string, sourceId: string, url: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NonRetryableError('illformed', 'mos.ru API answered with invalid JSON', { sourceId, url }, { cause: error });
  }
}

/** Listing of `/api/newsfeed/v4/frontend/json/ru/articles?…`: `{items: [{id, title, published_at|date|date_timestamp, preview_text}]}`. */
function parseMosApiListing(text: string, entryPoint: EntryPoint, sourceId: string): ListingEntry[] {
  const data = parseJson(text, sourceId, entryPoint.url) as { items?: unknown };
  if (!data || typeof data !== 'object' || !Array.isArray(data.items)) {
    throw new LayoutChangedError('mos.ru API listing has no `items` array', { sourceId, url: entryPoint.url });
  }
  const entries: ListingEntry[] = [];
  for (const item of data.items as ApiItem[]) {
    if (!item || (typeof item.id !== 'number' && typeof item.id !== 'string')) continue;
    const lead = typeof item.preview_text === 'string' ? fragmentToText(item.preview_text) : '';
    const { printed, publishedAt } = mosApiDate(item);
    const entry: ListingEntry = {
      url: mosNewsPageUrl(item.id),
      title: typeof item.title === 'string' ? fragmentToText(item.title) || null : null,
      publishedAt,
      lead: lead || null,
    };
    if (printed && !entry.publishedAt) entry.failure = unreadableDate(printed);
    entries.push(entry);
  }
  return finishListing(entries, sourceId, entryPoint);
}


function parseApiArticle(text: string, url: string, sourceId: string): Article {
  const data = parseJson(text, sourceId, url) as ApiItem | null;
  const item = (data && typeof data === 'object' && data.item && typeof data.item === 'object' ? data.item : data) as ApiItem | null;
  const title = item && typeof item.title === 'string' ? fragmentToText(item.title) : '';
  const html = item && typeof item.full_text === 'string' ? item.full_text : '';
  const $ = loadHtml(html, { sourceId, url });
  const bodyText = blockText($.root());
  if (!item || !title || !bodyText || (typeof item.id !== 'number' && typeof item.id !== 'string')) {
    throw new LayoutChangedError('mos.ru API item lacks id, title or full_text', { sourceId, url });
  }
  const pageUrl = mosNewsPageUrl(item.id);
  const images: string[] = [];
  const image = item.image as Record<string, { src?: unknown } | undefined> | undefined;
  for (const size of ['big', 'middle', 'small']) {
    const src = image?.[size]?.src;
    const resolved = typeof src === 'string' ? absoluteUrl(src, ORIGIN) : null;
    if (resolved) {
      images.push(resolved);
      break;
    }
  }
  for (const inline of imageUrls($, $.root(), ORIGIN)) if (!images.includes(inline)) images.push(inline);
  const lead = typeof item.preview_text === 'string' ? fragmentToText(item.preview_text) : '';
  return {
    url: pageUrl,
    title,
    publishedAt: mosApiDate(item).publishedAt,
    author: null,
    lead: lead || null,
    bodyText,
    tags: [...titles(item.tags), ...titles(item.spheres)].filter((tag, index, all) => all.indexOf(tag) === index),
    images,
    language: 'ru',
    extractedBy: 'source',
  };
}

/**
 * The parsers of a mos.ru source. Listings: the JSON API entry point, or an RSS feed (the portal's or
 * a department's: description only, no full text). Articles: an API item (JSON, sniffed) or an
 * article page (HTML); the returned URL is the page URL in both cases.
 */
export function mosRuParsers(profile: SourceProfile): SourceParsers {
  const { sourceId, onHosts } = sourceContext(profile);
  return {
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'json-api' ? parseMosApiListing(text, entryPoint, sourceId) : feedListing(text, entryPoint, { sourceId, dates: MOS_DATES, accept: onHosts }),
    parseArticle: (text, url) =>
      /^\s*[{[]/.test(text) ? parseApiArticle(text, url, sourceId) : parseArticlePage(text, MOS_ARTICLE_RULES, { sourceId, url, dates: MOS_DATES, language: 'ru' }),
  };
}
