import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceParsers, SourceProfile } from '../../core/source-definition.js';
import { parseArticlePage, type ArticleRules } from '../shared/article.js';
import { parseDate } from '../shared/dates.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { articleFromFeedItem, feedListing, finishListing, unreadableDate } from '../shared/listing.js';
import { sourceContext, type SourceContext } from '../shared/source-context.js';
/** The trailing "published in sections" line is site navigation, not text. */
const CHROME = [/^Опубликован[оа]? в раздел/i, /^Published in sections?:/i];

const ARTICLE_RULES: ArticleRules = {
  title: ['h1.entry-title', 'h1.p-name', 'h1'],
  body: ['div.entry-content.read__internal_content', 'div.read__internal_content', 'div.entry-content'],
  date: ['time.read__published', 'time[itemprop=datePublished]'],
  lead: ['div.read__lead', '.read__lead'],
  tags: ['.read__tags a', 'ul.read__tags li'],
  remove: ['.read__bottommeta', '.read__tagscol', 'script', 'style'],
  dropParagraphs: CHROME,
};

/**
 * kremlin.ru numbers every event once, but lists it under several sections
 * (`/events/president/news/72801`, `/events/state-council/72801`): keep the first of each id.
 */
function oncePerId(entries: ListingEntry[]): ListingEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => {
    const id = /\/(\d+)\/?$/.exec(new URL(entry.url).pathname)?.[1];
    if (!id) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * The HTML list markup, two generations (both seen): the 2018 homepage's `div.hentry` cards, with
 * `data-url` or only an `h3 a`, whose `time` carries the day and the card's `.hentry__meta[title]`
 * "16.03.2018, 16:45" the clock time; and the 2026 `div.hentry.h-entry` cards (`hentry_doc` on
 * `/acts/news`), with `data-id` instead of `data-url`, the title in `span.p-name` and the `time`
 * in a `span.hentry__meta` inside the link. Links to other hosts are not the site's items.
 */
function parseHtmlList(text: string, entryPoint: EntryPoint, { sourceId, dates, onHosts }: SourceContext): ListingEntry[] {
  const $ = loadHtml(text, { sourceId, url: entryPoint.url });
  const entries: ListingEntry[] = [];
  $('div.hentry, div.h-entry').each((_, card) => {
    const element = $(card);
    const link = element.find('.hentry__title a[href], h3 a[href], a[rel~=bookmark], a[itemprop=url]').first();
    const url = absoluteUrl(element.attr('data-url') ?? link.attr('href'), entryPoint.url);
    if (!url || !onHosts(url)) return;
    const named = element.find('[itemprop=name], .p-name, .entry-title').first();
    // Without a name element the heading's text, less the date that the newer cards print inside it.
    const heading = element.find('.hentry__title').first().clone();
    heading.find('.hentry__meta, time').remove();
    const title = inlineText(named) || inlineText(heading);
    const meta = element.find('.hentry__meta').first();
    const time = element.find('time[itemprop=datePublished], time.dt-published, time[datetime]').first();
    const publishedAt =
      parseDate(meta.attr('title'), dates) ?? parseDate(inlineText(time), dates) ?? parseDate(time.attr('datetime'), dates);
    const entry: ListingEntry = { url, title: title || null, publishedAt, lead: null };
    const printed = inlineText(time) || time.attr('datetime');
    if (printed && !publishedAt) entry.failure = unreadableDate(printed);
    entries.push(entry);
  });
  return finishListing(entries, sourceId, entryPoint);
}

/**
 * kremlin.ru's parsers: its Atom feeds, whose `content` is the article's full HTML (no page fetch
 * needed), its list page, and its article pages. It prints `+04:00` on Moscow clock times (the
 * pre-2014 offset): the profile's mislabelled offset.
 */
export function kremlinRuParsers(profile: SourceProfile): SourceParsers {
  const context = sourceContext(profile);
  const { sourceId, dates, onHosts } = context;
  const language = profile.language;
  return {
    parseListing: async (text, entryPoint) =>
      oncePerId(
        entryPoint.kind === 'html-list'
          ? parseHtmlList(text, entryPoint, context)
          : await feedListing(text, entryPoint, {
              sourceId,
              dates,
              accept: onHosts,
              article: (item, url, publishedAt) => articleFromFeedItem(item, url, publishedAt, { language, dropParagraphs: CHROME, fullText: true }),
            }),
      ),
    parseArticle: (text, url) => parseArticlePage(text, ARTICLE_RULES, { sourceId, url, dates, language }),
  };
}
