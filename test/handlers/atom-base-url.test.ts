import { get } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueryApiDependencies } from '../../functions/composition/api.js';
import type { Storage } from '../../functions/composition/storage.js';
import { loadConfig } from '../../functions/config.js';
import { effectiveRecord } from '../../functions/core/practices/practice-identity.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { startApiHarness, type ApiHarness } from './api-harness.js';

function getRaw(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

describe("the Atom feed's links", () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness('memory');
    const id = (await h.repo.recordObservation(practiceObservation(7500))).id;
    await h.repo.applyEditorAction({ id, expectedVersion: 1, action: { type: 'approve' }, actor: 'anna', requestToken: 'atom-1', at: '2025-06-01T10:00:00.000Z' });
  });
  afterAll(() => h?.close());

  it('come from the configured public base URL whatever Host or X-Forwarded-* a client sends', async () => {
    // node:http, because fetch does not let a caller choose the Host header.
    const hostile = await getRaw(`${h.baseUrl}/practices.atom?limit=5`, { host: 'evil.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
    expect(hostile.status).toBe(200);
    const text = hostile.body;
    expect(text).not.toContain('evil.example');
    const feed = new XMLParser({ ignoreAttributes: false }).parse(text).feed;
    const links = [feed.link, feed.entry?.link].flat(2).filter(Boolean) as Array<Record<string, string>>;
    const own = links.filter((l) => l['@_rel'] !== 'alternate').map((l) => String(l['@_href']));
    expect(own.length).toBeGreaterThanOrEqual(2);
    for (const href of own) expect(href.startsWith('http://api.test/')).toBe(true);
    expect(feed.id).toBe('http://api.test/practices.atom?limit=5');
    // The same bytes for every Host: a shared cache cannot be poisoned through it.
    const plain = await (await fetch(`${h.baseUrl}/practices.atom?limit=5`)).text();
    expect(plain).toBe(text);
  });

  it("hold for the regions' feeds too", async () => {
    const item = (await h.repo.listPublic({}, { limit: 5 })).items[0]!;
    const code = effectiveRecord(item).regions[0]?.code ?? 'RU-MOW';
    const hostile = await getRaw(`${h.baseUrl}/regions/${code}/feed.atom`, { host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    expect(hostile.status).toBe(200);
    expect(hostile.body).not.toContain('evil.example');
    expect(hostile.body).toContain(`http://api.test/regions/${code}/feed.atom`);
  });

  it('reach the query function from the configuration, as Lambda and npm start build it', () => {
    const config = loadConfig({ PUBLIC_BASE_URL: 'https://api.example.org' });
    const storage = { practices: {}, sourceStates: {}, rawPages: {} } as unknown as Storage;
    expect(createQueryApiDependencies(config, storage, []).publicBaseUrl).toBe('https://api.example.org');
  });

  it('is configured by PUBLIC_BASE_URL: http(s) only, no query or fragment, defaulting to the local port', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://api.example.org/v1/' }).publicBaseUrl).toBe('https://api.example.org/v1');
    expect(loadConfig({ PORT: '4123' }).publicBaseUrl).toBe('http://localhost:4123');
    for (const bad of ['ftp://api.example.org', 'javascript:alert(1)', 'https://api.example.org/?a=1', 'https://api.example.org/#x']) {
      expect(() => loadConfig({ PUBLIC_BASE_URL: bad }), bad).toThrow(/PUBLIC_BASE_URL/);
    }
  });
});
