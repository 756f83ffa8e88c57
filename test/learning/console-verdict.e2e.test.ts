import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishSession, openConsole, poll, useChromium } from '../console/browser.js';
import { createFakeApi, fakeJwt, serveConsoleWith, type RecordedRequest } from '../console/fake-api.js';
import { baseItems, SOURCES } from '../console/fixtures.js';

// The console's part of the learning loop: the uncertain queue, and "is / is not an announcement" in one keystroke.
const TOKEN = fakeJwt({ username: 'ivanova', 'cognito:groups': ['editors'], exp: Math.floor(Date.now() / 1000) + 3600 });
let closeServer: (() => Promise<void>) | undefined;
let origin: string;
let api: ReturnType<typeof createFakeApi>;
const chromium = useChromium();

async function waitForPatch(count: number): Promise<RecordedRequest[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = api.requests.filter((r) => r.method === 'PATCH');
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} PATCH requests, saw ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('console: uncertain items and the one-keystroke verdict', () => {
  beforeAll(async () => {
    api = createFakeApi({ items: baseItems(), sources: SOURCES, tokens: { [TOKEN]: 'ivanova' } });
    ({ origin, close: closeServer } = await serveConsoleWith(api.handle));
  });
  afterAll(async () => {
    await closeServer?.();
  });

  it('lists the uncertain items with a badge, and y / n send set-announcement for the selected one', async () => {
    const session = await openConsole(chromium.browser, origin, '#/queue?classified=uncertain', TOKEN);
    const { page } = session;
    await page.waitForSelector('.detail .item-title');
    expect(await page.locator('.queue-item').count()).toBe(1);
    expect(await page.textContent('.queue-item .queue-meta')).toContain('не уверен');
    expect(await page.inputValue('#filter-classified')).toBe('uncertain');
    await page.keyboard.press('y');
    const [first] = await waitForPatch(1);
    expect(first!.url.pathname).toBe('/practices/negative');
    expect(first!.body).toEqual({ action: 'set-announcement', value: true });
    expect(first!.headers['if-match']).toBe('"1"');
    await poll(() => page.textContent('#notice')).toContain('Отмечено: объявление.');
    // Once judged, the badge goes (the item is no longer uncertain); n takes it back.
    await poll(() => page.textContent('.queue-item .queue-meta')).not.toContain('не уверен');
    await page.keyboard.press('n');
    const patches = await waitForPatch(2);
    expect(patches[1]!.body).toEqual({ action: 'set-announcement', value: false });
    expect(patches[1]!.headers['if-match']).toBe('"2"');
    await finishSession(session);
  });
});
