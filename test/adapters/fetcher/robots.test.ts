import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { RobotsPolicy } from '../../../functions/adapters/fetcher/robots.js';
import { PipelineError } from '../../../functions/core/errors.js';
import { FaultServer, testFetcher, testSource, timed } from './support.js';

describe('RobotsPolicy (RFC 9309)', () => {
  const text = [
    'User-agent: *',
    'Disallow: /',
    '',
    'User-agent: OtherBot',
    'User-agent: PracticeWatch',
    'Disallow: /private',
    'Allow: /private/open',
    'Disallow: /*.pdf$',
    'Disallow: /search*q=',
    'Allow: /tie',
    'Disallow: /tie',
    '',
    'User-agent: practicewatch',
    'Disallow: /merged',
  ].join('\n');

  it('uses the groups naming our product token (case-insensitive, merged) instead of *', () => {
    const policy = RobotsPolicy.parse(text, 'PracticeWatch');
    expect(policy.isAllowed('/news/')).toBe(true);
    expect(policy.isAllowed('/merged/x')).toBe(false);
  });

  it('lets the longest match win, Allow on ties, with * and $', () => {
    const policy = RobotsPolicy.parse(text, 'PracticeWatch');
    expect(policy.isAllowed('/private/x')).toBe(false);
    expect(policy.isAllowed('/private/open/x')).toBe(true);
    expect(policy.isAllowed('/docs/a.pdf')).toBe(false);
    expect(policy.isAllowed('/docs/a.pdf?x=1')).toBe(true);
    expect(policy.isAllowed('/search?lang=ru&q=practice')).toBe(false);
    expect(policy.isAllowed('/tie')).toBe(true);
  });

  it('falls back to the * group, and always allows /robots.txt', () => {
    const policy = RobotsPolicy.parse(text, 'SomeoneElse');
    expect(policy.isAllowed('/news/')).toBe(false);
    expect(policy.isAllowed('/robots.txt')).toBe(true);
  });

  it('treats an empty Disallow and an empty file as allow-all, and matches percent-encoded paths', () => {
    expect(RobotsPolicy.parse('User-agent: *\nDisallow:\n', 'PracticeWatch').isAllowed('/x')).toBe(true);
    expect(RobotsPolicy.parse('', 'PracticeWatch').isAllowed('/x')).toBe(true);
    const cyrillic = RobotsPolicy.parse('User-agent: *\nDisallow: /новости\n', 'PracticeWatch');
    expect(cyrillic.isAllowed('/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8/1')).toBe(false);
  });
});

