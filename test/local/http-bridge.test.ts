import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer, type BridgeRoute, type HttpApiHandler } from '../../functions/local/http-bridge.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function serve(routes: BridgeRoute[], options: Parameters<typeof createHttpServer>[1] = {}): Promise<string> {
  const server = createHttpServer(routes, options);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const readJson = (response: Response): Promise<any> => response.json();

/** A handler that answers with the event it received. */
const echo: HttpApiHandler = async (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });

describe('createHttpServer (node:http → API Gateway v2 events)', () => {
  it('matches route keys, literal before parameter, and builds the event API Gateway would', async () => {
    const base = await serve(['GET /practices', 'GET /practices.atom', 'GET /practices/{id}', 'GET /practices/{id}/raw/{n}', 'PATCH /practices/{id}'].map((routeKey) => ({ routeKey, handler: echo })));

    const atom = (await readJson((await fetch(`${base}/practices.atom`)))) as APIGatewayProxyEventV2;
    expect(atom.routeKey).toBe('GET /practices.atom');

    const response = await fetch(`${base}/practices/a%20b/raw/3?region=RU-MOW&q=%D1%88%D0%BA%D0%BE%D0%BB%D0%B0&q=x`, {
      headers: { 'X-Custom': 'Value', cookie: 'a=1; b=2', 'user-agent': 'bridge-test' },
    });
    const event = (await readJson(response)) as APIGatewayProxyEventV2;
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /practices/{id}/raw/{n}',
      rawPath: '/practices/a%20b/raw/3',
      rawQueryString: 'region=RU-MOW&q=%D1%88%D0%BA%D0%BE%D0%BB%D0%B0&q=x',
      pathParameters: { id: 'a b', n: '3' },
      queryStringParameters: { region: 'RU-MOW', q: 'школа,x' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
      requestContext: { http: { method: 'GET', path: '/practices/a%20b/raw/3', sourceIp: '127.0.0.1', userAgent: 'bridge-test' }, routeKey: 'GET /practices/{id}/raw/{n}', stage: '$default' },
    });
    expect(event.headers['x-custom']).toBe('Value');
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.requestContext.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const patched = (await readJson((await fetch(`${base}/practices/x1`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"action":"approve"}' })))) as APIGatewayProxyEventV2;
    expect(patched).toMatchObject({ routeKey: 'PATCH /practices/{id}', body: '{"action":"approve"}', isBase64Encoded: false });
  });

  it('passes binary bodies base64-encoded and writes base64 results, status, headers and cookies back', async () => {
    const bytes = Buffer.from([0, 255, 1, 254, 128]);
    const base = await serve([
      {
        routeKey: 'POST /upload',
        handler: async (event) => ({
          statusCode: 201,
          headers: { 'content-type': 'application/octet-stream', 'X-Seen': `${event.isBase64Encoded}:${event.body}` },
          cookies: ['session=abc; HttpOnly', 'theme=dark'],
          body: event.body!,
          isBase64Encoded: true,
        }),
      },
    ]);
    const response = await fetch(`${base}/upload`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-seen')).toBe(`true:${bytes.toString('base64')}`);
    expect(response.headers.getSetCookie()).toEqual(['session=abc; HttpOnly', 'theme=dark']);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('answers unknown paths with a 404 problem, wrong methods with 405, and hands other paths to the fallback', async () => {
    const base = await serve([{ routeKey: 'GET /practices', handler: echo }]);
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(missing)).toMatchObject({ status: 404, title: 'Not Found' });
    const wrong = await fetch(`${base}/practices`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD');

    const withFallback = await serve([{ routeKey: 'GET /practices', handler: echo }], {
      fallback: (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<p>static ${req.url}</p>`);
      },
    });
    expect(await (await fetch(`${withFallback}/console/index.html`)).text()).toBe('<p>static /console/index.html</p>');
    expect((await readJson((await fetch(`${withFallback}/practices`)))).routeKey).toBe('GET /practices');
    // A known path with a wrong method is the API's 405 even when a fallback serves other paths.
    const wrongWithFallback = await fetch(`${withFallback}/practices`, { method: 'PUT' });
    expect([wrongWithFallback.status, wrongWithFallback.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    // HEAD reaches the GET route as a HEAD route key and sends no body.
    const head = await fetch(`${withFallback}/practices`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('limits request bodies and turns a throwing handler into a bare 500 problem', async () => {
    const lines: string[] = [];
    const base = await serve(
      [
        { routeKey: 'POST /echo', handler: echo },
        { routeKey: 'GET /boom', handler: async () => { throw new Error('secret internals'); } },
      ],
      { maxBodyBytes: 1024, log: (line) => lines.push(line) },
    );
    const big = await fetch(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x'.repeat(4096) });
    expect(big.status).toBe(413);
    const boom = await fetch(`${base}/boom`);
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain('secret internals');
    expect(lines.join('\n')).toContain('secret internals');
  });
});
