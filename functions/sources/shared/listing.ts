import type { CheerioAPI } from 'cheerio/slim';
import type { Element } from 'domhandler';
import { isFailureCode, LayoutChangedError, PipelineError } from '../../core/errors.js';
import type { Article, Language, ListingEntry } from '../../core/model.js';
import type { EntryPoint } from '../../core/source-definition.js';
import { parseDate, type DateContext } from './dates.js';
import { parseFeed, type FeedItem } from './feed.js';
import { cleanBody } from './article.js';
import { absoluteUrl, blockText, imageUrls, inlineText, loadHtml } from './html.js';

/**
 * Deduplicates entries by URL (first wins) and refuses an empty result: a listing that used to have
 * items and now has none means the layout changed, never "nothing new".
 */
export function finishListing(entries: ListingEntry[], sourceId: string, entryPoint: EntryPoint): ListingEntry[] {
  const seen = new Set<string>();
  const unique = entries.filter((entry) => !seen.has(entry.url) && seen.add(entry.url));
  if (unique.length === 0) {
    throw new LayoutChangedError('zero items where items were expected', { sourceId, url: entryPoint.url });
  }
  return unique;
}

/** The per-item record of a printed date nobody can read: kept on the entry, never dropped silently. */
export function unreadableDate(printed: string): NonNullable<ListingEntry['failure']> {
  return { code: 'illformed', message: `unreadable date "${printed.slice(0, 80)}"` };
}

/** Options of {@link feedListing}. */
export interface FeedListingOptions {
  sourceId: string;
  dates: DateContext;
  /** Keeps only items whose resolved URL passes (e.g. the source's own hosts). */
  accept?: (url: string) => boolean;
  /** Builds the full article when the feed carries it (Atom with full text); null when it does not. */
  article?: (item: FeedItem, url: string, publishedAt: string | null) => Article | null;
}

/**
 * Turns an RSS/Atom document into listing entries: URLs resolved against the entry point, dates
 * read in the source's zone (mislabelled offsets corrected), titles and leads as text. An item
 * without a usable link cannot be an entry and is skipped; a feed with no entries left is
 * `layout_changed`.
 */
export async function feedListing(text: string, entryPoint: EntryPoint, options: FeedListingOptions): Promise<ListingEntry[]> {
  const context = { sourceId: options.sourceId, url: entryPoint.url };
  const feed = await parseFeed(text, context);
  const entries: ListingEntry[] = [];
  for (const item of feed.items) {
    const url = absoluteUrl(item.link ?? (item.id && /^https?:/.test(item.id) ? item.id : null), entryPoint.url);
    if (!url || (options.accept && !options.accept(url))) continue;
    const publishedAt = parseDate(item.publishedRaw, options.dates);
    const entry: ListingEntry = { url, title: item.title, publishedAt, lead: item.summary };
    if (item.publishedRaw && !publishedAt) entry.failure = unreadableDate(item.publishedRaw);
    try {
      const article = options.article?.(item, url, publishedAt);
      if (article) entry.article = article;
    } catch (error) {
      // One item's unreadable content is that item's failure; its page can still be fetched.
      if (!(error instanceof PipelineError) || !isFailureCode(error.code)) throw error;
      entry.failure = { code: error.code, message: error.message };
    }
    entries.push(entry);
  }
  return finishListing(entries, options.sourceId, entryPoint);
}

/** Below this many characters a feed's "content" is taken for a teaser, and the page is fetched instead. */
const TEASER_CHARS = 200;

/**
 * The article a feed item carries in full (`content:encoded`, `yandex:full-text`, Atom `content`),
 * or null when it carries only a teaser: then the entry's page is fetched.
 */
export function articleFromFeedItem(
  item: FeedItem,
  url: string,
  publishedAt: string | null,
  options: { language: Language; dropParagraphs?: readonly RegExp[]; /** True when the feed is known to carry full text, however short. */ fullText?: boolean },
): Article | null {
  if (!item.contentHtml || !item.title) return null;
  const $ = loadHtml(item.contentHtml);
  const bodyText = cleanBody(blockText($.root()), options.dropParagraphs);
  if (!bodyText || (!options.fullText && bodyText.length < TEASER_CHARS)) return null;
  const images: string[] = [];
  for (const src of [...item.enclosures.map((enclosure) => absoluteUrl(enclosure, url)), ...imageUrls($, $.root(), url)]) {
    if (src && !images.includes(src)) images.push(src);
  }
  return {
    url,
    title: item.title,
    publishedAt,
    author: item.author,
    lead: item.summary,
    bodyText,
    tags: item.categories,
    images,
    language: options.language,
    extractedBy: 'source',
  };
}

/** Options of {@link discoverLinks}. */
export interface LinkDiscoveryOptions {
  /** Path (and query) of article links, e.g. `/^\/news\/\d+\/?$/`. */
  path: RegExp;
  /** Hosts whose links count (the source's own). */
  hosts: readonly string[];
  dates: DateContext;
  /** Ancestors searched for a date around each link (default 3). */
  dateDepth?: number;
}

const DATE_IN_TEXT =
  /\d{1,2}\.\d{1,2}\.\d{4}(?:,?\s+\d{1,2}:\d{2})?|(?<![\d.])\d{2}\.\d{2}\.\d{2}(?![\d]|\.\d)(?:,?\s+\d{1,2}:\d{2})?|\d{1,2}\s+[а-яёa-z]+\.?\s+\d{4}(?:\s*(?:г\.?|года))?(?:,?\s*(?:в\s+)?\d{1,2}:\d{2})?|[a-z]+\.?\s+\d{1,2},\s+\d{4}/gi;

