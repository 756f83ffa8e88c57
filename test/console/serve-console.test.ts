import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleConfig } from '../../functions/console/console-types.js';
import { consoleContentSecurityPolicy, createConsoleResponder } from '../../functions/console/serve-console.js';
import organisationCatalogue from '../../functions/core/catalogues/organisations.json' with { type: 'json' };
import regionCatalogue from '../../functions/core/catalogues/regions.json' with { type: 'json' };

const config: ConsoleConfig = { apiBaseUrl: '', auth: { mode: 'local' } };
let server: Server;
let port: number;

/** Sends a raw request path (no client-side normalisation of `..`). */
function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('createConsoleResponder', () => {
  beforeAll(async () => {
    const serve = createConsoleResponder({ config });
    server = createServer((req, res) => {
      if (serve(req, res)) return;
      res.writeHead(418);
      res.end('not the console');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('serves index.html for /console/ with the security headers', async () => {
    const res = await get('/console/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="ru">');
    expect(res.headers['content-security-policy']).toBe("default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });

  it('gives modules, styles and icons their content types', async () => {
    expect((await get('/console/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/console/dom.js?v=1')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/console/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get('/console/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('builds config.json from its options', async () => {
    const res = await get('/console/config.json');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(res.body)).toEqual(config);
  });

  it('serves catalogues.json: the ids and names of every region and organisation of the catalogues', async () => {
    const res = await get('/console/catalogues.json');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(res.body) as { regions: Array<[string, string]>; organisations: Array<[string, string]> };
    expect(body.regions).toHaveLength(regionCatalogue.regions.length);
    expect(body.regions).toContainEqual(['RU-MOW', 'Москва']);
    expect(body.organisations.map(([id]) => id)).toEqual(organisationCatalogue.organisations.map((o) => o.id));
    expect(body.organisations).toContainEqual(['minek', 'Минэкономразвития России']);
  });

  it('serves the public page at / (no sign-in), its assets from /console/, and the map file built from the geodata', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.body).toContain('src="console/public.js"');
    expect(page.body).not.toContain('app.js');
    expect((await get('/?q=%D0%BC%D0%B8%D0%B3%D1%80%D0%B0%D1%86%D0%B8%D1%8F&story=s1')).status).toBe(200);
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/console/public.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    const map = await get('/console/russia-map.json');
    expect(map.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(map.body) as { regions: Array<{ code: string; d: string }>; unmapped: Array<{ code: string }> };
    expect([...body.regions.map((r) => r.code), ...body.unmapped.map((r) => r.code)].sort()).toEqual(regionCatalogue.regions.map((r) => r.code).sort());
    const licence = await get('/console/russia-map-licence.txt');
    expect(licence.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(licence.body).toContain('amCharts');
    const catalogues = JSON.parse((await get('/console/catalogues.json')).body) as { topics: Array<[string, string]> };
    expect(catalogues.topics).toContainEqual(['migration', expect.any(String)]);
  });

  it('redirects /console to /console/ and leaves other paths to the caller', async () => {
    const redirect = await get('/console');
    expect(redirect.status).toBe(308);
    expect(redirect.headers.location).toBe('/console/');
    expect((await get('/review')).status).toBe(418);
    expect((await get('/consoleX/app.js')).status).toBe(418);
  });

  it.each([
    '/console/../package.json',
    '/console/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/console/..%2f..%2fserve-console.ts',
    '/console/%2e%2e%5cserve-console.ts',
    '/console/app.js%00.css',
    '/console/.hidden',
    '/console//etc/passwd',
    '/console/%E0%A4%A',
    '/console/missing.js',
    '/console/README.md',
  ])('refuses %s with 404', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(res.body).toBe('not found');
  });

  it('allows only GET and HEAD', async () => {
    const post = await get('/console/app.js', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const head = await get('/console/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });
});

describe('consoleContentSecurityPolicy', () => {
  it('adds the API origin and the Cognito domain to connect-src when they are elsewhere', () => {
    const policy = consoleContentSecurityPolicy({
      apiBaseUrl: 'https://api.example.org/prod',
      auth: { mode: 'cognito', domain: 'https://pw.auth.eu-central-1.amazoncognito.com', clientId: 'abc', scopes: ['openid'], redirectUri: 'https://console.example.org/' },
    });
    expect(policy).toContain("connect-src 'self' https://api.example.org https://pw.auth.eu-central-1.amazoncognito.com;");
    expect(policy).toContain("script-src 'self';");
  });

  it('rejects a configuration whose URLs are not http(s)', () => {
    expect(() => createConsoleResponder({ config: { apiBaseUrl: 'javascript:alert(1)', auth: { mode: 'local' } } })).toThrow(/not an http\(s\) URL/);
    expect(() => createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'cognito', domain: 'https://x.example', clientId: '', scopes: [], redirectUri: 'https://c.example/' } } })).toThrow(/clientId/);
  });
});
