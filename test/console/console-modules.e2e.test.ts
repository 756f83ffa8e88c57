import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleResponder } from '../../functions/console/serve-console.js';
import { type ConsoleSession, finishSession, openConsole, useChromium } from './browser.js';
import { fakeJwt } from './fake-api.js';

let server: Server;
let session: ConsoleSession;
let page: Page;

/** Runs `body` in the page with the console's module `name` bound to `m`. */
const inModule = (name: string, body: string): Promise<unknown> => page.evaluate(`import('./${name}.js').then((m) => ${body})`);

describe("the console's browser modules, in the browser", () => {
  const chromium = useChromium();

  beforeAll(async () => {
    const serveConsole = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
    server = createServer((req, res) => {
      if (!serveConsole(req, res)) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    if (!chromium.browser) return;
    session = await openConsole(chromium.browser, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, '#/sources', null);
    page = session.page;
  });

  afterAll(async () => {
    // The sources page asked the (absent) API for /sources once.
    if (session) await finishSession(session, [404]);
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('makes PKCE verifiers of 43 base64url characters and their S256 challenges (checked against node:crypto)', async () => {
    const verifiers = (await inModule('auth', '[m.createCodeVerifier(), m.createCodeVerifier(), m.createCodeVerifier()]')) as string[];
    expect(new Set(verifiers).size).toBe(3);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const verifier of [...verifiers, 'a verifier with UTF-8: проверка']) {
      const challenge = await inModule('auth', `m.codeChallengeS256(${JSON.stringify(verifier)})`);
      expect(challenge).toBe(createHash('sha256').update(verifier, 'utf8').digest('base64url'));
    }
  });

  it('decodes a JWT payload with Cyrillic claims and rejects what is not a JWT', async () => {
    const token = fakeJwt({ username: 'Ольга', exp: 2_000_000_000 });
    expect(await inModule('auth', `m.decodeJwtPayload(${JSON.stringify(token)})`)).toEqual({ username: 'Ольга', exp: 2_000_000_000 });
    expect(await inModule('auth', "m.decodeJwtPayload('not-a-token')")).toBeNull();
    expect(await inModule('auth', "m.decodeJwtPayload('a.%%%.c')")).toBeNull();
  });

  it('accepts only absolute http(s) URLs as links', async () => {
    const verdicts = await inModule('dom', `[
      'https://www.mos.ru/news/', 'http://gov74.ru/a?b=1', 'javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\\tscript:alert(1)',
      'data:text/html,x', 'vbscript:x', '/relative', '//evil.example/x', '', null, 42,
    ].map((u) => m.safeHttpUrl(u))`);
    expect(verdicts).toEqual(['https://www.mos.ru/news/', 'http://gov74.ru/a?b=1', null, null, null, null, null, null, null, null, null, null]);
  });

  it('shows dates in Moscow time whatever the offset they come with', async () => {
    expect(await inModule('dom', "m.formatMoscow('2026-11-20T06:00:00Z')")).toBe('20.11.2026, 09:00 МСК');
    expect(await inModule('dom', "m.formatMoscow('2026-11-20T23:30:00+05:00')")).toBe('20.11.2026, 21:30 МСК');
    expect(await inModule('dom', "m.formatMoscow('2026-11-20T22:30:00Z', { dateOnly: true })")).toBe('21.11.2026');
    expect(await inModule('dom', 'm.formatMoscow(null)')).toBe('—');
    expect(await inModule('dom', "m.formatMoscow('вчера')")).toBe('вчера');
  });

  it('diffs words, keeping every character of both texts', async () => {
    expect(await inModule('diff', "m.diffWords('опыт Москвы рекомендован', 'опыт Москвы и Казани рекомендован регионам')")).toEqual([
      { op: 'equal', text: 'опыт Москвы ' },
      { op: 'insert', text: 'и Казани ' },
      { op: 'equal', text: 'рекомендован' },
      { op: 'insert', text: ' регионам' },
    ]);
    const ops = (await inModule('diff', "m.diffWords('a b c d', 'a x c')")) as Array<{ op: string; text: string }>;
    expect(ops.filter((o) => o.op !== 'insert').map((o) => o.text).join('')).toBe('a b c d');
    expect(ops.filter((o) => o.op !== 'delete').map((o) => o.text).join('')).toBe('a x c');
    // Past the size limit the texts are shown side by side instead of diffed.
    expect(await inModule('diff', "m.diffWords('x '.repeat(3000), 'y '.repeat(3000))")).toBeNull();
    // A rewrite (few shared words) is shown as before and after; an edit as marked changes.
    expect(await inModule('diff', "m.renderDiff('старый заголовок новости', 'совсем другой текст новости').className")).toBe('diff-side');
    expect(await inModule('diff', "m.renderDiff('опыт Москвы рекомендован', 'опыт Москвы рекомендован регионам').querySelector('ins').textContent")).toBe(' регионам');
  });
});
