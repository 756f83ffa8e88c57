import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestSource, PRIMARY_RETRY_MS } from '../../functions/core/ingest/ingest-source.js';
import type { SourceProfile } from '../../functions/core/source-definition.js';
import { overPlainHttp } from '../../functions/local/replay-server.js';
import { getSource } from '../../functions/sources/registry.js';
import { allRecords } from '../support/practices.js';
import { loopbackDeps, startLoopbackSite, type SitePage } from './loopback-site.js';

const fixtures = (id: string, file: string) => readFileSync(path.resolve(import.meta.dirname, '..', 'sources', id, 'fixtures', file), 'utf8');
const viaHttp = (id: string): SourceProfile => overPlainHttp([getSource(id)])[0]!;

const RSS = 'economy.gov.ru/material/news.rss';
const LIST = 'www.economy.gov.ru/material/news/';
const PRAKTIKA = 'www.economy.gov.ru/material/news/minekonomrazvitiya_i_asi_rekomendovali_k_tirazhirovaniyu_praktiku_chelyabinskoy_oblasti.html';
const ROST = 'www.economy.gov.ru/material/news/rost_ekonomiki_v_oktyabre_sostavil_5_1.html';

/** economy.gov.ru as the fixtures show it; `rss` replaces its feed (absent: 404). */
function economySite(rss?: SitePage): Map<string, SitePage> {
  const pages = new Map<string, SitePage>([
    [LIST, { body: fixtures('economy-gov-ru', 'news-list.html') }],
    [PRAKTIKA, { body: fixtures('economy-gov-ru', 'article-praktika.html') }],
    [ROST, { body: fixtures('economy-gov-ru', 'article-rost.html') }],
  ]);
  if (rss) pages.set(RSS, rss);
  return pages;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function site(pages: Map<string, SitePage>) {
  const server = await startLoopbackSite(pages);
  closers.push(server.close);
  return server;
}

describe('entry-point fallback over a loopback HTTP server', () => {
  it('falls back from a feed that serves HTML (not_a_feed) to the HTML list, says degraded, and prefers the list next run', async () => {
    const source = viaHttp('economy-gov-ru');
    const server = await site(economySite({ contentType: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html><body><h1>Технические работы</h1></body></html>' }));
    const deps = loopbackDeps(server.port);

    const first = await ingestSource(source, deps);
    expect(first.outcome).toBe('success');
    expect(first.failures).toEqual([{ entryPoint: 'news-rss', code: 'not_a_feed', message: expect.any(String) }]);
    expect(first.itemsNew).toBe(2);
    const state = await deps.sourceStates.get(source.id);
    expect(state!.health.status).toBe('degraded');
    expect(state!.health.workingEntryPoints).toEqual([{ url: 'https://www.economy.gov.ru/material/news/', label: 'news-list', kind: 'html-list', fallback: true }]);
    expect(state!.health.degradedReasons!.join('\n')).toMatch(/fallback entry point news-list .*news-rss not_a_feed/);
    expect(state!.entryPointChoice).toMatchObject({ main: { url: 'https://www.economy.gov.ru/material/news/' } });

    // Next run: the list that worked is read first; the feed is left alone.
    const second = await ingestSource(source, deps, { force: true });
    expect(second.outcome).toBe('success');
    expect(second.failures).toEqual([]);
    expect(server.hits.get(RSS)).toBe(1);
    expect(server.hits.get(LIST)).toBe(2);
    expect((await deps.sourceStates.get(source.id))!.health.status).toBe('degraded');

    // A day later the feed is tried again first; repaired, it is used and the source is ok again.
    const repaired = await site(economySite({ contentType: 'application/rss+xml; charset=utf-8', body: fixtures('economy-gov-ru', 'news-rss.xml') }));
    const third = await ingestSource(source, loopbackDepsSharing(repaired.port, deps, Date.now() + PRIMARY_RETRY_MS + 60_000), { force: true });
    expect(third.outcome).toBe('success');
    expect(third.failures).toEqual([]);
    expect(repaired.hits.get(RSS)).toBe(1);
    expect(repaired.hits.get(LIST)).toBeUndefined();
    const healed = await deps.sourceStates.get(source.id);
    expect(healed!.health.workingEntryPoints).toEqual([{ url: 'https://economy.gov.ru/material/news.rss', label: 'news-rss', kind: 'rss', fallback: false }]);
    expect(healed!.health.degradedReasons!.some((reason) => reason.includes('fallback'))).toBe(false);
  }, 60_000);

  it('falls back on http_4xx, and stops the chain (no fallback) on a 5xx: the site, not the entry point, is down', async () => {
    const source = viaHttp('economy-gov-ru');
    const missing = await site(economySite());
    const deps = loopbackDeps(missing.port);
    const run = await ingestSource(source, deps);
    expect(run.outcome).toBe('success');
    expect(run.failures.map((f) => [f.entryPoint, f.code])).toEqual([['news-rss', 'http_4xx']]);
    expect((await deps.sourceStates.get(source.id))!.health.status).toBe('degraded');
    const stored = await allRecords(deps.practices);
    expect(stored).toHaveLength(2);

    // The list it now prefers answers 503: the chain stops there (another URL of a struggling host would only add load).
    const down = await site(new Map([[LIST, { status: 503, contentType: 'text/plain', body: 'maintenance' }]]));
    const failed = await ingestSource(source, loopbackDepsSharing(down.port, deps), { force: true });
    expect(failed.outcome).toBe('failure');
    expect(failed.failures.map((f) => [f.entryPoint, f.code])).toEqual([['news-list', 'http_5xx']]);
    expect(down.hits.get(RSS)).toBeUndefined();
    expect((await deps.sourceStates.get(source.id))!.health).toMatchObject({ status: 'failing', lastErrorCode: 'http_5xx' });
    // Nothing stored was deleted or changed by the failure.
    expect((await allRecords(deps.practices)).map((r) => [r.id, r.editorial.version])).toEqual(stored.map((r) => [r.id, r.editorial.version]));
  }, 60_000);
});

/** Dependencies on another loopback port that share `base`'s storage (a site that changed between runs). */
function loopbackDepsSharing(port: number, base: ReturnType<typeof loopbackDeps>, at?: number) {
  const deps = loopbackDeps(port, at === undefined ? () => new Date() : () => new Date(at));
  return { ...deps, practices: base.practices, sourceStates: base.sourceStates, rawPages: base.rawPages };
}
