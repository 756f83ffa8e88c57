import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpPageFetcher, createPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { parseRetryAfter } from '../../../functions/adapters/fetcher/retry-policy.js';
import { PipelineError } from '../../../functions/core/errors.js';
import type { FetchedPage } from '../../../functions/core/ports.js';
import { FaultServer, TrapListener, testFetcher, testSource, timed } from './support.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const corpora = path.resolve(repoRoot, '..', 'shared', 'corpora');
const scrapyDir = path.join(corpora, 'scrapy', 'tests', 'sample_data', 'compressed');

const RUSSIAN = '<rss version="2.0"><channel><title>Лучшие практики регионов</title><item><title>Опыт Калужской области рекомендован к тиражированию</title></item></channel></rss>';

let server: FaultServer;
let fetcher: HttpPageFetcher;
const base = () => `http://mos.test:${server.port}`;
const source = (politeness = {}) => testSource(['mos.test', 'www.mos.test'], politeness);

/**
 * Runs `fn` while watching the event loop. Deadlines are asserted within ±0.5 s of the setting,
 * plus the longest stretch the loop could not run at all (a starved machine delays every timer).
 */
async function timedWithLag<T>(fn: () => Promise<T>) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const result = await timed(fn);
  lag.disable();
  return { ...result, lagMs: lag.max / 1e6 };
}

function codeOf(error: unknown): string {
  expect(error).toBeInstanceOf(PipelineError);
  return (error as PipelineError).code;
}

beforeEach(async () => {
  server = await new FaultServer().start();
  fetcher = testFetcher(server.port);
});

afterEach(async () => {
  await fetcher.close();
  await server.stop();
});

