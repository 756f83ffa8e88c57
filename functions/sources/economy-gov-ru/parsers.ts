import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceParsers, SourceProfile } from '../../core/source-definition.js';
import { parseArticlePage, UNKNOWN_LAYOUT } from '../shared/article.js';
import { parseDate } from '../shared/dates.js';
import { absoluteUrl, inlineText, loadHtml } from '../shared/html.js';
import { discoverLinks, feedListing, finishListing } from '../shared/listing.js';
import { sourceContext, type SourceContext } from '../shared/source-context.js';

const ARTICLE_PATH = /^\/material\/news\/[^/?#]+\.html$/;

/** Two reported generations of the list card, newest first: [card, link, date]. */
const CARD_GENERATIONS: ReadonlyArray<readonly [string, string, string]> = [
  ['div.e-news__content', 'a[href]', 'div.e-news__date'],
  ['article.e-news__item', 'header.e-title a[href], .e-title a[href]', 'div.e-date'],
];

function parseList(text: string, entryPoint: EntryPoint, { sourceId, dates }: SourceContext, hosts: readonly string[]): ListingEntry[] {
  const $ = loadHtml(text, { sourceId, url: entryPoint.url });
  for (const [card, link, date] of CARD_GENERATIONS) {
    const entries: ListingEntry[] = [];
    $(card).each((_, element) => {
      const anchor = $(element).find(link).first();
      const url = absoluteUrl(anchor.attr('href'), entryPoint.url);
      if (!url) return;
      entries.push({ url, title: inlineText(anchor) || null, publishedAt: parseDate(inlineText($(element).find(date)), dates), lead: null });
    });
    if (entries.length > 0) return finishListing(entries, sourceId, entryPoint);
  }
  // Neither known card matched: fall back to links with the article path, so a redesign degrades, not stops.
  return finishListing(discoverLinks($, entryPoint.url, { path: ARTICLE_PATH, hosts, dates }), sourceId, entryPoint);
}

/** economy.gov.ru's parsers: its news RSS (the shared feed parser), its list cards, and the generic extractor for articles (markup unknown). */
export function economyGovRuParsers(profile: SourceProfile): SourceParsers {
  const context = sourceContext(profile);
  return {
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'html-list'
        ? parseList(text, entryPoint, context, profile.hosts)
        : feedListing(text, entryPoint, { sourceId: context.sourceId, dates: context.dates, accept: context.onHosts }),
    parseArticle: (text, url) => parseArticlePage(text, UNKNOWN_LAYOUT, { sourceId: context.sourceId, url, dates: context.dates, language: profile.language }),
    selectors: {
      listing: { card: CARD_GENERATIONS.map(([card]) => card), link: CARD_GENERATIONS.map(([card, link]) => `${card} ${link}`), date: CARD_GENERATIONS.map(([card, , date]) => `${card} ${date}`) },
    },
  };
}
