import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { createAddressPolicy } from '../../../functions/adapters/fetcher/ssrf-guard.js';
import { PipelineError } from '../../../functions/core/errors.js';
import type { FetchedPage } from '../../../functions/core/ports.js';
import { ConnectProxy, FaultServer, makeTestCertificates, testSource } from './support.js';

const codeOf = (error: unknown) => (error instanceof PipelineError ? error.code : String(error));

/** The proxy's open connections once closing ones have gone (at most 1 s). */
async function settledConnections(proxy: ConnectProxy): Promise<number> {
  for (let i = 0; i < 50 && (await proxy.openConnections()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  return proxy.openConnections();
}

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

describe('HttpPageFetcher: outbound proxy, http targets (absolute-URI requests)', () => {
  let target: FaultServer;
  let proxy: ConnectProxy;

  beforeEach(async () => {
    target = await new FaultServer().start();
    target.routes.set('/news', (req, res) => res.end(`via proxy to ${req.headers.host}`));
    proxy = await new ConnectProxy(() => target.port).start();
  });

  afterEach(async () => {
    await proxy.stop();
    await target.stop();
  });

  it('goes through the global proxy, which resolves the name itself', async () => {
    const fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      proxy: proxy.url,
      resolver: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
    });
    try {
      const page = (await fetcher.fetch({ url: 'http://gov.example.test/news', source: testSource(['gov.example.test']) })) as FetchedPage;
      expect(page.text).toBe('via proxy to gov.example.test');
      expect(proxy.log).toEqual(['GET http://gov.example.test/news']);
      // The connection to the proxy stays pooled until close().
      expect(await proxy.openConnections()).toBe(1);
    } finally {
      await fetcher.close();
    }
    expect(await settledConnections(proxy)).toBe(0);
  });

  it('uses the per-source proxy over the global one, and still applies the allowlist', async () => {
    const fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      proxy: 'http://127.0.0.1:9',
      resolver: async () => [{ address: '93.184.216.34', family: 4 }],
    });
    try {
      const source = testSource(['gov.example.test'], { proxy: proxy.url });
      const page = (await fetcher.fetch({ url: 'http://gov.example.test/news', source })) as FetchedPage;
      expect(page.text).toBe('via proxy to gov.example.test');
      const refused = await fetcher.fetch({ url: 'http://other.example.test/news', source }).catch((e: unknown) => e);
      expect(codeOf(refused)).toBe('ssrf_blocked');
      expect(proxy.log).toHaveLength(1);
    } finally {
      await fetcher.close();
    }
  });

  it('still refuses a target that resolves locally to a forbidden address, before asking the proxy', async () => {
    const fetcher = new HttpPageFetcher({ contactUrl: 'https://example.org/c', proxy: proxy.url, resolver: async () => [{ address: '127.0.0.1', family: 4 }] });
    try {
      const refused = await fetcher.fetch({ url: 'http://gov.example.test/news', source: testSource(['gov.example.test']) }).catch((e: unknown) => e);
      expect(codeOf(refused)).toBe('ssrf_blocked');
      expect(proxy.log).toEqual([]);
    } finally {
      await fetcher.close();
    }
  });
});

describe('HttpPageFetcher: outbound proxy, https targets (CONNECT tunnels)', () => {
  const tls = makeTestCertificates('secure.test');
  let target: FaultServer;
  let proxy: ConnectProxy;
  let fetcher: HttpPageFetcher;
  const source = (politeness = {}) => testSource(['secure.test'], { caBundlePath: tls.caPath, ...politeness });

  beforeEach(async () => {
    target = await new FaultServer({ key: tls.key, cert: tls.cert }).start();
    target.routes.set('*', (req, res) => res.end(`tunnelled ${req.url} for ${req.headers.host}`));
    proxy = await new ConnectProxy(() => target.port).start();
    fetcher = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      proxy: proxy.url,
      // The proxy resolves; a local resolution failure proves nothing.
      resolver: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
      retryBaseDelayMs: 20,
    });
  });

  afterEach(async () => {
    await fetcher.close();
    await proxy.stop();
    await target.stop();
  });

  afterAll(() => rmSync(tls.dir, { recursive: true, force: true }));

  it('opens one tunnel to host:443, speaks TLS to the target inside it (source CA bundle), and reuses it', async () => {
    const first = (await fetcher.fetch({ url: 'https://secure.test/news', source: source() })) as FetchedPage;
    const second = (await fetcher.fetch({ url: 'https://secure.test/other?x=1', source: source() })) as FetchedPage;
    expect(first.text).toBe('tunnelled /news for secure.test');
    expect(second.text).toBe('tunnelled /other?x=1 for secure.test');
    expect(proxy.tunnels).toEqual(['CONNECT secure.test:443']);
    expect(target.seen.map((r) => r.path)).toEqual(['/news', '/other?x=1']);
  });

  it('refuses, inside the tunnel, a target certificate that Node and the source do not trust', async () => {
    const error = await fetcher.fetch({ url: 'https://secure.test/news', source: testSource(['secure.test']) }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('network');
    expect((error as Error).message).toMatch(/TLS|certificate/i);
    expect(target.seen).toHaveLength(0);
  });

  it('fails with network at once when the proxy refuses the tunnel, and retries a proxy 502', async () => {
    proxy.connectStatus = 403;
    expect(codeOf(await fetcher.fetch({ url: 'https://secure.test/news', source: source() }).catch((e: unknown) => e))).toBe('network');
    expect(proxy.tunnels).toHaveLength(1);
    proxy.connectStatus = 502;
    expect(codeOf(await fetcher.fetch({ url: 'https://secure.test/news', source: source() }).catch((e: unknown) => e))).toBe('network');
    expect(proxy.tunnels).toHaveLength(1 + 3);
    expect(target.seen).toHaveLength(0);
  });

  it('sends the proxy URL credentials as Proxy-Authorization, on tunnels and on plain requests', async () => {
    const withCredentials = new HttpPageFetcher({
      contactUrl: 'https://example.org/c',
      proxy: `http://pw%40user:s%3Acret@127.0.0.1:${proxy.port}`,
      // The target speaks only TLS: the plain request fails, and once is enough to see its header.
      retries: 0,
      resolver: async (hostname) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      },
    });
    try {
      await withCredentials.fetch({ url: 'https://secure.test/news', source: source() });
      await withCredentials.fetch({ url: 'http://secure.test/plain', source: source() }).catch(() => undefined);
      const expected = `Basic ${Buffer.from('pw@user:s:cret').toString('base64')}`;
      expect(proxy.log).toEqual(['CONNECT secure.test:443', 'GET http://secure.test/plain']);
      expect(proxy.authorizations).toEqual([expected, expected]);
    } finally {
      await withCredentials.close();
    }
  });

  it('keeps the tunnel open for reuse, and closes it on close()', async () => {
    await fetcher.fetch({ url: 'https://secure.test/news', source: source() });
    expect(await proxy.openConnections()).toBe(1);
    await fetcher.close();
    expect(await settledConnections(proxy)).toBe(0);
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
