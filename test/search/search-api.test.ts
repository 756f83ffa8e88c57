import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySearchIndex } from '../../functions/adapters/memory/memory-search-index.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { buildOpenApiDocument } from '../../functions/handlers/api/openapi.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { publicPracticeListSchema } from '../../functions/handlers/api/schemas.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { observation, TEXTS } from './search-fixtures.js';

describe('GET /practices?q= with the search index', () => {
  let baseUrl = '';
  let close = async () => {};
  let ids: string[] = [];

  beforeAll(async () => {
    const index = new MemorySearchIndex();
    const repo = new MemoryPracticeRepository({ search: index });
    for (const [i, text] of TEXTS.entries()) ids.push((await repo.recordObservation(observation(i, text))).id);
    // All but the last are approved: the last one must never reach the public.
    for (const id of ids.slice(0, -1)) {
      await repo.applyEditorAction({ id, expectedVersion: 1, action: { type: 'approve' }, actor: 'alice', requestToken: `t-${id}`, at: '2026-12-04T01:00:00Z' });
    }
    const handler = createQueryApiHandler({
      queries: repo,
      practices: repo,
      sourceStates: new MemorySourceStateRepository(),
      rawPages: new MemoryRawPageStore(),
      sources: [],
      cursorSecret: 'search-test-cursor-secret-0123',
      publicBaseUrl: 'http://api.test',
      search: { index, records: repo },
    });
    const server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
  });
  afterAll(() => close());

  const get = async (query: string) => {
    const response = await fetch(`${baseUrl}/practices?${query}`);
    return { status: response.status, body: (await response.json()) as any };
  };

  it('answers ranked hits with marked snippets, in the documented shape', async () => {
    const { status, body } = await get(`q=${encodeURIComponent('миграционного центра')}`);
    expect(status).toBe(200);
    const parsed = publicPracticeListSchema.parse(body);
    expect(parsed.items.map((i) => i.id)).toEqual([ids[0]]);
    const snippet = parsed.items[0]!.snippet!;
    expect(snippet.marks.map(([s, e]) => snippet.text.slice(s, e).toLowerCase())).toEqual(expect.arrayContaining(['миграционного', 'центра']));
    expect(parsed.items[0]!.score).toBeGreaterThan(0);

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const doc = buildOpenApiDocument() as { components: { schemas: Record<string, unknown> } };
    ajv.addSchema({ $id: 'https://openapi.test/doc', components: doc.components });
    const validate = ajv.getSchema('https://openapi.test/doc#/components/schemas/PublicPracticeList')!;
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(JSON.stringify(doc.components.schemas['PublicPracticeList'])).toContain('snippet');
  });

  it('never shows an unapproved record, and pages with a cursor bound to the query', async () => {
    const { body } = await get(`q=${encodeURIComponent('поликлиника')}`);
    expect(body.items).toEqual([]);
    const first = await get(`q=${encodeURIComponent('цифровая приёмная digital reception тиражирование')}&limit=1`);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`q=${encodeURIComponent('цифровая приёмная digital reception тиражирование')}&limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    // A cursor of another query is refused rather than read as a position in this one.
    const foreign = await get(`q=${encodeURIComponent('центр')}&limit=1&cursor=${first.body.nextCursor}`);
    expect(foreign.status).toBe(400);
  });
});
