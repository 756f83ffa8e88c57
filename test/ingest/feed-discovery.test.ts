import { describe, expect, it } from 'vitest';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import * as registry from '../../functions/sources/registry.js';
import { discoverFeedLinks } from '../../functions/sources/shared/feed-discovery.js';

const page = `<!DOCTYPE html><html><head>
<link rel="alternate" type="application/rss+xml" title="Новости" href="/presscenter/news/rss/">
<link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://bashkortostan.ru/feed.atom">
<link rel="alternate" type="application/rss+xml" href="/presscenter/news/rss/">
<link rel="alternate" hreflang="en" href="https://bashkortostan.ru/en/">
<link rel="stylesheet" type="text/css" href="/main.css">
<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
</head><body><a href="/rss/" type="application/rss+xml">RSS</a></body></html>`;

describe('feed autodiscovery (<link rel="alternate">)', () => {
  it('finds RSS and Atom links, resolved against the page, each once, and nothing else', () => {
    expect(discoverFeedLinks(page, 'https://bashkortostan.ru/presscenter/news/')).toEqual([
      { url: 'https://bashkortostan.ru/presscenter/news/rss/', kind: 'rss' },
      { url: 'https://bashkortostan.ru/feed.atom', kind: 'atom' },
    ]);
    expect(discoverFeedLinks('<html><body>no head</body></html>', 'https://bashkortostan.ru/')).toEqual([]);
  });

  it('runs as a parse job of the real registry, and a registry without it answers none', async () => {
    const real = new InProcessDocumentParser({ registry });
    expect(await real.discoverFeeds({ kind: 'feeds', sourceId: 'bashkortostan-ru', url: 'https://bashkortostan.ru/presscenter/news/', text: page })).toHaveLength(2);
    const bare = new InProcessDocumentParser({ registry: { getSource: registry.getSource } });
    expect(await bare.discoverFeeds({ kind: 'feeds', sourceId: 'bashkortostan-ru', url: 'https://bashkortostan.ru/', text: page })).toEqual([]);
  });
});
