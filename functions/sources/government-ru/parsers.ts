import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceParsers, SourceProfile } from '../../core/source-definition.js';
import { parseArticlePage, type ArticleRules } from '../shared/article.js';
import { parseDate } from '../shared/dates.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { feedListing, finishListing } from '../shared/listing.js';
import { sourceContext, type SourceContext } from '../shared/source-context.js';
import { canonicalNewsUrl } from './profile.js';

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
function parseHtmlList(text: string, entryPoint: EntryPoint, { sourceId, dates }: SourceContext): ListingEntry[] {
  const $ = loadHtml(text, { sourceId, url: entryPoint.url });
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
      publishedAt: parseDate(time.attr('datetime'), dates),
      lead: lead || null,
    });
  });
  return finishListing(entries, sourceId, entryPoint);
}

/**
 * government.ru's parsers: its news feed, its list page and its reader articles. Its `datetime`
 * attributes say `+04:00` on Moscow clock times (seen, 2018): the profile's mislabelled offset.
 */
export function governmentRuParsers(profile: SourceProfile): SourceParsers {
  const context = sourceContext(profile);
  const { sourceId, dates, onHosts } = context;
  return {
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'html-list' ? parseHtmlList(text, entryPoint, context) : feedListing(text, entryPoint, { sourceId, dates, accept: onHosts }),
    parseArticle: (text, url) => parseArticlePage(text, ARTICLE_RULES, { sourceId, url, canonicalUrl: canonicalNewsUrl(url), dates, language: profile.language }),
  };
}