describe('HttpPageFetcher: robots.txt', () => {
  let server: FaultServer;
  let fetcher: HttpPageFetcher;
  let now = new Date('2026-11-26T09:00:00Z').getTime();
  const base = () => `http://mos.test:${server.port}`;
  const source = () => testSource(['mos.test'], { respectRobots: true });
  const codeOf = (error: unknown) => (error instanceof PipelineError ? error.code : String(error));

  beforeEach(async () => {
    server = await new FaultServer().start();
    now = new Date('2026-11-26T09:00:00Z').getTime();
    fetcher = testFetcher(server.port, { clock: { now: () => new Date(now) } });
    server.routes.set('/page', (_req, res) => res.end('page'));
  });

  afterEach(async () => {
    await fetcher.close();
    await server.stop();
  });

  it('allows everything when robots.txt is 404', async () => {
    server.routes.set('/robots.txt', (_req, res) => {
      res.statusCode = 404;
      res.end();
    });
    await fetcher.fetch({ url: `${base()}/page`, source: source() });
    expect(server.seen.map((r) => r.path)).toEqual(['/robots.txt', '/page']);
    expect(server.seen[0]!.headers['user-agent']).toMatch(/^PracticeWatch\//);
  });

  it('disallows everything when robots.txt answers 500, without fetching the page', async () => {
    server.routes.set('/robots.txt', (_req, res) => {
      res.statusCode = 500;
      res.end();
    });
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }));
    expect(codeOf(error)).toBe('robots_disallowed');
    expect(server.requestsTo('/page')).toHaveLength(0);
  });

  it('asks again for a robots.txt that failed after 15 minutes, not 24 hours', async () => {
    let status = 503;
    server.routes.set('/robots.txt', (_req, res) => {
      res.statusCode = status;
      res.end('User-agent: *\nAllow: /\n');
    });
    expect(codeOf((await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }))).error)).toBe('robots_disallowed');
    status = 200;
    now += 14 * 60_000;
    expect(codeOf((await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }))).error)).toBe('robots_disallowed');
    now += 2 * 60_000;
    await fetcher.fetch({ url: `${base()}/page`, source: source() });
    expect(server.requestsTo('/robots.txt')).toHaveLength(2);
    expect(server.requestsTo('/page')).toHaveLength(1);
  });

  it('fails the page with timeout when robots.txt times out, without fetching the page', async () => {
    server.routes.set('/robots.txt', () => undefined);
    const { error, ms } = await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }));
    expect(codeOf(error)).toBe('timeout');
    expect((error as Error).message).toMatch(/robots\.txt/);
    expect(ms).toBeLessThan(3000);
    expect(server.requestsTo('/page')).toHaveLength(0);
  });

  it('fails the page with network when robots.txt breaks off, and keeps that verdict 15 minutes', async () => {
    let down = true;
    server.routes.set('/robots.txt', (req, res) => {
      if (down) req.socket.destroy();
      else res.end('User-agent: *\nAllow: /\n');
    });
    const first = await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }));
    expect(codeOf(first.error)).toBe('network');
    expect((first.error as PipelineError).context.url).toBe(`${base()}/page`);
    down = false;
    now += 14 * 60_000;
    expect(codeOf((await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }))).error)).toBe('network');
    expect(server.requestsTo('/robots.txt')).toHaveLength(1);
    now += 2 * 60_000;
    await fetcher.fetch({ url: `${base()}/page`, source: source() });
    expect(server.requestsTo('/robots.txt')).toHaveLength(2);
    expect(server.requestsTo('/page')).toHaveLength(1);
  });

  it('fails the page with network when the robots.txt host refuses connections', async () => {
    const port = server.port;
    await server.stop();
    const { error } = await timed(() => fetcher.fetch({ url: `http://mos.test:${port}/page`, source: source() }));
    expect(codeOf(error)).toBe('network');
    server = await new FaultServer().start();
  });

  it.each([
    ['429', (res: ServerResponse) => res.writeHead(429).end()],
    ['a file over 512 KiB', (res: ServerResponse) => res.end(`User-agent: *\nAllow: /\n${'#'.repeat(600 * 1024)}`)],
  ])('keeps robots_disallowed for %s', async (_case, answer) => {
    server.routes.set('/robots.txt', (_req, res) => answer(res));
    const { error } = await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }));
    expect(codeOf(error)).toBe('robots_disallowed');
    expect(server.requestsTo('/page')).toHaveLength(0);
  });

  it('applies the rules and caches them for at most 24 hours', async () => {
    let robots = 'User-agent: *\nDisallow: /page\n';
    server.routes.set('/robots.txt', (_req, res) => res.end(robots));
    const first = await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }));
    expect(codeOf(first.error)).toBe('robots_disallowed');

    robots = 'User-agent: *\nAllow: /\n';
    now += 23 * 3600_000;
    const cached = await timed(() => fetcher.fetch({ url: `${base()}/page`, source: source() }));
    expect(codeOf(cached.error)).toBe('robots_disallowed');
    expect(server.requestsTo('/robots.txt')).toHaveLength(1);

    now += 1 * 3600_000 + 1;
    const refreshed = await fetcher.fetch({ url: `${base()}/page`, source: source() });
    expect(refreshed.notModified).toBe(false);
    expect(server.requestsTo('/robots.txt')).toHaveLength(2);
    expect(server.requestsTo('/page')).toHaveLength(1);
  });

  it('does not consult robots.txt for a source that opts out', async () => {
    await fetcher.fetch({ url: `${base()}/page`, source: testSource(['mos.test'], { respectRobots: false }) });
    expect(server.seen.map((r) => r.path)).toEqual(['/page']);
  });
});
