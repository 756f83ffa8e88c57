import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { allowedMethods, API_ROUTES, headRoutesOf } from '../../functions/handlers/api/routes.js';
import { sources } from '../../functions/sources/registry.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { readJson, startApiHarness, type ApiHarness } from './api-harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('HTTP methods through the local bridge', () => {
  let h: ApiHarness;
  let id: string;
  beforeAll(async () => {
    h = await startApiHarness('memory');
    id = (await h.repo.recordObservation(practiceObservation(7400))).id;
    const token = await h.token('olga');
    await fetch(`${h.baseUrl}/practices/${id}`, { method: 'PATCH', headers: { ...auth(token), 'if-match': '"1"', 'content-type': 'application/json' }, body: '{"action":"approve"}' });
  });
  afterAll(() => h?.close());

  it('answers a wrong method on a known path with 405, the Allow header and a problem', async () => {
    const cases: Array<[string, string, string]> = [
      ['DELETE', '/practices', 'GET, HEAD'],
      ['POST', '/practices.atom', 'GET, HEAD'],
      ['PUT', `/practices/${id}`, 'GET, HEAD, PATCH'],
      ['POST', `/practices/${id}/history`, 'GET, HEAD'],
      ['PATCH', '/webhooks', 'GET, HEAD, POST'],
      ['GET', '/webhooks/00000000-0000-4000-8000-000000000000', 'DELETE'],
      ['DELETE', '/sources', 'GET, HEAD'],
    ];
    for (const [method, path, allow] of cases) {
      const response = await fetch(`${h.baseUrl}${path}`, { method });
      expect({ method, path, status: response.status, allow: response.headers.get('allow') }).toEqual({ method, path, status: 405, allow });
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await readJson(response)).toMatchObject({ status: 405, type: 'urn:practice-watch:problem:method-not-allowed' });
    }
    expect((await fetch(`${h.baseUrl}/no-such-thing`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers a request line or headers too large for the server with a problem, not a bare status', async () => {
    const response = await fetch(`${h.baseUrl}/practices?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({ status: 431, type: 'urn:practice-watch:problem:too-large' });
  });

  it('answers HEAD on every public GET route like GET, without a body', async () => {
    for (const path of ['/practices', '/practices?limit=1', '/practices.atom', `/practices/${id}`, '/sources', '/openapi.json']) {
      const get = await fetch(`${h.baseUrl}${path}`);
      const getBody = Buffer.from(await get.arrayBuffer());
      const head = await fetch(`${h.baseUrl}${path}`, { method: 'HEAD' });
      expect({ path, status: head.status }).toEqual({ path, status: get.status });
      for (const name of ['content-type', 'etag', 'cache-control']) expect({ path, name, value: head.headers.get(name) }).toEqual({ path, name, value: get.headers.get(name) });
      expect(head.headers.get('content-length')).toBe(String(getBody.length));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
      const revalidated = await fetch(`${h.baseUrl}${path}`, { method: 'HEAD', headers: { 'if-none-match': get.headers.get('etag')! } });
      expect(revalidated.status).toBe(304);
    }
    expect((await fetch(`${h.baseUrl}/practices/unknown-id`, { method: 'HEAD' })).status).toBe(404);
  });

  it('answers HEAD on editor GET routes like GET: 401 without a token, 200 without a body with one', async () => {
    expect((await fetch(`${h.baseUrl}/review`, { method: 'HEAD' })).status).toBe(401);
    const head = await fetch(`${h.baseUrl}/review`, { method: 'HEAD', headers: auth(await h.token('olga')) });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });
});

describe('HTTP methods as API Gateway delivers them to the query function', () => {
  const handler = createQueryApiHandler({
    queries: new MemoryPracticeRepository(),
    practices: new MemoryPracticeRepository(),
    sourceStates: new MemorySourceStateRepository(),
    rawPages: new MemoryRawPageStore(),
    sources,
    cursorSecret: 'test-cursor-secret-0123456789',
    publicBaseUrl: 'https://api.example.org',
    logger: { error: () => {}, warn: () => {} },
  });
  const invoke = async (routeKey: string, method: string, rawPath: string) =>
    (await handler(
      { version: '2.0', routeKey, rawPath, rawQueryString: '', headers: {}, isBase64Encoded: false, requestContext: { http: { method, path: rawPath }, requestId: 'r1' } } as unknown as APIGatewayProxyEventV2,
      {} as Context,
    )) as APIGatewayProxyStructuredResultV2;

  it('answers the $default route with 405 and Allow on known paths (editor routes included) and 404 elsewhere', async () => {
    const wrong = await invoke('$default', 'DELETE', '/practices/abc');
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers?.['allow']).toBe('GET, HEAD, PATCH');
    expect(JSON.parse(wrong.body!)).toMatchObject({ status: 405 });
    expect((await invoke('$default', 'GET', '/nowhere')).statusCode).toBe(404);
  });

  it('serves a HEAD route key by its GET route without a body', async () => {
    const head = await invoke('HEAD /sources', 'HEAD', '/sources');
    const get = await invoke('GET /sources', 'GET', '/sources');
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers?.['content-length']).toBe(String(Buffer.byteLength(get.body!)));
    expect(head.headers?.['etag']).toBe(get.headers?.['etag']);
  });

  it('derives HEAD twins and Allow from the one route table', () => {
    expect(headRoutesOf(API_ROUTES)).toContain('HEAD /practices/{id}/raw/{n}');
    expect(headRoutesOf(API_ROUTES).every((key) => key.startsWith('HEAD '))).toBe(true);
    expect(allowedMethods('/practices/x/raw/1')).toEqual(['GET', 'HEAD']);
    expect(allowedMethods('/practices/')).toEqual([]);
  });
});
