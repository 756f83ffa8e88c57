import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Launches Debian's Chromium headless. Throws (never skips) with what to install when it is
 * missing or does not start, so that a machine without a browser fails the console tests.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: the console's end-to-end tests need it (Debian: apt-get install -y chromium).`);
  }
  try {
    return await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    throw new Error(`Chromium at ${CHROMIUM} could not be launched: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Registers a suite's browser hooks (call it first inside `describe`): Chromium launched once and
 * closed at the end; when it cannot start, every test FAILS with the reason instead of skipping.
 */
export function useChromium(): { readonly browser: Browser } {
  const holder = {} as { browser: Browser };
  let failure: unknown = null;
  beforeAll(async () => {
    try {
      holder.browser = await launchChromium();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure) throw failure;
  });
  afterAll(async () => {
    await holder.browser?.close();
  });
  return holder;
}

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  /** Requests the page tried to send anywhere but 127.0.0.1 (aborted). */
  external: string[];
}

/**
 * Opens `url` in a fresh context (empty sessionStorage) at the given viewport, recording console
 * errors and CSP violations and blocking anything that is not loopback.
 */
export async function openPage(browser: Browser, url: string, viewport = { width: 1400, height: 1000 }): Promise<ConsoleSession> {
  const context = await browser.newContext({ viewport });
  const external: string[] = [];
  await context.route('**/*', (route) => {
    const target = new URL(route.request().url());
    if (target.hostname === '127.0.0.1') return route.continue();
    external.push(target.href);
    return route.abort();
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(`pageerror: ${error.message}`));
  // Payloads from public lists mostly call alert(); any such call marks the page as exploited.
  await page.addInitScript(`
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    for (const name of ['alert', 'confirm', 'prompt', 'print']) window[name] = () => { window.__xss = 'called ' + name; };
  `);
  await page.goto(url);
  return { context, page, consoleErrors, external };
}

/** Opens the console at `${origin}/console/${hash}` (see `openPage`); signs in when given a token. */
export async function openConsole(browser: Browser, origin: string, hash: string, token: string | null): Promise<ConsoleSession> {
  const session = await openPage(browser, `${origin}/console/${hash}`);
  if (token) {
    await session.page.fill('#signin-token', token);
    await session.page.click('.signin-form button[type=submit]');
  }
  return session;
}

/**
 * The checks every browser test ends with: no injected script ran, no CSP violation, no console
 * error except failed requests with the expected HTTP statuses, nothing left loopback.
 */
export async function finishSession(session: ConsoleSession, expectedHttpErrors: number[] = []): Promise<void> {
  const { page } = session;
  expect(await page.evaluate('window.__xss')).toBeUndefined();
  expect(await page.evaluate('window.__csp')).toEqual([]);
  const unexpected = session.consoleErrors.filter((text) => {
    const status = /status of (\d{3})/.exec(text);
    return !(status && expectedHttpErrors.includes(Number(status[1])));
  });
  expect(unexpected).toEqual([]);
  expect(session.external).toEqual([]);
  await session.context.close();
}

/**
 * `expect.poll` with room for a loaded machine: a real DynamoDB Local transaction behind a click
 * can take seconds when every core is busy.
 */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** Evaluated in the page: every element that could run script or navigate to a non-http(s) target. */
export const DANGEROUS_DOM = `(() => {
  const found = [];
  for (const node of document.querySelectorAll('*')) {
    for (const attr of node.attributes) if (/^on/i.test(attr.name)) found.push(node.tagName + ' ' + attr.name);
    // The console's own charts and map are SVG it builds node by node (classes below); any other SVG came from a payload.
    const ownSvg = node.tagName === 'svg' && ['activity-bars', 'russia-map'].includes(node.getAttribute('class'));
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'svg'].includes(node.tagName) && !(node.tagName === 'SCRIPT' && node.getAttribute('src') === 'app.js') && !ownSvg) found.push('element ' + node.tagName);
    if (node.tagName === 'FORM' && node.hasAttribute('action')) found.push('form action ' + node.getAttribute('action'));
  }
  for (const a of document.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    // '../' is index.html's own link from /console/ to the public page at /.
    if (!/^(https?:\\/\\/|#\\/)/.test(href) && !(href === '../' && a.closest('nav.nav'))) found.push('link ' + href);
  }
  return found;
})()`;
