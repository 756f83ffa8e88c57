import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceDefinition } from '../../core/source-definition.js';
import { parseArticlePage, type ArticleRules } from '../shared/article.js';
import { parseDate, type DateContext } from '../shared/dates.js';
import { MOSCOW, STALE_MOSCOW_OFFSET } from '../shared/defaults.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { feedListing, finishListing } from '../shared/listing.js';
import { canonicalNewsUrl, governmentRuProfile } from './profile.js';

const ID = governmentRuProfile.id;
/** government.ru `datetime` attributes say `+04:00` on Moscow clock times (seen, 2018). */
const DATES: DateContext = { timeZone: MOSCOW, mislabelledOffsets: [STALE_MOSCOW_OFFSET] };
const HOSTS = governmentRuProfile.hosts;

/** Reader markup (reported); the light `?ajax=reader` version carries the same classes. */
const ARTICLE_RULES: ArticleRules = {
  title: ['h3.reader_article_headline', 'h1.reader_article_headline', '.reader_article_headline'],
  body: ['div.reader_article_body'],
  date: ['.reader_article_dateline time[datetime]', '.reader_article_dateline', 'span.reader_article_dateline__date'],
  lead: ['div.reader_article_lead'],
  tags: ['li.reader_article_tags_item'],
  remove: ['p[class^=gallery]', '[class*=gallery]', 'script', 'style'],
};

/** The list markup seen in 2018: `div.headline` > `time[datetime]` + `a.headline__link`. */
function parseHtmlList(text: string, entryPoint: EntryPoint): ListingEntry[] {
  const $ = loadHtml(text, { sourceId: ID, url: entryPoint.url });
  const entries: ListingEntry[] = [];
  $('div.headline').each((_, headline) => {
    const element = $(headline);
    const link = element.find('a.headline__link').first();
    const href = absoluteUrl(link.attr('href'), entryPoint.url);
    if (!href) return;
    const time = element.find('.headline_date time, time').first();
    const lead = inlineText(element.find('.headline_lead'));
    entries.push({
      url: canonicalNewsUrl(href),
      title: inlineText(link.find('.headline_title_link')) || inlineText(link) || null,
      publishedAt: parseDate(time.attr('datetime'), DATES),
      lead: lead || null,
    });
  });
  return finishListing(entries, ID, entryPoint);
}

/** government-ru: its profile (see `profile.ts`) with its parsers. */
export const governmentRu: SourceDefinition = {
  ...governmentRuProfile,
  parseListing: (text, entryPoint) =>
    entryPoint.kind === 'html-list'
      ? parseHtmlList(text, entryPoint)
      : feedListing(text, entryPoint, { sourceId: ID, dates: DATES, accept: (url) => HOSTS.includes(new URL(url).hostname) }),
  parseArticle: (text, url) =>
    parseArticlePage(text, ARTICLE_RULES, { sourceId: ID, url, canonicalUrl: canonicalNewsUrl(url), dates: DATES, language: 'ru' }),
};
