import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceDefinition } from '../../core/source-definition.js';
import { parseArticlePage, UNKNOWN_LAYOUT } from '../shared/article.js';
import { parseDate, type DateContext } from '../shared/dates.js';
import { DEFAULT_MIN_DELAY_MS, MOSCOW } from '../shared/defaults.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { discoverLinks, finishListing } from '../shared/listing.js';

const ID = 'economy-gov-ru';
const DATES: DateContext = { timeZone: MOSCOW };
const HOSTS = ['www.economy.gov.ru', 'economy.gov.ru'];
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

/**
 * economy.gov.ru, the Ministry of Economic Development (Минэкономразвития), co-author of most
 * replication announcements. No RSS is confirmed: the news list page (two reported card
 * generations, then link discovery). Article markup is unknown, so articles go to the generic extractor.
 */
export const economyGovRu: SourceDefinition = {
  id: ID,
  name: 'Минэкономразвития России (economy.gov.ru)',
  homepage: 'https://www.economy.gov.ru/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [{ url: 'https://www.economy.gov.ru/material/news/', kind: 'html-list', label: 'news-list', confirmed: false }],
  hosts: HOSTS,
  scheduleMinutes: 120,
  expectedCadenceHours: 48,
  timeZone: MOSCOW,
  charsetDefault: 'windows-1251',
  politeness: { minDelayMs: DEFAULT_MIN_DELAY_MS, respectRobots: true },
  confidence: 'reported',
  parseListing: parseList,
  parseArticle: (text, url) =>
    parseArticlePage(text, UNKNOWN_LAYOUT, { sourceId: ID, url, dates: DATES, language: 'ru' }),
};
