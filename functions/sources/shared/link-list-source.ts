import type { SourceDefinition } from '../../core/source-definition.js';
import { parseArticlePage, UNKNOWN_LAYOUT } from './article.js';
import type { DateContext } from './dates.js';
import { linkListProfile, type LinkListSourceSpec } from './link-list-profile.js';
import { loadHtml } from './html.js';
import { articleFromFeedItem, discoverLinks, feedListing, finishListing } from './listing.js';

export type { LinkListSourceSpec } from './link-list-profile.js';

/**
 * Builds the definition of a site whose list markup is not known precisely: RSS/Atom entry points
 * go through the feed parser, HTML lists through link discovery by article path, articles through
 * the given rules or the generic extractor (flagged `generic`).
 */
export function linkListSource(spec: LinkListSourceSpec): SourceDefinition {
  const profile = linkListProfile(spec);
  const dates: DateContext = { timeZone: profile.timeZone };
  const accept = (url: string): boolean => spec.hosts.includes(new URL(url).hostname);
  return {
    ...profile,
    parseListing: (text, entryPoint) =>
      entryPoint.kind === 'html-list'
        ? finishListing(discoverLinks(loadHtml(text, { sourceId: spec.id, url: entryPoint.url }), entryPoint.url, { path: spec.articlePath, hosts: spec.hosts, dates }), spec.id, entryPoint)
        : feedListing(text, entryPoint, {
            sourceId: spec.id,
            dates,
            accept,
            article: (item, url, publishedAt) => articleFromFeedItem(item, url, publishedAt, { language: spec.language }),
          }),
    parseArticle: (text, url) =>
      parseArticlePage(text, spec.articleRules ?? UNKNOWN_LAYOUT, {
        sourceId: spec.id,
        url,
        dates,
        language: spec.language,
      }),
  };
}
