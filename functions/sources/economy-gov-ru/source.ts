import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceDefinition } from '../../core/source-definition.js';
import { parseArticlePage, UNKNOWN_LAYOUT } from '../shared/article.js';
import { parseDate, type DateContext } from '../shared/dates.js';
import { MOSCOW } from '../shared/defaults.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { discoverLinks, finishListing } from '../shared/listing.js';
import { economyGovRuProfile } from './profile.js';

const ID = economyGovRuProfile.id;
const DATES: DateContext = { timeZone: MOSCOW };
const HOSTS = economyGovRuProfile.hosts;
const ARTICLE_PATH = /^\/material\/news\/[^/?#]+\.html$/;

/** Two reported generations of the list card, newest first: [card, link, date]. */
const CARD_GENERATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['div.e-news__content', 'a[href]', 'div.e-news__date'],
  ['article.e-news__item', 'header.e-title a[href], .e-title a[href]', 'div.e-date'],
];

function parseList(text: string, entryPoint: EntryPoint): ListingEntry[] {
  const $ = loadHtml(text, { sourceId: ID, url: entryPoint.url });
  for (const [card, link, date] of CARD_GENERATIONS) {
    const entries: ListingEntry[] = [];
    $(card).each((_, element) => {
      const anchor = $(element).find(link).first();
      const url = absoluteUrl(anchor.attr('href'), entryPoint.url);
      if (!url) return;
      entries.push({ url, title: inlineText(anchor) || null, publishedAt: parseDate(inlineText($(element).find(date)), DATES), lead: null });
    });
    if (entries.length > 0) return finishListing(entries, ID, entryPoint);
  }
  // Neither known card matched: fall back to links with the article path, so a redesign degrades, not stops.
  return finishListing(discoverLinks($, entryPoint.url, { path: ARTICLE_PATH, hosts: HOSTS, dates: DATES }), ID, entryPoint);
}

/** economy-gov-ru: its profile (see `profile.ts`) with its parsers. */
export const economyGovRu: SourceDefinition = {
  ...economyGovRuProfile,
  parseListing: parseList,
  parseArticle: (text, url) =>
    parseArticlePage(text, UNKNOWN_LAYOUT, { sourceId: ID, url, dates: DATES, language: 'ru' }),
};
