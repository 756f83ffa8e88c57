import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSource } from '../../functions/core/ingest/ingest-source.js';
import type { SourceProfile } from '../../functions/core/source-definition.js';
import { overPlainHttp } from '../../functions/local/replay-server.js';
import { getSource } from '../../functions/sources/registry.js';
import { allRecords } from '../support/practices.js';
import { loopbackDeps, startLoopbackSite, type SitePage } from './loopback-site.js';

const economyFixture = (file: string) => readFileSync(path.resolve(import.meta.dirname, '..', 'sources', 'economy-gov-ru', 'fixtures', file), 'utf8');
const asi: SourceProfile = overPlainHttp([getSource('asi-ru')])[0]!;

// asi.ru's articles are read by the generic extractor: any well-formed news page does (these are
// economy.gov.ru pages, whose <h1> titles differ from the listing wording below).
const ARTICLES = new Map<string, SitePage>([
  ['asi.ru/news/201547/', { body: economyFixture('article-praktika.html') }],
  ['asi.ru/news/201540/', { body: economyFixture('article-rost.html') }],
]);

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function site(pages: Map<string, SitePage>) {
  const server = await startLoopbackSite(pages);
  closers.push(server.close);
  return server;
}

const articleHits = (hits: Map<string, number>) => [...ARTICLES.keys()].reduce((n, key) => n + (hits.get(key) ?? 0), 0);

describe('feed autodiscovery', () => {
  it('tries the feed an HTML list announces with <link rel="alternate"> when the list no longer parses, and keeps it', async () => {
    const pages = new Map<string, SitePage>([
      [
        'asi.ru/news/',
        {
          body: `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новости — АСИ</title>
<link rel="alternate" type="application/rss+xml" title="Новости АСИ" href="/news/rss/">
<link rel="alternate" hreflang="en" href="https://asi.ru/eng/news/"></head>
<body><div id="app">Загрузка…</div><script src="/bundle.js"></script></body></html>`,
        },
      ],
      [
        'asi.ru/news/rss/',
        {
          contentType: 'application/rss+xml; charset=utf-8',
          body: `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>АСИ</title><link>https://asi.ru/news/</link><description>Новости</description>
<item><title>Практику Челябинской области рекомендовали регионам</title><link>https://asi.ru/news/201547/</link><pubDate>Tue, 21 Nov 2023 16:20:00 +0300</pubDate></item>
<item><title>Экономика выросла</title><link>https://asi.ru/news/201540/</link><pubDate>Mon, 20 Nov 2023 19:00:00 +0300</pubDate></item>
</channel></rss>`,
        },
      ],
      ...ARTICLES,
    ]);
    const server = await site(pages);
    const deps = loopbackDeps(server.port);
    const run = await ingestSource(asi, deps);
    expect(run.outcome).toBe('success');
    expect(run.failures.map((f) => [f.entryPoint, f.code])).toEqual([['news-list', 'layout_changed']]);
    expect(run.itemsNew).toBe(2);
    const state = (await deps.sourceStates.get(asi.id))!;
    const feedUrl = expect.stringMatching(/^https?:\/\/asi\.ru\/news\/rss\/$/);
    expect(state.health.status).toBe('degraded');
    expect(state.health.workingEntryPoints).toEqual([{ url: feedUrl, label: 'discovered-rss', kind: 'rss', fallback: true, discovered: true }]);
    expect(state.discoveredFeeds).toEqual([{ url: feedUrl, kind: 'rss', group: 'main', foundOn: 'https://asi.ru/news/' }]);

    // The discovered feed worked: the next run reads it first, without the broken list.
    const again = await ingestSource(asi, deps, { force: true });
    expect(again.failures).toEqual([]);
    expect(server.hits.get('asi.ru/news/')).toBe(1);
    expect(server.hits.get('asi.ru/news/rss/')).toBe(2);
  }, 60_000);
});

describe('known articles whose listing title differs from the page title', () => {
  it('are fetched once, not on every run; a changed listing title fetches that article again', async () => {
    const list = (first: string) => ({
      body: `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новости</title></head><body><ul>
<li><a href="/news/201547/">${first}</a> <span>21.11.2023</span></li>
<li><a href="/news/201540/">Рост экономики в октябре составил 5,1%</a> <span>20.11.2023</span></li></ul></body></html>`,
    });
    const pages = new Map<string, SitePage>([['asi.ru/news/', list('Челябинская практика — в тираж')], ...ARTICLES]);
    const server = await site(pages);
    const deps = loopbackDeps(server.port);

    const first = await ingestSource(asi, deps);
    expect(first).toMatchObject({ outcome: 'success', itemsNew: 2, articlesFetched: 2 });
    // The stored titles are the pages' own, not the listing's wording.
    const titles = (await allRecords(deps.practices)).map((r) => r.sources[0]!.title).sort();
    expect(titles).not.toContain('Челябинская практика — в тираж');
    expect(articleHits(server.hits)).toBe(2);
    // Only listing titles that differ from the stored record's are kept in the source state (its size).
    const listed = new Map([['/news/201547/', 'Челябинская практика — в тираж'], ['/news/201540/', 'Рост экономики в октябре составил 5,1%']]);
    const differing = (await allRecords(deps.practices)).map((r) => r.sources[0]!).filter((s) => s.title !== listed.get(new URL(s.url).pathname)).map((s) => s.url).sort();
    expect(differing.map((url) => new URL(url).pathname)).toEqual(['/news/201547/']);
    expect(Object.keys((await deps.sourceStates.get(asi.id))!.listingTitleKeys ?? {}).sort()).toEqual(differing);

    const second = await ingestSource(asi, deps, { force: true });
    expect(second).toMatchObject({ outcome: 'success', itemsSeen: 2, itemsNew: 0, articlesFetched: 0 });
    expect(articleHits(server.hits)).toBe(2);

    // The listing retitles one article: that one is fetched again (a re-publication may have changed it).
    pages.set('asi.ru/news/', list('Челябинская практика рекомендована к тиражированию'));
    const third = await ingestSource(asi, deps, { force: true });
    expect(third).toMatchObject({ outcome: 'success', itemsNew: 0, articlesFetched: 1 });
    expect(server.hits.get('asi.ru/news/201547/')).toBe(2);
    expect(server.hits.get('asi.ru/news/201540/')).toBe(1);
  }, 60_000);
});
