import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import regionCatalogue from '../../functions/core/catalogues/regions.json' with { type: 'json' };
import { finishSession, openPage, poll, type ConsoleSession, useChromium } from './browser.js';
import { createFakeApi, fakeJwt, serveConsoleWith } from './fake-api.js';
import { SOURCES, view } from './fixtures.js';
import { createPublicFake, PUBLIC_SOURCES } from './public-fake.js';

/**
 * The public page at `/` and the console's map in Debian's Chromium: every federal subject drawn,
 * a region's practices listed on click and by keyboard, flows drawn, filters and paging, 1280 px and
 * 390 px widths (nothing wider than the screen, the queue's titles included), no console errors,
 * axe-core with no serious or critical violation. Screenshots go to `.artifacts/browser/` (ignored by git).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTIFACTS = path.join(ROOT, '.artifacts', 'browser');
const AXE = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const EDITOR_TOKEN = fakeJwt({ username: 'ivanova', 'cognito:groups': ['editors'], exp: Math.floor(Date.now() / 1000) + 3600 });
const LONG_TITLE = `Минэкономразвития_рекомендовало_регионам_тиражировать_практику_${'очень_длинное_слово_без_пробелов_'.repeat(4)}`;
const ALL_CODES = regionCatalogue.regions.map((r) => r.code).sort();

let closeServer: (() => Promise<void>) | undefined;
let origin: string;
let publicApi: ReturnType<typeof createPublicFake>;

const chromium = useChromium();

/** The public page or the console at `width` px (the shared browser session helper). */
const openAt = (browser: Browser, url: string, width: number): Promise<ConsoleSession> => openPage(browser, url, { width, height: 900 });

/** Runs axe-core in the page, loaded through the debugging protocol so the page's CSP stays as strict as served. */
async function seriousViolations(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Runtime.evaluate', { expression: AXE });
  await cdp.detach();
  const violations = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: String(v.nodes[0] && v.nodes[0].target) })))')) as Array<{ id: string; impact: string; nodes: number; target: string }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes} nodes, e.g. ${v.target})`);
}