/** The first date printed in `text` that reads as one ("10.20.30" before "16.03.2018" is skipped), with what was printed. */
function firstDateIn(text: string, dates: DateContext): { printed: string; publishedAt: string | null } {
  let first = '';
  for (const match of text.matchAll(DATE_IN_TEXT)) {
    const publishedAt = parseDate(match[0], dates);
    if (publishedAt) return { printed: match[0], publishedAt };
    first ||= match[0];
  }
  return { printed: first, publishedAt: null };
}

/**
 * Link discovery on a list page whose markup is not known precisely: every link to an article
 * path on the source's hosts becomes an entry; its title is the link text (or its `title`), its date
 * the first date found in the nearest enclosing blocks that hold no other article's link.
 */
export function discoverLinks($: CheerioAPI, base: string, options: LinkDiscoveryOptions): ListingEntry[] {
  const articleUrl = (href: string | undefined): string | null => {
    const url = absoluteUrl(href, base);
    if (!url) return null;
    const parsed = new URL(url);
    return options.hosts.includes(parsed.hostname) && options.path.test(parsed.pathname + parsed.search) ? url : null;
  };
  /** Whether a block holds links to some other article: then its dates may be that article's. */
  const holdsOtherArticles = (scope: Element, url: string): boolean =>
    $(scope)
      .find('a[href]')
      .toArray()
      .some((other) => {
        const otherUrl = articleUrl(other.attribs.href);
        return otherUrl !== null && otherUrl !== url;
      });
  const byUrl = new Map<string, ListingEntry>();
  $('a[href]').each((_, anchor) => {
    const url = articleUrl(anchor.attribs.href);
    if (!url) return;
    // A whole card may be the link: its title element, not the card's text (which holds the date too).
    const heading = $(anchor).find('h1, h2, h3, h4, [class*="title" i]').first();
    const title = (heading.length ? inlineText(heading) : inlineText($(anchor))) || anchor.attribs.title?.trim() || null;
    let publishedAt: string | null = null;
    let scope: Element | null = anchor;
    for (let depth = 0; scope && depth <= (options.dateDepth ?? 3) && !publishedAt; depth++) {
      if (depth > 0 && holdsOtherArticles(scope, url)) break;
      const time = $(scope).find('time[datetime]').first().attr('datetime');
      publishedAt = parseDate(time, options.dates) ?? firstDateIn(inlineText($(scope)), options.dates).publishedAt;
      scope = scope.parent?.type === 'tag' ? (scope.parent as Element) : null;
    }
    const existing = byUrl.get(url);
    if (!existing) byUrl.set(url, { url, title, publishedAt, lead: null });
    else {
      // A card often links its picture and its headline: keep the longest text as the title.
      if (title && (!existing.title || title.length > existing.title.length)) existing.title = title;
      existing.publishedAt ??= publishedAt;
    }
  });
  return [...byUrl.values()];
}

/**
 * One known generation of a list page's markup, as data: where the cards are, and within each card
 * the article link, title, date and lead. Selectors are CSS, evaluated inside the card.
 */
export interface ListMarkup {
  /** Short name for reports and tests, e.g. `news-smi (2018 homepage, seen)`. */
  name: string;
  /** One element per item. */
  item: string;
  /** The article link inside a card; its text is the title unless `title` is given. */
  link: string;
  title?: string;
  /** The element whose `datetime` attribute or text is the date; without it the card's text is searched. */
  date?: string;
  lead?: string;
}

/**
 * Reads a list page by its known markup generations: every card of every generation whose link
 * leads to an article of the source becomes an entry (a page may show several kinds of card, as
 * asi.ru's news and announcement columns). A printed date nobody can read is kept as the entry's
 * failure. Returns [] when no generation matches, so that the caller can fall back to
 * {@link discoverLinks}.
 */
export function readListMarkup($: CheerioAPI, base: string, markups: readonly ListMarkup[], options: LinkDiscoveryOptions): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (const markup of markups) {
    $(markup.item).each((_, card) => {
      const links = $(card).find(markup.link).toArray();
      let url: string | null = null;
      let anchor: Element | undefined;
      for (const candidate of links) {
        const resolved = absoluteUrl((candidate as Element).attribs?.href, base);
        if (!resolved) continue;
        const parsed = new URL(resolved);
        if (options.hosts.includes(parsed.hostname) && options.path.test(parsed.pathname + parsed.search)) {
          url = resolved;
          anchor = candidate as Element;
          break;
        }
      }
      if (!url || !anchor) return;
      const title = (markup.title ? inlineText($(card).find(markup.title).first()) : inlineText($(anchor))) || anchor.attribs.title?.trim() || null;
      const dateElement = markup.date ? $(card).find(markup.date).first() : null;
      let printed: string;
      let publishedAt: string | null;
      if (dateElement?.length) {
        const attribute = dateElement.attr('datetime');
        printed = inlineText(dateElement) || attribute || '';
        publishedAt = parseDate(attribute, options.dates) ?? parseDate(inlineText(dateElement), options.dates);
      } else {
        ({ printed, publishedAt } = firstDateIn(inlineText($(card)), options.dates));
      }
      const lead = markup.lead ? inlineText($(card).find(markup.lead).first()) : '';
      const entry: ListingEntry = { url, title, publishedAt, lead: lead || null };
      if (printed && !publishedAt) entry.failure = unreadableDate(printed);
      entries.push(entry);
    });
  }
  return entries;
}
