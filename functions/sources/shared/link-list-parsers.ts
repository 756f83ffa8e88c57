import type { SourceParsers } from '../../core/source-definition.js';
import { articleRuleSelectors, parseArticlePage, UNKNOWN_LAYOUT } from './article.js';
import type { LinkListProfile } from './link-list-profile.js';
import { loadHtml } from './html.js';
import { articleFromFeedItem, discoverLinks, feedListing, finishListing } from './listing.js';
import { sourceContext } from './source-context.js';

/**
 * The default parsers of a site whose list markup is not known precisely: RSS/Atom entry points go
 * through the feed parser, HTML lists through link discovery by article path, articles through the
 * profile's rules or the generic extractor (flagged `generic`).
 */
export function linkListParsers(profile: LinkListProfile): SourceParsers {
  const { sourceId, dates, onHosts } = sourceContext(profile);
  const { articlePath, articleRules = UNKNOWN_LAYOUT } = profile.linkList;
  const language = profile.language;
  return {
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'html-list'
        ? finishListing(discoverLinks(loadHtml(text, { sourceId, url: entryPoint.url }), entryPoint.url, { path: articlePath, hosts: profile.hosts, dates }), sourceId, entryPoint)
        : feedListing(text, entryPoint, {
            sourceId,
            dates,
            accept: onHosts,
            article: (item, url, publishedAt) => articleFromFeedItem(item, url, publishedAt, { language }),
          }),
    parseArticle: (text, url) => parseArticlePage(text, articleRules, { sourceId, url, dates, language }),
    selectors: { article: articleRuleSelectors(articleRules) },
  };
}
