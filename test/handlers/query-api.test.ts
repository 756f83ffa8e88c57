import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practiceObservation, seedPractices } from '../../scripts/bench/seed-practices.js';
import { readJson, startApiHarness, type ApiHarness, type Backend } from './api-harness.js';
import { storageBackends } from '../support/stack.js';

async function getJson(h: ApiHarness, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.baseUrl}${path}`, { headers });
  const text = await response.text();
  return { response, body: text ? JSON.parse(text) : null };
}

describe.each<Backend>(storageBackends(['memory', 'dynamo']))('query API over %s storage, through the HTTP bridge', (backend) => {
  let h: ApiHarness;
  let approved: string[];
  let pendingId: string;
  let rawId: string;

  beforeAll(async () => {
    h = await startApiHarness(backend);
    approved = await seedPractices(h.repo, 30);
    pendingId = (await h.repo.recordObservation(practiceObservation(1000))).id;
    // An approved record whose source has a stored raw snapshot: hostile HTML in windows-1251.
    const html = '<html><script>alert(1)</script><p>Практика «Тест»</p></html>';
    const { key } = await h.rawPages.put({
      bytes: new Uint8Array(Buffer.from(new TextEncoder().encode(html))).map((b) => b),
      meta: { sourceId: 'mos-ru-news', url: 'https://www.mos.ru/news/item/1', status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt: '2025-01-01T00:00:00Z', charset: 'utf-8' },
    });
    const observation = practiceObservation(2000);
    observation.source.rawKey = key;
    rawId = (await h.repo.recordObservation(observation)).id;
    await h.repo.applyEditorAction({ id: rawId, expectedVersion: 1, action: { type: 'approve' }, actor: 'seed', requestToken: 'seed-raw', at: '2025-01-02T00:00:00Z' });
  }, 120_000);
  afterAll(() => h?.close());

  it('lists approved announcements only, newest first, with raw links and public caching', async () => {
    const { response, body } = await getJson(h, '/practices?limit=100');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const ids = body.items.map((p: { id: string }) => p.id);
    expect(new Set(ids)).toEqual(new Set([...approved, rawId]));
    expect(ids).not.toContain(pendingId);
    const dates = body.items.map((p: { publishedAt: string }) => Date.parse(p.publishedAt));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect(body.items[0]).not.toHaveProperty('status');
    expect(body.items[0]).not.toHaveProperty('bodyText');
    const withRaw = body.items.find((p: { id: string }) => p.id === rawId);
    expect(withRaw.sources[0].rawUrl).toBe(`/practices/${rawId}/raw/0`);
    expect(body.nextCursor).toBeNull();
  });

  it('filters by region, source and words, and rejects malformed or unknown parameters with problem+json', async () => {
    const { body: byRegion } = await getJson(h, '/practices?region=ru-mow&limit=100');
    expect(byRegion.items.length).toBeGreaterThan(0);
    for (const p of byRegion.items) expect(p.regions.map((r: { code: string }) => r.code)).toContain('RU-MOW');
    const { body: bySource } = await getJson(h, '/practices?source=asi-ru&limit=100');
    expect(bySource.items.length).toBeGreaterThan(0);
    for (const p of bySource.items) expect(p.sources.map((s: { sourceId: string }) => s.sourceId)).toContain('asi-ru');
    const { body: byWords } = await getJson(h, `/practices?q=${encodeURIComponent('школа фермера')}&limit=100`);
    expect(byWords.items.length).toBeGreaterThan(0);
    for (const p of byWords.items) expect(p.title.toLowerCase()).toContain('школа фермера');

    for (const bad of ['region=Moscow', 'limit=0', 'limit=101', 'from=yesterday', 'colour=red', 'source=../etc']) {
      const { response, body } = await getJson(h, `/practices?${bad}`);
      expect({ bad, status: response.status, type: response.headers.get('content-type') }).toEqual({ bad, status: 400, type: 'application/problem+json' });
      expect(body).toMatchObject({ status: 400, title: 'Bad Request' });
    }
  });

  it('pages with signed cursors: each record exactly once; a tampered or re-bound cursor is a 400', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const { body } = await getJson(h, `/practices?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...body.items.map((p: { id: string }) => p.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 50);
    expect(seen).toHaveLength(approved.length + 1);
    expect(new Set(seen).size).toBe(seen.length);

    const { body: first } = await getJson(h, '/practices?limit=5');
    const good: string = first.nextCursor;
    expect(good).toEqual(expect.any(String));
    const [token, mac] = good.split('.') as [string, string];
    const forgedToken = Buffer.from(`${Buffer.from(token, 'base64url').toString()}x`).toString('base64url');
    for (const bad of [`${forgedToken}.${mac}`, `${token}.${mac.slice(0, -2)}AA`, 'garbage']) {
      const { response, body } = await getJson(h, `/practices?limit=5&cursor=${encodeURIComponent(bad)}`);
      expect(response.status).toBe(400);
      expect(body.detail).toBe('invalid cursor');
    }
    const { response: rebound } = await getJson(h, `/practices?limit=5&region=RU-MOW&cursor=${encodeURIComponent(good)}`);
    expect(rebound.status).toBe(400);
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 with a new ETag after a change', async () => {
    const first = await fetch(`${h.baseUrl}/practices/${approved[0]}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${h.baseUrl}/practices/${approved[0]}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const weak = await fetch(`${h.baseUrl}/practices/${approved[0]}`, { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(weak.status).toBe(304);
    await h.repo.applyEditorAction({ id: approved[0]!, expectedVersion: 2, action: { type: 'edit', overrides: { title: 'Новый заголовок' } }, actor: 'e', requestToken: 'etag-edit', at: '2025-03-01T00:00:00Z' });
    const changed = await fetch(`${h.baseUrl}/practices/${approved[0]}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await readJson(changed)).title).toBe('Новый заголовок');
  });

  it('hides records the public may not see behind 404, and 404s unknown routes as problems', async () => {
    const { response, body } = await getJson(h, `/practices/${pendingId}`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(body).toMatchObject({ status: 404, type: 'urn:practice-watch:problem:not-found', instance: `/practices/${pendingId}` });
    const unknown = await fetch(`${h.baseUrl}/nothing/here`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
  });

  it('serves a raw snapshot as a text/plain attachment that no browser renders', async () => {
    const response = await fetch(`${h.baseUrl}/practices/${rawId}/raw/0`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${rawId}-0.txt"`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(await response.text()).toContain('<script>alert(1)</script><p>Практика «Тест»</p>');
    expect((await fetch(`${h.baseUrl}/practices/${rawId}/raw/1`)).status).toBe(404);
    expect((await fetch(`${h.baseUrl}/practices/${rawId}/raw/x`)).status).toBe(400);
    expect((await fetch(`${h.baseUrl}/practices/${pendingId}/raw/0`)).status).toBe(404);
  });

  it('lists every registered source with its health, never-run when it has no state yet', async () => {
    const now = '2025-05-01T00:00:00.000Z';
    await h.sourceStates.put(
      {
        sourceId: h.sources[0]!.id,
        validators: {},
        health: { sourceId: h.sources[0]!.id, lastAttemptAt: now, lastSuccessAt: null, lastNewItemAt: null, consecutiveFailures: 3, lastErrorCode: 'http_5xx', lastErrorMessage: 'HTTP 503', lastItemCount: null, lastNewItemCount: null, expectedCadenceHours: 24, backoffUntil: null, status: 'failing' },
        lastRun: null,
        version: 0,
      },
      0,
    );
    const { response, body } = await getJson(h, '/sources');
    expect(response.status).toBe(200);
    expect(body.items.map((s: { id: string }) => s.id)).toEqual(h.sources.map((s) => s.id));
    expect(body.items[0].health).toMatchObject({ status: 'failing', consecutiveFailures: 3, lastErrorCode: 'http_5xx' });
    expect(body.items[1].health).toMatchObject({ status: 'never-run', sourceId: h.sources[1]!.id });
    expect(body.items[1]).toMatchObject({ name: h.sources[1]!.name, homepage: h.sources[1]!.homepage, scheduleMinutes: h.sources[1]!.scheduleMinutes });
  });

  it('serves a well-formed Atom 1.0 feed of the same listing, escaped, with stable ids and ETag/304', async () => {
    // A record whose title is hostile markup: it must arrive as text.
    const observation = practiceObservation(3000);
    observation.extraction.title = 'Практика <script>alert("x")</script> & «кавычки» \u0001';
    const id = (await h.repo.recordObservation(observation)).id;
    await h.repo.applyEditorAction({ id, expectedVersion: 1, action: { type: 'approve' }, actor: 'seed', requestToken: 'seed-atom', at: '2025-01-03T00:00:00Z' });

    const response = await fetch(`${h.baseUrl}/practices.atom?limit=100`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('<script>');
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'category'].includes(name) }).parse(xml).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.link.find((l: Record<string, string>) => l['@_rel'] === 'self')['@_href']).toBe('http://api.test/practices.atom?limit=100');
    expect(Date.parse(feed.updated)).not.toBeNaN();
    const { body: list } = await getJson(h, '/practices?limit=100');
    expect(feed.entry.map((e: { id: string }) => e.id)).toEqual(list.items.map((p: { id: string }) => `urn:practice-watch:${p.id}`));
    const hostile = feed.entry.find((e: { id: string }) => e.id === `urn:practice-watch:${id}`);
    // Parsed back, the escaped markup is the original text (the control character dropped).
    expect(hostile.title['#text'].trim()).toBe('Практика <script>alert("x")</script> & «кавычки»');
    for (const entry of feed.entry) {
      expect(entry.updated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(entry.link.some((l: Record<string, string>) => l['@_rel'] === 'alternate')).toBe(true);
    }
    const etag = response.headers.get('etag')!;
    expect((await fetch(`${h.baseUrl}/practices.atom?limit=100`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const filtered = await (await fetch(`${h.baseUrl}/practices.atom?region=RU-CHE`)).text();
    expect(XMLValidator.validate(filtered)).toBe(true);
    expect(filtered.split('<entry>').length - 1).toBe(list.items.filter((p: { regions: Array<{ code: string }> }) => p.regions.some((r) => r.code === 'RU-CHE')).length);
  });
});