describe('HttpPageFetcher: success and politeness headers', () => {
  it('fetches, decodes windows-1251 by the source default and sends the project User-Agent', async () => {
    server.routes.set('/rss', (_req, res) => {
      res.setHeader('content-type', 'application/rss+xml');
      res.setHeader('etag', '"v1"');
      res.setHeader('last-modified', 'Wed, 25 Nov 2026 10:00:00 GMT');
      res.end(iconv.encode(RUSSIAN, 'windows-1251'));
    });
    const page = (await fetcher.fetch({ url: `${base()}/rss`, source: source() })) as FetchedPage;
    expect(page.notModified).toBe(false);
    expect(page).toMatchObject({ status: 200, charset: 'windows-1251', encodingSuspect: false, validators: { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' } });
    expect(page.text).toBe(RUSSIAN);
    expect(Buffer.from(page.bytes)).toEqual(iconv.encode(RUSSIAN, 'windows-1251'));
    const ua = server.seen[0]!.headers['user-agent'];
    expect(ua).toMatch(/^PracticeWatch\/\S+ \(\+https:\/\/example\.org\/practice-watch\)$/);
    expect(server.seen[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('sends the per-source User-Agent override', async () => {
    server.routes.set('/', (_req, res) => res.end('ok'));
    await fetcher.fetch({ url: `${base()}/`, source: source({ userAgent: 'Mozilla/5.0 (compatible; Test)' }) });
    expect(server.seen[0]!.headers['user-agent']).toBe('Mozilla/5.0 (compatible; Test)');
  });

  it('builds a production fetcher from the configuration', () => {
    const made = createPageFetcher({ contactUrl: 'https://example.org/c', outboundProxy: undefined });
    expect(made).toBeInstanceOf(HttpPageFetcher);
  });
});

describe('HttpPageFetcher: conditional GET', () => {
  it('returns NotModified on 304 after sending If-None-Match and If-Modified-Since', async () => {
    server.routes.set('/rss', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.statusCode = 304;
        res.end();
        return;
      }
      res.end('full body');
    });
    const result = await fetcher.fetch({ url: `${base()}/rss`, source: source(), validators: { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' } });
    expect(result).toMatchObject({ notModified: true, status: 304, validators: { etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT' } });
    expect(server.seen[0]!.headers['if-none-match']).toBe('"v1"');
    expect(server.seen[0]!.headers['if-modified-since']).toBe('Wed, 25 Nov 2026 10:00:00 GMT');
    expect(server.seen).toHaveLength(1);
  });
});

describe('HttpPageFetcher: status codes and retries', () => {
  it('retries a persistent 500 exactly twice, then fails with http_5xx', async () => {
    server.routes.set('/', (_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    expect(codeOf(error)).toBe('http_5xx');
    expect(server.requestsTo('/')).toHaveLength(3);
    console.info(`retries on 500: ${server.requestsTo('/').length - 1}`);
  });

  it('succeeds after a 503 and a 408', async () => {
    const statuses = [503, 408, 200];
    server.routes.set('/', (_req, res) => {
      res.statusCode = statuses.shift() ?? 200;
      res.end('body');
    });
    const page = (await fetcher.fetch({ url: `${base()}/`, source: source() })) as FetchedPage;
    expect(page.status).toBe(200);
    expect(server.requestsTo('/')).toHaveLength(3);
  });

  it('honours Retry-After on 429 (waits at least that long) and then succeeds', async () => {
    let first = true;
    server.routes.set('/', (_req, res) => {
      if (first) {
        first = false;
        res.statusCode = 429;
        res.setHeader('retry-after', '2');
        res.end();
        return;
      }
      res.end('ok');
    });
    await fetcher.fetch({ url: `${base()}/`, source: source() });
    const [a, b] = server.requestsTo('/');
    const gap = b!.at - a!.at;
    console.info(`Retry-After 2 s honoured: gap ${gap.toFixed(0)} ms`);
    expect(gap).toBeGreaterThanOrEqual(1950);
    expect(gap).toBeLessThan(3000);
  });

  it('fails at once with rate_limited and retryAfterSeconds when Retry-After exceeds the cap', async () => {
    server.routes.set('/', (_req, res) => {
      res.statusCode = 429;
      res.setHeader('retry-after', '120');
      res.end();
    });
    const { error, ms } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    expect(codeOf(error)).toBe('rate_limited');
    expect((error as PipelineError).context.retryAfterSeconds).toBe(120);
    expect(server.requestsTo('/')).toHaveLength(1);
    expect(ms).toBeLessThan(1000);
  });

  it('fails with rate_limited when a 503 asks for a wait beyond the cap', async () => {
    server.routes.set('/', (_req, res) => {
      res.writeHead(503, { 'retry-after': '3600' }).end();
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    expect(codeOf(error)).toBe('rate_limited');
    expect((error as PipelineError).context).toMatchObject({ retryAfterSeconds: 3600, status: 503 });
    expect(server.requestsTo('/')).toHaveLength(1);
  });

  it('maps 404 to http_4xx and 403/451 to blocked, without retrying', async () => {
    server.routes.set('/gone', (_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    server.routes.set('/forbidden', (_req, res) => {
      res.statusCode = 403;
      res.end('<html>Access denied</html>');
    });
    server.routes.set('/legal', (_req, res) => {
      res.statusCode = 451;
      res.end();
    });
    expect(codeOf((await timed(() => fetcher.fetch({ url: `${base()}/gone`, source: source() }))).error)).toBe('http_4xx');
    expect(codeOf((await timed(() => fetcher.fetch({ url: `${base()}/forbidden`, source: source() }))).error)).toBe('blocked');
    expect(codeOf((await timed(() => fetcher.fetch({ url: `${base()}/legal`, source: source() }))).error)).toBe('blocked');
    expect(server.seen.map((r) => r.path)).toEqual(['/gone', '/forbidden', '/legal']);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-11-26T10:00:00Z');
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('HttpPageFetcher: anti-bot walls', () => {
  it('fails a small challenge page served with 200 as blocked, without retrying', async () => {
    server.routes.set('/rss', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<html><head><title>DDoS-Guard</title></head><body><p>Проверка браузера перед переходом на сайт</p></body></html>');
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/rss`, source: source() }));
    expect(codeOf(error)).toBe('blocked');
    expect(server.seen).toHaveLength(1);
  });

  it('fails a 503 from an anti-bot front as blocked at once, where a plain 503 is retried', async () => {
    server.routes.set('/guarded', (_req, res) => {
      res.writeHead(503, { server: 'ddos-guard' }).end();
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/guarded`, source: source() }));
    expect(codeOf(error)).toBe('blocked');
    expect(server.requestsTo('/guarded')).toHaveLength(1);
  });
});

describe('HttpPageFetcher: redirects', () => {
  it('follows a chain of redirects and reports the final URL', async () => {
    server.routes.set('/a', (_req, res) => {
      res.writeHead(301, { location: '/b' }).end();
    });
    server.routes.set('/b', (_req, res) => {
      res.writeHead(302, { location: `http://www.mos.test:${server.port}/c` }).end();
    });
    server.routes.set('/c', (_req, res) => res.end('final'));
    const page = (await fetcher.fetch({ url: `${base()}/a`, source: source() })) as FetchedPage;
    expect(page.url).toBe(`http://www.mos.test:${server.port}/c`);
    expect(page.requestedUrl).toBe(`${base()}/a`);
    expect(page.text).toBe('final');
  });

  it('stops a redirect loop after 5 hops', async () => {
    let n = 0;
    server.routes.set('*', (_req, res) => {
      res.writeHead(302, { location: `/loop${++n}` }).end();
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/start`, source: source() }));
    expect(codeOf(error)).toBe('http_4xx');
    expect((error as PipelineError).message).toMatch(/more than 5 redirects/);
    expect(server.seen).toHaveLength(6);
  });

  it('refuses a redirect to a trap address or to a host outside the allowlist', async () => {
    const trap = await new TrapListener().start();
    try {
      server.routes.set('/to-trap', (_req, res) => {
        res.writeHead(302, { location: `http://127.0.0.1:${trap.port}/latest/meta-data/` }).end();
      });
      server.routes.set('/to-metadata', (_req, res) => {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      });
      server.routes.set('/to-other', (_req, res) => {
        res.writeHead(302, { location: `http://evil.test:${server.port}/` }).end();
      });
      for (const path of ['/to-trap', '/to-metadata', '/to-other']) {
        const { error } = await timed(() => fetcher.fetch({ url: `${base()}${path}`, source: source() }));
        expect(codeOf(error), path).toBe('ssrf_blocked');
      }
      expect(trap.connections).toBe(0);
      expect(server.seen.map((r) => r.path)).toEqual(['/to-trap', '/to-metadata', '/to-other']);
    } finally {
      await trap.stop();
    }
  });
});

describe('HttpPageFetcher: deadlines', () => {
  it('gives up on a server that never answers at the deadline (±0.5 s), without retrying', async () => {
    server.routes.set('/', () => undefined);
    const { error, ms, lagMs } = await timedWithLag(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    console.info(`never-answering server: failed after ${ms.toFixed(0)} ms (deadline 2000; event-loop lag ${lagMs.toFixed(0)} ms)`);
    expect(codeOf(error)).toBe('timeout');
    expect(Math.abs(ms - 2000)).toBeLessThanOrEqual(500 + lagMs);
    expect(server.seen).toHaveLength(1);
  });

  it('gives up on a slowloris body (a byte a second) at the deadline (±0.5 s)', async () => {
    server.routes.set('/', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('x')), 1000);
      res.on('close', () => clearInterval(timer));
    });
    const { error, ms, lagMs } = await timedWithLag(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    console.info(`slowloris: failed after ${ms.toFixed(0)} ms (deadline 2000; event-loop lag ${lagMs.toFixed(0)} ms)`);
    expect(codeOf(error)).toBe('timeout');
    expect(Math.abs(ms - 2000)).toBeLessThanOrEqual(500 + lagMs);
  });

  it('times out a connection that cannot be established at the connect timeout (±0.5 s)', async () => {
    let calls = 0;
    const hanging = testFetcher(server.port, {
      retries: 0,
      // The pre-flight check resolves; the connect-time lookup never returns (a black hole).
      resolver: (hostname) => (++calls === 1 ? Promise.resolve([{ address: '127.0.0.1', family: 4 as const }]) : new Promise(() => hostname)),
    });
    try {
      const { error, ms, lagMs } = await timedWithLag(() => hanging.fetch({ url: `${base()}/`, source: source() }));
      console.info(`connect timeout: failed after ${ms.toFixed(0)} ms (connect timeout 1000; event-loop lag ${lagMs.toFixed(0)} ms)`);
      expect(codeOf(error)).toBe('timeout');
      expect(Math.abs(ms - 1000)).toBeLessThanOrEqual(500 + lagMs);
      expect(server.seen).toHaveLength(0);
    } finally {
      await hanging.close();
    }
  });
});

describe('HttpPageFetcher: broken bodies', () => {
  it('treats a body shorter than its Content-Length as a network error and retries it', async () => {
    server.routes.set('/', (_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('only a part');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    expect(codeOf(error)).toBe('network');
    expect(server.requestsTo('/')).toHaveLength(3);
  });

  it('treats broken chunked encoding as a network error', async () => {
    server.routes.set('/', (req) => {
      req.socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZZ\r\nbroken\r\n');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    expect(codeOf(error)).toBe('network');
  });
});

describe('HttpPageFetcher: compression and the body cap', () => {
  const body = Buffer.from(`<html><head><meta charset="utf-8"></head><body>${'Практика. '.repeat(500)}</body></html>`);
  for (const [coding, encode] of [
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const) {
    it(`decodes a ${coding} body (${encode.name})`, async () => {
      server.routes.set('/', (_req, res) => {
        res.writeHead(200, { 'content-encoding': coding, 'content-type': 'text/html' });
        res.end(encode(body));
      });
      const page = (await fetcher.fetch({ url: `${base()}/`, source: source() })) as FetchedPage;
      expect(Buffer.from(page.bytes).equals(body)).toBe(true);
      expect(page.charset).toBe('utf-8');
    });
  }

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    server.routes.set('/', (_req, res) => {
      res.writeHead(200, { 'content-length': String(6 * 1024 * 1024) });
      res.write(Buffer.alloc(1024));
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    expect(codeOf(error)).toBe('too_large');
  });

  it('stops a chunked body at the per-source cap', async () => {
    server.routes.set('/', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      for (let i = 0; i < 64 && !res.destroyed; i++) {
        if (!res.write(Buffer.alloc(64 * 1024, 0x61))) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source({ maxBodyBytes: 1024 * 1024 }) }));
    expect(codeOf(error)).toBe('too_large');
    expect((error as PipelineError).context.maxBodyBytes).toBe(1024 * 1024);
  });

  for (const [coding, compress] of [
    ['gzip', gzipSync],
    ['deflate', deflateRawSync],
    ['br', brotliCompressSync],
  ] as const) it(`stops a 64 MiB ${coding} bomb at the 5 MiB cap with memory below twice the cap`, async () => {
    const bomb = compress(Buffer.alloc(64 * 1024 * 1024, 0x41));
    server.routes.set('/', (_req, res) => {
      res.writeHead(200, { 'content-encoding': coding, 'content-type': 'application/rss+xml' });
      res.end(bomb);
    });
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakArrayBuffers = 0;
    let peakRss = 0;
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peakArrayBuffers = Math.max(peakArrayBuffers, now.arrayBuffers - baseline.arrayBuffers);
      peakRss = Math.max(peakRss, now.rss - baseline.rss);
    }, 2);
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source() }));
    clearInterval(sampler);
    const cap = 5 * 1024 * 1024;
    console.info(`${coding} bomb (${bomb.length} B → 64 MiB): peak arrayBuffers +${(peakArrayBuffers / 1048576).toFixed(1)} MiB, rss +${(peakRss / 1048576).toFixed(1)} MiB, cap 5 MiB`);
    expect(codeOf(error)).toBe('too_large');
    expect(peakArrayBuffers).toBeLessThan(2 * cap);
  });

  describe.skipIf(!existsSync(scrapyDir))("Scrapy's decompression bombs (../shared/corpora/scrapy)", () => {
    for (const [file, coding] of [
      ['bomb-gzip.bin', 'gzip'],
      ['bomb-deflate.bin', 'deflate'],
      ['bomb-br.bin', 'br'],
    ] as const) {
      it(`stops ${file} at the cap`, async () => {
        const bytes = readFileSync(path.join(scrapyDir, file));
        server.routes.set('/', (_req, res) => {
          res.writeHead(200, { 'content-encoding': coding });
          res.end(bytes);
        });
        const { error } = await timed(() => fetcher.fetch({ url: `${base()}/`, source: source({ maxBodyBytes: 1024 * 1024 }) }));
        expect(codeOf(error)).toBe('too_large');
      });
    }
  });
});

describe('HttpPageFetcher: per-host spacing', () => {
  it('sends one request at a time per host, at least minDelayMs apart, other hosts unaffected', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    server.routes.set('*', (_req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 100);
    });
    const start = performance.now();
    await Promise.all([
      ...[1, 2, 3].map((i) => fetcher.fetch({ url: `${base()}/p${i}`, source: source({ minDelayMs: 1200 }) })),
      fetcher.fetch({ url: `http://other.test:${server.port}/o`, source: testSource(['other.test']) }),
    ]);
    const mos = server.seen.filter((r) => r.path.startsWith('/p')).map((r) => r.at);
    const gaps = mos.slice(1).map((at, i) => at - mos[i]!);
    const other = server.seen.find((r) => r.path === '/o')!;
    console.info(`per-host spacing (minDelayMs 1200, 100 ms responses): gaps ${gaps.map((g) => g.toFixed(0)).join(', ')} ms`);
    expect(gaps.every((gap) => gap >= 1200)).toBe(true);
    expect(other.at - start).toBeLessThan(500);
    expect(maxInFlight).toBeLessThanOrEqual(2);
  });

  it('never spaces requests less than 1 s even if a source asks for less', async () => {
    server.routes.set('*', (_req, res) => res.end('ok'));
    await fetcher.fetch({ url: `${base()}/a`, source: source({ minDelayMs: 10 }) });
    await fetcher.fetch({ url: `${base()}/b`, source: source({ minDelayMs: 10 }) });
    expect(server.seen[1]!.at - server.seen[0]!.at).toBeGreaterThanOrEqual(1000);
  });
});

describe('HttpPageFetcher: scheme override', () => {
  it('fetches over plain HTTP when the source forces it', async () => {
    server.routes.set('/', (_req, res) => res.end('plain'));
    const page = (await fetcher.fetch({ url: `https://mos.test:${server.port}/`, source: source({ scheme: 'http' }) })) as FetchedPage;
    expect(page.url).toBe(`${base()}/`);
    expect(page.text).toBe('plain');
  });
});

describe('HttpPageFetcher: keep-alive', () => {
  it('reuses a pooled connection, and sends again on a fresh one when the server has dropped it', async () => {
    const served = new WeakSet<object>();
    let dropped = 0;
    server.routes.set('*', (req, res) => {
      // The second request on any connection finds it closed, as after a server's idle timeout.
      if (served.has(req.socket) && req.url === '/stale') {
        dropped++;
        req.socket.destroy();
        return;
      }
      served.add(req.socket);
      res.end(`page ${req.url}`);
    });
    const once = testFetcher(server.port, { retries: 0 });
    try {
      await once.fetch({ url: `${base()}/first`, source: source() });
      await once.fetch({ url: `${base()}/second`, source: source() });
      const page = (await once.fetch({ url: `${base()}/stale`, source: source() })) as FetchedPage;
      expect(page.text).toBe('page /stale');
      expect(dropped).toBe(1);
      expect(server.seen.map((r) => r.path)).toEqual(['/first', '/second', '/stale', '/stale']);
    } finally {
      await once.close();
    }
  });
});

describe('HttpPageFetcher: close()', () => {
  it('ends every connection, busy or half-open, so that nothing keeps the process alive', async () => {
    server.routes.set('/a', (_req, res) => res.end('ok'));
    server.routes.set('/hang', () => undefined);
    server.routes.set('/busy', (_req, res) => res.writeHead(503, { 'retry-after': '30' }).end());
    // A child process with production budgets (20 s deadline, 10 s connect timeout, retries):
    // without close() it would live on until those timers fire and the retries are done.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', 'close-in-flight.ts'), String(server.port)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let closedAt = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!closedAt && stdout.includes('closed')) closedAt = performance.now();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exitCode = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const lifeAfterClose = performance.now() - closedAt;
    console.info(`close(): the process exited ${lifeAfterClose.toFixed(0)} ms after close() with 3 fetches in flight`);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(closedAt).toBeGreaterThan(0);
    expect(JSON.parse(stdout.split('\n')[1]!)).toEqual(['network', 'network', 'http_5xx']);
    expect(lifeAfterClose).toBeLessThan(2000);
    expect(server.requestsTo('/hang')).toHaveLength(1);
    expect(server.requestsTo('/busy')).toHaveLength(1);
  }, 30_000);
});
