import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsoleResponder, type ConsoleResponder } from '../../functions/console/serve-console.js';
import { finishSession, openConsole, useChromium } from './browser.js';
import { createFakeApi, fakeJwt } from './fake-api.js';
import { baseItems, SOURCES } from './fixtures.js';

const ACCESS_TOKEN = fakeJwt({ username: 'smirnova', token_use: 'access', scope: 'openid practice-watch/editor', exp: Math.floor(Date.now() / 1000) + 3600 });
const ID_TOKEN = fakeJwt({ 'cognito:username': 'smirnova', token_use: 'id', exp: Math.floor(Date.now() / 1000) + 3600 });
const CODE = 'authorization-code-1';

let consoleServer: Server;
let cognitoServer: Server;
let origin: string;
let cognitoOrigin: string;
const authorizeRequests: URLSearchParams[] = [];
const tokenRequests: URLSearchParams[] = [];
const logoutRequests: URLSearchParams[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A stand-in for Cognito's hosted UI: authorize redirects straight back, token checks PKCE. */
function cognito(): Server {
  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', cognitoOrigin);
    if (url.pathname === '/oauth2/authorize') {
      authorizeRequests.push(url.searchParams);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: CODE, state: url.searchParams.get('state') ?? '' }).toString();
      res.writeHead(302, { Location: back.href }).end();
      return;
    }
    if (url.pathname === '/oauth2/token' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      tokenRequests.push(form);
      const challenge = authorizeRequests.at(-1)?.get('code_challenge');
      const verifier = form.get('code_verifier') ?? '';
      const ok = form.get('grant_type') === 'authorization_code' && form.get('code') === CODE && form.get('client_id') === 'console-client'
        && createHash('sha256').update(verifier).digest('base64url') === challenge;
      res.writeHead(ok ? 200 : 400, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': origin });
      res.end(JSON.stringify(ok ? { access_token: ACCESS_TOKEN, id_token: ID_TOKEN, refresh_token: 'r', expires_in: 3600, token_type: 'Bearer' } : { error: 'invalid_grant' }));
      return;
    }
    if (url.pathname === '/logout') {
      logoutRequests.push(url.searchParams);
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('signed out');
      return;
    }
    res.writeHead(404).end();
  });
}

describe('editors console signing in through Cognito (authorization code + PKCE)', () => {
  const chromium = useChromium();

  beforeAll(async () => {
    cognitoServer = cognito();
    await new Promise<void>((resolve) => cognitoServer.listen(0, '127.0.0.1', resolve));
    cognitoOrigin = `http://127.0.0.1:${(cognitoServer.address() as AddressInfo).port}`;
    const api = createFakeApi({ items: baseItems(), sources: SOURCES, tokens: { [ACCESS_TOKEN]: 'smirnova' } });
    let serveConsole: ConsoleResponder = () => false;
    consoleServer = createServer((req, res) => {
      if (!serveConsole(req, res)) void api.handle(req, res);
    });
    await new Promise<void>((resolve) => consoleServer.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(consoleServer.address() as AddressInfo).port}`;
    serveConsole = createConsoleResponder({
      config: { apiBaseUrl: '', auth: { mode: 'cognito', domain: cognitoOrigin, clientId: 'console-client', scopes: ['openid', 'practice-watch/editor'], redirectUri: `${origin}/console/` } },
    });
  });

  afterAll(async () => {
    await new Promise((resolve) => (consoleServer ? consoleServer.close(resolve) : resolve(undefined)));
    await new Promise((resolve) => (cognitoServer ? cognitoServer.close(resolve) : resolve(undefined)));
  });

  it('redirects with an S256 challenge, exchanges the code with its verifier and keeps the access token', async () => {
    const session = await openConsole(chromium.browser, origin, '#/queue?status=pending', null);
    const { page } = session;
    await page.click('.signin button:has-text("Войти")');
    await page.waitForSelector('.queue-item');

    const authorize = authorizeRequests.at(-1)!;
    expect(authorize.get('response_type')).toBe('code');
    expect(authorize.get('client_id')).toBe('console-client');
    expect(authorize.get('scope')).toBe('openid practice-watch/editor');
    expect(authorize.get('code_challenge_method')).toBe('S256');
    expect(authorize.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const exchange = tokenRequests.at(-1)!;
    expect(exchange.get('redirect_uri')).toBe(`${origin}/console/`);
    expect(exchange.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The code is gone from the address bar, the route the editor started from is back.
    expect(page.url()).toBe(`${origin}/console/#/queue?status=pending`);
    expect(await page.textContent('#session .who')).toBe('Вы вошли как smirnova');
    const stored = String(await page.evaluate('Object.values(sessionStorage).join(" ")'));
    expect(stored).toContain(ACCESS_TOKEN);
    expect(stored).not.toContain(ID_TOKEN);

    await page.click('#session button');
    await page.waitForURL(`${cognitoOrigin}/logout?**`);
    expect(logoutRequests.at(-1)!.get('logout_uri')).toBe(`${origin}/console/`);
    await finishSession(session);
  });

  it('refuses a return whose state does not match the one it sent', async () => {
    const session = await openConsole(chromium.browser, origin, '', null);
    const { page } = session;
    const exchangesBefore = tokenRequests.length;
    await page.goto(`${origin}/console/?code=${CODE}&state=forged`);
    await page.waitForSelector('#notice:not([hidden])');
    expect(await page.textContent('#notice')).toContain('не совпадает с запросом');
    expect(await page.isVisible('.signin')).toBe(true);
    expect(tokenRequests.length).toBe(exchangesBefore);
    await finishSession(session);
  });
});
