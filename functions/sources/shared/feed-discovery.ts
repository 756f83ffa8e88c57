import type { DiscoveredFeed } from '../../core/ports.js';
import { absoluteUrl, loadHtml } from './html.js';

const FEED_TYPES: Record<string, DiscoveredFeed['kind']> = {
  'application/rss+xml': 'rss',
  'application/atom+xml': 'atom',
};

/**
 * The feeds an HTML page announces with `<link rel="alternate" type="application/rss+xml">` (or
 * `atom+xml`), resolved against the page URL, in document order, each once. Entry-point fallback
 * tries them when a source's own entry points fail; the source doctor shows them as a suggestion.
 */
export function discoverFeedLinks(html: string, pageUrl: string): DiscoveredFeed[] {
  const $ = loadHtml(html, { url: pageUrl });
  const feeds: DiscoveredFeed[] = [];
  $('link[rel][type][href]').each((_, element) => {
    const rel = (element.attribs.rel ?? '').toLowerCase().split(/\s+/);
    const kind = FEED_TYPES[(element.attribs.type ?? '').toLowerCase().split(';')[0]!.trim()];
    if (!rel.includes('alternate') || !kind) return;
    const url = absoluteUrl(element.attribs.href, pageUrl);
    if (url && /^https?:/.test(url) && !feeds.some((feed) => feed.url === url)) feeds.push({ url, kind });
  });
  return feeds;
}
