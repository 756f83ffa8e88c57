import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceDefinition } from '../../core/source-definition.js';
import { parseArticlePage, type ArticleRules } from '../shared/article.js';
import { parseDate, type DateContext } from '../shared/dates.js';
import { MOSCOW, STALE_MOSCOW_OFFSET } from '../shared/defaults.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { articleFromFeedItem, feedListing, finishListing } from '../shared/listing.js';
import { kremlinRuProfile } from './profile.js';

const ID = kremlinRuProfile.id;
/** kremlin.ru prints `+04:00` on Moscow clock times (the pre-2014 offset): read them as Moscow time. */
const DATES: DateContext = { timeZone: MOSCOW, mislabelledOffsets: [STALE_MOSCOW_OFFSET] };
const HOSTS = kremlinRuProfile.hosts;
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

function isKremlinUrl(url: string): boolean {
  return HOSTS.includes(new URL(url).hostname);
}

/**
 * The HTML list markup (seen in a 2018 capture): `div.hentry[data-url]` cards whose `time` carries
 * only the day; the card's `title` attribute "16.03.2018, 16:45" gives the clock time when present.
 */
function parseHtmlList(text: string, entryPoint: EntryPoint): ListingEntry[] {
  const $ = loadHtml(text, { sourceId: ID, url: entryPoint.url });
  const entries: ListingEntry[] = [];
  $('div.hentry').each((_, card) => {
    const element = $(card);
    const url = absoluteUrl(element.attr('data-url') ?? element.find('h3 a, .hentry__title a').attr('href'), entryPoint.url);
    if (!url) return;
    const title = inlineText(element.find('[itemprop=name]')) || inlineText(element.find('.hentry__title'));
    const meta = element.find('.hentry__meta').first();
    const time = element.find('time[itemprop=datePublished]').first();
    const publishedAt =
      parseDate(meta.attr('title'), DATES) ?? parseDate(inlineText(time), DATES) ?? parseDate(time.attr('datetime'), DATES);
    entries.push({ url, title: title || null, publishedAt, lead: null });
  });
  return finishListing(entries, ID, entryPoint);
}

/** kremlin-ru: its profile (see `profile.ts`) with its parsers. */
export const kremlinRu: SourceDefinition = {
  ...kremlinRuProfile,
  parseListing: async (text, entryPoint) =>
    oncePerId(
      entryPoint.kind === 'html-list'
        ? parseHtmlList(text, entryPoint)
        : await feedListing(text, entryPoint, {
            sourceId: ID,
            dates: DATES,
            accept: isKremlinUrl,
            // The Atom `content` is the article's full HTML: no page fetch needed.
            article: (item, url, publishedAt) => articleFromFeedItem(item, url, publishedAt, { language: 'ru', dropParagraphs: CHROME, fullText: true }),
          }),
    ),
  parseArticle: (text, url) =>
    parseArticlePage(text, ARTICLE_RULES, { sourceId: ID, url, dates: DATES, language: 'ru' }),
};