async function noHorizontalOverflow(page: Page, width: number): Promise<void> {
  const scroll = await page.evaluate('document.documentElement.scrollWidth');
  expect(scroll).toBeLessThanOrEqual(width);
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

// A minute per test: the five take about 40 s together on an idle machine, twice that on a loaded one.
describe('public page and map in a real browser', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    publicApi = createPublicFake();
    const editorApi = createFakeApi({
      items: [view('long1', { title: LONG_TITLE, status: 'pending', isPracticeAnnouncement: true }, '2026-11-20T00:00:00Z')],
      sources: SOURCES,
      tokens: { [EDITOR_TOKEN]: 'ivanova' },
    });
    ({ origin, close: closeServer } = await serveConsoleWith(publicApi.handle, editorApi.handle));
  });

  afterAll(async () => {
    await closeServer?.();
  });

  it('draws every federal subject at 1280 px; a click lists the region\'s practices and draws the flow; axe finds nothing serious', async () => {
    const session = await openAt(chromium.browser, `${origin}/`, 1280);
    const { page } = session;
    await poll(() => page.locator('.russia-map [data-code]').count()).toBe(ALL_CODES.length);
    const codes = (await page.locator('.russia-map [data-code]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-code')))).sort();
    expect(codes).toEqual(ALL_CODES);
    // Every outline is a real shape with a size, not an empty path.
    const empty = await page.locator('.russia-map path[data-code]').evaluateAll((nodes) => nodes.filter((n) => { const b = (n as unknown as { getBBox(): { width: number; height: number } }).getBBox(); return b.width < 0.5 || b.height < 0.5; }).length);
    expect(empty).toBe(0);
    // Moscow originated one practice and is coloured for it; a subject without practices is not.
    expect(await page.getAttribute('[data-code="RU-MOW"]', 'class')).toContain('map-l1');
    expect(await page.getAttribute('[data-code="RU-CHU"]', 'class')).toContain('map-l0');
    // The geodata's attribution link and its licence, served beside the map file.
    expect(await page.locator('.map-attribution a').first().getAttribute('href')).toBe('https://www.amcharts.com/');
    const licence = await page.locator('.map-attribution a').nth(1).getAttribute('href');
    expect(licence).toBe(`${origin}/console/russia-map-licence.txt`);
    expect((await fetch(licence!)).status).toBe(200);
    await expect.poll(() => page.locator('.result').count()).toBe(10);

    await page.locator('path[data-code="RU-MOW"]').click();
    await poll(() => page.locator('.region-panel h3').textContent()).toContain('Москва');
    // The heading names the region while its practices are still loading: wait for the list itself.
    await poll(() => page.locator('.region-practice .queue-title').allTextContents()).toEqual(['Цифровую приёмную Москвы рекомендовали к тиражированию']);
    await page.getByRole('button', { name: /Показать путь/ }).click();
    await poll(() => page.locator('.map-flows .flow').count()).toBe(2);
    const flows = await page.locator('.map-flows .flow').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-from')}>${n.getAttribute('data-to')}`).sort());
    expect(flows).toEqual(['RU-MOW>RU-PER', 'RU-MOW>RU-TA']);
    // A subject without an outline in the package (a tile) answers clicks too.
    await page.locator('g[data-code="RU-SEV"]').click();
    await poll(() => page.locator('.region-panel h3').textContent()).toContain('Севастополь');
    await poll(() => page.locator('.region-practice').count()).toBe(3);

    // Wide enough to click the cities themselves: their stand-in buttons are for phones only.
    expect(await page.locator('.map-small').isVisible()).toBe(false);
    await shot(page, 'public-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await noHorizontalOverflow(page, 1280);
    await finishSession(session);
  });

  it('filters and pages the search results, opens a story and renders a search snippet safely', async () => {
    const session = await openAt(chromium.browser, `${origin}/`, 1280);
    const { page } = session;
    await poll(() => page.locator('.result').count()).toBe(10);
    await page.getByRole('button', { name: 'Дальше →' }).click();
    await poll(() => page.locator('.counts[role=status]').last().textContent()).toContain('Страница 2');
    expect(await page.locator('.result').count()).toBe(10);
    expect(new URL(page.url()).searchParams.get('cursor')).toBe('10');
    await page.getByRole('button', { name: 'Дальше →' }).click();
    await poll(() => page.locator('.result').count()).toBe(4);
    await expect(page.getByRole('button', { name: 'Дальше →' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: '← Назад' }).click();
    await poll(() => page.locator('.counts[role=status]').last().textContent()).toContain('Страница 2');

    await page.selectOption('#f-source', 'economy-gov-ru');
    await page.selectOption('#f-topic', 'healthcare');
    await page.fill('#f-from', '2026-10-10');
    await page.getByRole('button', { name: 'Найти' }).click();
    await poll(() => publicApi.requests.filter((u) => u.pathname === '/practices').at(-1)?.searchParams.get('source')).toBe('economy-gov-ru');
    const last = publicApi.requests.filter((u) => u.pathname === '/practices').at(-1)!;
    expect(Object.fromEntries(last.searchParams)).toMatchObject({ source: 'economy-gov-ru', topic: 'healthcare', from: '2026-10-10', limit: '10' });
    expect(last.searchParams.has('cursor')).toBe(false);
    await poll(() => page.locator('.result').count()).toBeGreaterThan(0);
    for (const title of await page.locator('.result-title').allTextContents()) expect(Number(/№ (\d+)/.exec(title)![1]) % 2).toBe(1);

    await page.getByRole('button', { name: 'Сбросить' }).click();
    await page.selectOption('#f-region', 'RU-SEV');
    await page.getByRole('button', { name: 'Найти' }).click();
    await poll(() => page.locator('.result').count()).toBe(3);
    // The search's snippet: the marked words become <mark>, the rest stays text.
    await poll(() => page.locator('.snippet mark').allTextContents()).toEqual(['Севастополя']);
    // Markup inside a snippet's text stays text (the API gives plain text and offsets).
    expect(await page.locator('.snippet b').count()).toBe(0);
    expect(await page.locator('.snippet').first().textContent()).toBe('Опыт Севастополя <b>отобран</b>');

    await page.fill('#f-q', 'москвы рекомендовали');
    await page.selectOption('#f-region', '');
    await page.getByRole('button', { name: 'Найти' }).click();
    await poll(() => page.locator('.result').count()).toBe(1);
    await page.getByRole('button', { name: 'Сюжет и путь практики' }).click();
    await poll(() => page.locator('#story .story-heading').textContent()).toContain('Цифровую приёмную Москвы');
    await poll(() => page.locator('.map-flows .flow').count()).toBe(2);
    expect(new URL(page.url()).searchParams.get('story')).toBe('s0');
    await finishSession(session);
  });

  it('works with the keyboard alone: Tab to a subject, Enter lists its practices, Tab to the search and Enter searches', async () => {
    const session = await openAt(chromium.browser, `${origin}/`, 1280);
    const { page } = session;
    await poll(() => page.locator('.russia-map [data-code]').count()).toBe(ALL_CODES.length);
    let code: string | null = null;
    for (let i = 0; i < 30 && !code; i += 1) {
      await page.keyboard.press('Tab');
      code = await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-code")');
    }
    expect(code).toMatch(/^RU-/);
    expect(await page.locator('.map-tooltip').isVisible()).toBe(true);
    // Move on to Moscow, then select it with Enter.
    for (let i = 0; i < 100 && code !== 'RU-MOW'; i += 1) {
      await page.keyboard.press('Tab');
      code = await page.evaluate('document.activeElement && document.activeElement.getAttribute("data-code")');
    }
    expect(code).toBe('RU-MOW');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.region-practice').count()).toBe(1);
    expect(await page.evaluate('document.activeElement.className')).toContain('region-panel');
    let id: string | null = null;
    for (let i = 0; i < 200 && id !== 'f-q'; i += 1) {
      await page.keyboard.press('Tab');
      id = await page.evaluate('document.activeElement && document.activeElement.id');
    }
    expect(id).toBe('f-q');
    await page.keyboard.type('Пермский');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('.result-title').allTextContents()).toEqual(['Пермский край перенял цифровую приёмную']);
    await finishSession(session);
  });

  it('shows on the sources page a chart of new items per day per source and the time since each last success', async () => {
    const session = await openAt(chromium.browser, `${origin}/console/#/sources`, 1280);
    const { page } = session;
    await poll(() => page.locator('.activity-row').count()).toBe(PUBLIC_SOURCES.length);
    // Every row has a bar per day, also a source the activity does not list.
    for (const row of await page.locator('.activity-row').all()) expect(await row.locator('rect').count()).toBe(30);
    const first = page.locator('.activity-row[data-id="mos-ru-news"]');
    // Days 0, 3, …, 27 carry i mod 4 items: 0+3+2+1+0+3+2+1+0+3 = 15.
    expect(await first.locator('.activity-total').textContent()).toBe('15');
    expect(await first.locator('svg').getAttribute('aria-label')).toMatch(/15 за 30 дн\., в лучший день 3$/);
    const since = await page.locator('.activity-since').allTextContents();
    expect(since).toContain('успех: никогда');
    expect(since.filter((text) => text.endsWith('дн назад'))).toHaveLength(SOURCES.length);
    expect(since.every((text) => /^успех: (никогда|\d+ (мин|ч \d+ мин|дн) назад)$/.test(text))).toBe(true);
    await shot(page, 'console-sources-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await finishSession(session);
  });

  it('fits 390 px: the public page and the console\'s queue and map do not overflow; axe finds nothing serious', async () => {
    const session = await openAt(chromium.browser, `${origin}/`, 390);
    const { page } = session;
    await poll(() => page.locator('.russia-map [data-code]').count()).toBe(ALL_CODES.length);
    await poll(() => page.locator('.result').count()).toBe(10);
    await noHorizontalOverflow(page, 390);
    const mapWidth = await page.locator('.russia-map').evaluate((n) => n.getBoundingClientRect().right);
    expect(mapWidth).toBeLessThanOrEqual(390);
    await shot(page, 'public-390');
    expect(await seriousViolations(page)).toEqual([]);
    // The federal cities are specks at this width: finger-sized buttons stand in for them.
    const cities = page.locator('.map-small button');
    await expect(cities.allTextContents()).resolves.toEqual(['Москва', 'Санкт-Петербург', 'Севастополь']);
    const box = (await cities.first().boundingBox())!;
    expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(44);
    expect(await cities.first().getAttribute('class')).toContain('map-l1');
    await cities.first().click();
    await poll(() => page.locator('.region-panel h3').textContent()).toContain('Москва');
    // The heading names the region while its practices are still loading: wait for the list itself.
    await poll(() => page.locator('.region-practice .queue-title').allTextContents()).toEqual(['Цифровую приёмную Москвы рекомендовали к тиражированию']);
    await finishSession(session);

    const editor = await openAt(chromium.browser, `${origin}/console/#/queue`, 390);
    await editor.page.fill('#signin-token', EDITOR_TOKEN);
    await editor.page.click('.signin-form button[type=submit]');
    await poll(() => editor.page.locator('.queue-item .queue-title').count()).toBe(1);
    const right = await editor.page.locator('.queue-item .queue-title').evaluate((n) => n.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(390);
    await noHorizontalOverflow(editor.page, 390);
    await shot(editor.page, 'console-queue-390');
    await editor.page.goto(`${origin}/console/#/map`);
    await poll(() => editor.page.locator('.russia-map [data-code]').count()).toBe(ALL_CODES.length);
    await editor.page.locator('path[data-code="RU-TA"]').click();
    await poll(() => editor.page.locator('.region-practice').count()).toBe(1);
    await noHorizontalOverflow(editor.page, 390);
    await shot(editor.page, 'console-map-390');
    expect(await seriousViolations(editor.page)).toEqual([]);
    await finishSession(editor);
  });
});
