import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { createAddressPolicy } from '../../../functions/adapters/fetcher/ssrf-guard.js';
import { PipelineError } from '../../../functions/core/errors.js';
import type { FetchedPage } from '../../../functions/core/ports.js';
import { FaultServer, testSource } from './support.js';

const codeOf = (error: unknown) => (error instanceof PipelineError ? error.code : String(error));

describe('HttpPageFetcher: connect override (the local replay)', () => {
  let server: FaultServer;

  beforeEach(async () => {
    server = await new FaultServer().start();
    server.routes.set('/rss', (req, res) => res.end(`served for ${req.headers.host}`));
  });

  afterEach(async () => {
    await server.stop();
  });

  it('sends a real site URL to the override address with the real Host header, robots.txt included', async () => {
    const fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      resolver: async () => {
        throw new Error('no DNS in replay');
      },
      addressPolicy: createAddressPolicy({ allow: [{ address: '127.0.0.1', port: server.port }] }),
      connectOverride: { host: '127.0.0.1', port: server.port },
    });
    try {
      const source = testSource(['www.mos.ru'], { scheme: 'http', respectRobots: true });
      const page = (await fetcher.fetch({ url: 'https://www.mos.ru/rss', source })) as FetchedPage;
      expect(page.url).toBe('http://www.mos.ru/rss');
      expect(page.text).toBe('served for www.mos.ru');
      expect(server.seen.map((r) => r.path)).toEqual(['/robots.txt', '/rss']);
    } finally {
      await fetcher.close();
    }
  });

  it('still refuses an override address the policy does not permit', async () => {
    const fetcher = new HttpPageFetcher({ contactUrl: 'https://example.org/c', connectOverride: { host: '127.0.0.1', port: server.port } });
    try {
      const error = await fetcher.fetch({ url: 'http://www.mos.ru/rss', source: testSource(['www.mos.ru']) }).catch((e: unknown) => e);
      expect(codeOf(error)).toBe('ssrf_blocked');
      expect(server.seen).toHaveLength(0);
    } finally {
      await fetcher.close();
    }
  });
});

describe('HttpPageFetcher: outbound proxy', () => {
  let target: FaultServer;
  let proxy: Server;
  let proxyPort = 0;
  const tunnels: string[] = [];

  beforeEach(async () => {
    target = await new FaultServer().start();
    target.routes.set('/news', (req, res) => res.end(`via proxy to ${req.headers.host}`));
    tunnels.length = 0;
    // A forward proxy that sends every tunnel and request to the target server, whatever the name.
    proxy = createHttpServer((req, res) => {
      tunnels.push(`GET ${req.url}`);
      const upstream = httpRequest({ host: '127.0.0.1', port: target.port, path: new URL(req.url ?? '/').pathname, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.end();
    });
    proxy.on('connect', (req, socket, head) => {
      tunnels.push(`CONNECT ${req.url}`);
      const upstream = connect(target.port, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyPort = (proxy.address() as AddressInfo).port;
  });

  afterEach(async () => {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    await target.stop();
  });

  it('goes through the global proxy, which resolves the name itself', async () => {
    const fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      proxy: `http://127.0.0.1:${proxyPort}`,
      resolver: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
    });
    try {
      const page = (await fetcher.fetch({ url: 'http://gov.example.test/news', source: testSource(['gov.example.test']) })) as FetchedPage;
      expect(page.text).toBe('via proxy to gov.example.test');
      expect(tunnels.length).toBe(1);
      expect(tunnels[0]).toMatch(/gov\.example\.test/);
    } finally {
      await fetcher.close();
    }
  });

  it('uses the per-source proxy over the global one, and still applies the allowlist', async () => {
    const fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      proxy: 'http://127.0.0.1:9',
      resolver: async () => [{ address: '93.184.216.34', family: 4 }],
    });
    try {
      const source = testSource(['gov.example.test'], { proxy: `http://127.0.0.1:${proxyPort}` });
      const page = (await fetcher.fetch({ url: 'http://gov.example.test/news', source })) as FetchedPage;
      expect(page.text).toBe('via proxy to gov.example.test');
      const refused = await fetcher.fetch({ url: 'http://other.example.test/news', source }).catch((e: unknown) => e);
      expect(codeOf(refused)).toBe('ssrf_blocked');
      expect(tunnels).toHaveLength(1);
    } finally {
      await fetcher.close();
    }
  });
});

describe('HttpPageFetcher: per-source CA bundle', () => {
  let dir: string;
  let server: ReturnType<typeof createHttpsServer>;
  let port = 0;
  let hasOpenssl = true;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pw-ca-'));
    try {
      const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Test Trusted Root CA');
      run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=secure.test');
      writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:secure.test\n');
      run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
    } catch {
      hasOpenssl = false;
      return;
    }
    server = createHttpsServer({ key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.pem')) }, (_req, res) => res.end('trusted'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('trusts a server certificate from the extra bundle, and refuses it without the bundle', async (context) => {
    if (!hasOpenssl) context.skip('openssl is not installed: cannot make a test CA');
    const fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      resolver: async () => [{ address: '127.0.0.1', family: 4 }],
      addressPolicy: createAddressPolicy({ ports: [80, 443, port], allow: [{ address: '127.0.0.1', port }] }),
      retries: 0,
    });
    try {
      const url = `https://secure.test:${port}/`;
      const withBundle = (await fetcher.fetch({ url, source: testSource(['secure.test'], { caBundlePath: path.join(dir, 'ca.pem') }) })) as FetchedPage;
      expect(withBundle.text).toBe('trusted');
      const without = await fetcher.fetch({ url, source: testSource(['secure.test']) }).catch((e: unknown) => e);
      expect(codeOf(without)).toBe('network');
      expect((without as Error).message).toMatch(/TLS|certificate/i);
    } finally {
      await fetcher.close();
    }
  });
});
