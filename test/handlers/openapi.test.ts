import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../functions/handlers/api/openapi.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { practiceObservation, seedPractices } from '../../scripts/bench/seed-practices.js';
import { readJson, startApiHarness, type ApiHarness } from './api-harness.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>; parameters?: Array<{ name: string; in: string; required: boolean }> }>>;
  components: { schemas: Record<string, unknown> };
};

describe('OpenAPI document', () => {
  let h: ApiHarness;
  let doc: Doc;
  let ajv: Ajv2020;
  const checked: string[] = [];

  beforeAll(async () => {
    h = await startApiHarness('memory');
    doc = (await readJson((await fetch(`${h.baseUrl}/openapi.json`)))) as Doc;
    ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'https://openapi.test/doc', components: doc.components });
  });
  afterAll(() => h?.close());

  /** Validates one real response against the document: path, method, status, media type and body schema. */
  async function conforms(template: string, method: string, response: Response) {
    const operation = doc.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    const documented = operation!.responses[String(response.status)];
    expect(documented, `${method} ${template} documents ${response.status}`).toBeDefined();
    checked.push(`${method} ${template} ${response.status}`);
    if (response.status === 204 || response.status === 304) return;
    const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const content = documented!.content?.[mediaType];
    expect(content, `${method} ${template} ${response.status} documents ${mediaType}`).toBeDefined();
    const text = await response.text();
    if (!mediaType.endsWith('json')) {
      expect(typeof text).toBe('string');
      return;
    }
    const schema = JSON.parse(JSON.stringify(content!.schema).replaceAll('"#/components/', '"https://openapi.test/doc#/components/'));
    const validate = ajv.compile(schema);
    const ok = validate(JSON.parse(text));
    expect(ok ? [] : validate.errors, `${method} ${template} ${response.status}`).toEqual([]);
  }

  it('is OpenAPI 3.1 and documents exactly the routes the handlers serve', () => {
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const routes = [...QUERY_API_ROUTES, ...REVIEW_API_ROUTES].map((r) => r.replace('{n}', '{n}'));
    expect(documented.sort()).toEqual([...routes].sort());
    expect(buildOpenApiDocument()).toEqual(doc);
  });

  it('describes every real answer of every route, on happy and error paths', async () => {
    const token = await h.token('olga');
    const auth = { authorization: `Bearer ${token}` };
    const [approvedId] = await seedPractices(h.repo, 3);
    const { key } = await h.rawPages.put({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), meta: { sourceId: 'asi-ru', url: 'https://asi.ru/x.png', status: 200, headers: { 'content-type': 'image/png' }, fetchedAt: '2025-01-01T00:00:00Z' } });
    const withRaw = practiceObservation(900);
    withRaw.source.rawKey = key;
    const rawId = (await h.repo.recordObservation(withRaw)).id;
    await h.repo.applyEditorAction({ id: rawId, expectedVersion: 1, action: { type: 'approve' }, actor: 'seed', requestToken: 't', at: '2025-01-01T00:00:00Z' });
    const pendingId = (await h.repo.recordObservation(practiceObservation(901))).id;
    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.baseUrl}${path}`, { headers });
    const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${h.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    const list = await get('/practices?limit=2');
    const etag = list.headers.get('etag')!;
    await conforms('/practices', 'GET', list);
    await conforms('/practices', 'GET', await get('/practices?limit=2', { 'if-none-match': etag }));
    await conforms('/practices', 'GET', await get('/practices?limit=500'));
    await conforms('/practices.atom', 'GET', await get('/practices.atom'));
    await conforms('/practices.atom', 'GET', await get('/practices.atom?cursor=bad'));
    await conforms('/practices/{id}', 'GET', await get(`/practices/${approvedId}`));
    await conforms('/practices/{id}', 'GET', await get(`/practices/${pendingId}`));
    await conforms('/practices/{id}', 'GET', await get('/practices/bad%20id'));
    const raw = await get(`/practices/${rawId}/raw/0`);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    await conforms('/practices/{id}/raw/{n}', 'GET', raw);
    await conforms('/practices/{id}/raw/{n}', 'GET', await get(`/practices/${rawId}/raw/5`));
    await conforms('/sources', 'GET', await get('/sources'));
    await conforms('/sources/activity', 'GET', await get('/sources/activity?days=2'));
    await conforms('/sources/activity', 'GET', await get('/sources/activity?days=999'));
    await conforms('/openapi.json', 'GET', await get('/openapi.json'));

    await conforms('/review', 'GET', await get('/review?classified=all', auth));
    await conforms('/review', 'GET', await get('/review'));
    await conforms('/review', 'GET', await get('/review', { authorization: `Bearer ${await h.issuer.mintAccessToken({ username: 'x', groups: [] })}` }));
    await conforms('/review', 'GET', await get('/review?limit=x', auth));
    await conforms('/practices/{id}', 'PATCH', await send('PATCH', `/practices/${pendingId}`, { action: 'approve' }, auth));
    await conforms('/practices/{id}', 'PATCH', await send('PATCH', `/practices/${pendingId}`, { action: 'approve' }, { ...auth, 'if-match': '"9"' }));
    await conforms('/practices/{id}', 'PATCH', await send('PATCH', `/practices/${pendingId}`, { action: 'nope' }, { ...auth, 'if-match': '"1"' }));
    await conforms('/practices/{id}', 'PATCH', await send('PATCH', '/practices/unknown', { action: 'approve' }, { ...auth, 'if-match': '"1"' }));
    await conforms('/practices/{id}', 'PATCH', await send('PATCH', `/practices/${pendingId}`, { action: 'edit', overrides: { lead: 'Новый лид' } }, { ...auth, 'if-match': '"1"' }));
    await conforms('/practices/{id}', 'PATCH', await fetch(`${h.baseUrl}/practices/${pendingId}`, { method: 'PATCH', headers: { ...auth, 'if-match': '"2"', 'content-type': 'text/plain' }, body: 'approve' }));
    await conforms('/practices/{id}/history', 'GET', await get(`/practices/${pendingId}/history`, auth));
    await conforms('/practices/{id}/history', 'GET', await get('/practices/unknown/history', auth));
    const created = await send('POST', '/webhooks', { url: 'http://127.0.0.1:9/x', events: ['source.failing'] }, auth);
    const { id: webhookId } = await readJson(created.clone());
    await conforms('/webhooks', 'POST', created);
    await conforms('/webhooks', 'POST', await send('POST', '/webhooks', { url: 'ftp://x', events: ['source.failing'] }, auth));
    await conforms('/webhooks', 'GET', await get('/webhooks', auth));
    await h.webhooks.recordDelivery({ id: 'd1', subscriptionId: webhookId, eventType: 'source.failing', status: 'failed', attempts: 3, lastStatusCode: 500, lastError: 'HTTP 500', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:03.000Z' });
    await conforms('/webhooks/{id}/deliveries', 'GET', await get(`/webhooks/${webhookId}/deliveries`, auth));
    await conforms('/webhooks/{id}', 'DELETE', await send('DELETE', `/webhooks/${webhookId}`, undefined, auth));
    await conforms('/webhooks/{id}', 'DELETE', await send('DELETE', `/webhooks/${webhookId}`, undefined, auth));

    const statuses = new Set(checked.map((c) => c.split(' ').at(-1)));
    expect([...statuses].sort()).toEqual(['200', '201', '204', '304', '400', '401', '403', '404', '412', '415', '428']);
  });
});
