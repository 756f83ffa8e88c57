import type { ListingEntry } from '../../core/model.js';
import type { EntryPoint, SourceParsers } from '../../core/source-definition.js';
import { articleRuleSelectors, parseArticlePage, UNKNOWN_LAYOUT } from './article.js';
import type { LinkListProfile } from './link-list-profile.js';
import { loadHtml } from './html.js';
import { articleFromFeedItem, discoverLinks, feedListing, finishListing, readListMarkup } from './listing.js';
import { sourceContext } from './source-context.js';

/**
 * The default parsers of a site whose markup is known only in part: RSS/Atom entry points go
 * through the feed parser; HTML lists through the profile's known list markup, else link discovery
 * by article path; articles through the profile's rules or the generic extractor (flagged `generic`).
 */
export function linkListParsers(profile: LinkListProfile): SourceParsers {
  const { sourceId, dates, onHosts } = sourceContext(profile);
  const { articlePath, articleRules = UNKNOWN_LAYOUT, listMarkup = [] } = profile.linkList;
  const language = profile.language;
  const htmlList = (text: string, entryPoint: EntryPoint): ListingEntry[] => {
    const $ = loadHtml(text, { sourceId, url: entryPoint.url });
    const options = { path: articlePath, hosts: profile.hosts, dates };
    const known = readListMarkup($, entryPoint.url, listMarkup, options);
    return finishListing(known.length > 0 ? known : discoverLinks($, entryPoint.url, options), sourceId, entryPoint);
  };
  return {
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'html-list'
        ? htmlList(text, entryPoint)
        : feedListing(text, entryPoint, {
            sourceId,
            dates,
            accept: onHosts,
            article: (item, url, publishedAt) => articleFromFeedItem(item, url, publishedAt, { language }),
          }),
    parseArticle: (text, url) => parseArticlePage(text, articleRules, { sourceId, url, dates, language }),
    selectors: {
      listing: {
        item: listMarkup.map((m) => m.item),
        link: listMarkup.map((m) => `${m.item} ${m.link}`),
        date: listMarkup.flatMap((m) => (m.date ? [`${m.item} ${m.date}`] : [])),
      },
      article: articleRuleSelectors(articleRules),
    },
  };
}
