import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import regionCatalogue from '../../functions/core/catalogues/regions.json' with { type: 'json' };
import { type ConsoleSession, DANGEROUS_DOM, finishSession, openConsole, poll, useChromium } from './browser.js';
import { createFakeApi, fakeJwt, serveConsoleWith, type RecordedRequest } from './fake-api.js';
import { baseItems, payloadSample, SOURCES, view, XSS_IMG, XSS_SCRIPT } from './fixtures.js';

const EDITOR_TOKEN = fakeJwt({ username: 'ivanova', 'cognito:groups': ['editors'], exp: Math.floor(Date.now() / 1000) + 3600 });
const UNKNOWN_TOKEN = fakeJwt({ username: 'stranger', exp: Math.floor(Date.now() / 1000) + 3600 });
const PAYLOADS = payloadSample(60);

let closeServer: (() => Promise<void>) | undefined;
let origin: string;
let api: ReturnType<typeof createFakeApi>;

function freshApi() {
  const payloadItems = PAYLOADS.map((title, i) => view(`p${String(i).padStart(3, '0')}`, {
    title, bodyText: title, lead: title, status: 'rejected', sourceId: 'xss-corpus', isPracticeAnnouncement: false, rejectReason: title,
  }, `2026-11-21T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`));
  return createFakeApi({ items: [...baseItems(), ...payloadItems], sources: SOURCES, tokens: { [EDITOR_TOKEN]: 'ivanova' } });
}

const chromium = useChromium();
const open = (hash: string, token: string | null = EDITOR_TOKEN): Promise<ConsoleSession> => openConsole(chromium.browser, origin, hash, token);

const reviewRequests = (): URL[] => api.requests.filter((r) => r.method === 'GET' && r.url.pathname === '/review').map((r) => r.url);
const patches = (): RecordedRequest[] => api.requests.filter((r) => r.method === 'PATCH');

/** Waits until the fake API has recorded `count` requests matching `predicate`. */
async function waitForRequests(predicate: (r: RecordedRequest) => boolean, count = 1): Promise<RecordedRequest[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = api.requests.filter(predicate);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`expected ${count} matching requests, saw ${found.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('editors console in a real browser', () => {
  beforeAll(async () => {
    ({ origin, close: closeServer } = await serveConsoleWith((req, res) => api.handle(req, res))); // `api` is made anew before each test
  });

  afterAll(async () => {
    await closeServer?.();
  });

  beforeEach(() => {
    api = freshApi();
  });

  it('signs in with a pasted token, shows who is signed in and renders the queue, oldest first, in Moscow time', async () => {
    const session = await open('', null);
    const { page } = session;
    await page.waitForSelector('#signin-token');
    expect(await page.getAttribute('html', 'lang')).toBe('ru');
    await page.fill('#signin-token', 'не токен');
    await page.click('.signin-form button[type=submit]');
    await poll(() => page.textContent('.signin .field-error:not([hidden])')).toContain('не похоже на токен');
    await page.fill('#signin-token', `Bearer ${EDITOR_TOKEN}`);
    await page.click('.signin-form button[type=submit]');

    await page.waitForSelector('.queue-item');
    expect(await page.textContent('#session .who')).toBe('Вы вошли как ivanova');
    expect(await page.locator('.queue-title').allTextContents()).toEqual([baseItems()[0]!.title, XSS_IMG]);
    expect(await page.textContent('.counts')).toBe('Показано 2 (это все) · на проверке: 2');
    expect(await page.locator('.queue-item').first().textContent()).toContain('20.11.2026');
    const first = reviewRequests()[0]!;
    expect(first.searchParams.get('status')).toBe('pending');
    expect(first.searchParams.get('classified')).toBe('positive');
    expect(api.requests.find((r) => r.url.pathname === '/review')!.headers.authorization).toBe(`Bearer ${EDITOR_TOKEN}`);

    // The first record opens beside the list with every extracted field.
    const detail = page.locator('.detail');
    await poll(() => detail.locator('.item-title').textContent()).toBe(baseItems()[0]!.title);
    const text = (await detail.textContent())!;
    for (const expected of ['20.11.2026, 09:00 МСК', 'Многофункциональный миграционный центр', 'Челябинская область', 'перенимает', 'источник практики', 'Минэкономразвития России (minek)', 'Мария Багреева — министр Правительства Москвы', 'Смартека', 'более 1000 практик в базе', 'regional-and-municipal-management', 'Наталья Алёшина', 'рекомендовали к тиражированию', 'уверенность классификатора 82 %', 'русский']) {
      expect(text).toContain(expected);
    }
    // The re-publication diff marks what was added to the title and the body.
    expect(await detail.locator('.change ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('многофункционального')]));
    expect(await detail.locator('.change ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('Челябинская область')]));
    const sourceLink = detail.locator('.sources-list a').first();
    expect(await sourceLink.getAttribute('href')).toBe('https://www.mos.ru/news/item/1/');
    expect(await sourceLink.getAttribute('rel')).toBe('noopener noreferrer');
    // The raw snapshot's API-relative link resolves against the API's origin.
    expect(await detail.locator('.sources-list a').nth(1).getAttribute('href')).toBe(`${origin}/practices/mfc/raw/0`);

    await page.click('#session button');
    await page.waitForSelector('#signin-token');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await finishSession(session);
  });

  it('renders hostile titles, bodies and links as text, runs none of them and links only http(s)', async () => {
    const session = await open('');
    const { page } = session;
    await page.waitForSelector('.queue-item');
    await page.click('.queue-item[data-id="hostile"]');
    const detail = page.locator('.detail');
    await poll(() => detail.locator('.item-title').textContent()).toBe(XSS_IMG);
    expect(await detail.locator('.body-text').first().textContent()).toContain(XSS_SCRIPT);
    expect(await detail.locator('.lead').textContent()).toBe('<svg onload=window.__xss=1>');
    expect(await detail.locator('.bullets').first().textContent()).toBe('<img src=x onerror=window.__xss=1>');
    // javascript: and data: addresses appear as text, never as links.
    expect(await detail.locator('.unsafe-link').count()).toBe(3);
    expect(await detail.locator('.unsafe-link').first().textContent()).toContain('javascript:window.__xss=1');
    expect(await page.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0);
    await page.hover('.bullets li');
    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(session);
  });

  it(`renders ${PAYLOADS.length} public XSS payloads verbatim as titles across pages ("load more")`, async () => {
    const session = await open('#/queue?status=rejected&classified=all&source=xss-corpus');
    const { page } = session;
    await page.waitForSelector('.queue-item');
    while (await page.isVisible('.queue-column > button:has-text("Загрузить ещё")')) {
      const before = await page.locator('.queue-item').count();
      await page.click('.queue-column > button:has-text("Загрузить ещё")');
      await poll(() => page.locator('.queue-item').count()).toBeGreaterThan(before);
    }
    expect(await page.locator('.queue-title').allTextContents()).toEqual(PAYLOADS);
    expect(await page.textContent('.counts')).toBe(`Показано ${PAYLOADS.length} (это все) · отклонено: ${PAYLOADS.length}`);
    expect(reviewRequests().map((u) => u.searchParams.get('cursor'))).toEqual([null, '20', '40', '60'].slice(0, Math.ceil(PAYLOADS.length / 20)));
    // Open a few records: their lead, body and reject reason are payloads too.
    for (const id of ['p000', 'p007', 'p031']) {
      await page.click(`.queue-item[data-id="${id}"]`);
      await poll(() => page.locator('.detail .item-title').textContent()).toBe(api.store.get(id)!.title);
    }
    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(session);
  });

  it('renders every payload of the XSS corpus as text, in the queue and inside one record', async () => {
    const all = payloadSample(Number.POSITIVE_INFINITY);
    const start = Date.UTC(2026, 10, 21);
    const items = all.map((title, i) => view(`all${i}`, { title, sourceId: 'xss-all' }, new Date(start + i * 1000).toISOString()));
    const omnibus = view('omnibus', {
      title: 'Все нагрузки в одной записи',
      sourceId: 'xss-all',
      lead: all.join(' '),
      bodyText: all.join('\n'),
      reasons: all,
      practices: all.map((name) => ({ name })),
      people: all.map((name) => ({ name, role: name })),
      topics: all,
      sources: all.slice(0, 200).map((url) => ({ sourceId: 'xss-all', url, title: url, publishedAt: null, fetchedAt: '2026-11-21T00:00:00Z', rawKey: null, rawUrl: url })),
    }, new Date(start + all.length * 1000).toISOString());
    api = createFakeApi({ items: [...items, omnibus], sources: SOURCES, tokens: { [EDITOR_TOKEN]: 'ivanova' }, pageSize: 5000 });
    const session = await open('#/queue?source=xss-all');
    const { page } = session;
    await page.waitForSelector('.queue-item[data-id="omnibus"]');
    expect(await page.locator('.queue-title').allTextContents()).toEqual([...all, 'Все нагрузки в одной записи']);
    await page.click('.queue-item[data-id="omnibus"]');
    await poll(() => page.locator('.detail .item-title').textContent()).toBe('Все нагрузки в одной записи');
    expect(await page.locator('.detail .body-text').first().textContent()).toBe(all.join('\n'));
    expect(await page.locator('.detail .item-section').nth(1).locator('li').allTextContents()).toEqual(all);
    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(session);
  });

  it('sends the chosen filters with the queue request', async () => {
    const session = await open('');
    const { page } = session;
    await page.waitForSelector('.queue-item');
    // The suggestions are the catalogues extraction reads (catalogues.json), not a list of the console's own.
    expect(await page.locator('#region-codes option').count()).toBe(regionCatalogue.regions.length);
    expect(await page.locator('#organisation-ids option[value="minek"]').textContent()).toBe('Минэкономразвития России');
    await page.selectOption('#filter-status', 'approved');
    await poll(() => reviewRequests().at(-1)?.searchParams.get('status')).toBe('approved');
    await poll(() => page.textContent('.counts')).toBe('Ничего не найдено по этим фильтрам.');

    await page.selectOption('#filter-status', 'pending');
    await page.selectOption('#filter-classified', 'negative');
    await poll(() => reviewRequests().at(-1)?.searchParams.get('classified')).toBe('negative');
    await page.fill('#filter-region', 'ru-mos');
    await page.fill('#filter-organisation', 'minek');
    await page.fill('#filter-source', 'mos-ru-news');
    await page.fill('#filter-topic', 'investment');
    await page.fill('#filter-from', '2026-11-01');
    await page.fill('#filter-to', '2026-11-30');
    await page.fill('#filter-q', 'рейтинг климата');
    await page.press('#filter-q', 'Enter');
    await poll(() => reviewRequests().at(-1)?.searchParams.get('q')).toBe('рейтинг климата');
    expect(Object.fromEntries(reviewRequests().at(-1)!.searchParams)).toEqual({
      status: 'pending', classified: 'negative', region: 'RU-MOS', organisation: 'minek', source: 'mos-ru-news', topic: 'investment', from: '2026-11-01', to: '2026-11-30', q: 'рейтинг климата', limit: '20',
    });
    expect(page.url()).toContain('region=RU-MOS');

    await page.fill('#filter-organisation', '');
    await page.fill('#filter-topic', '');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector('.queue-item[data-id="negative"]');
    expect(await page.locator('.queue-item').count()).toBe(1);

    await page.click('.filters button:has-text("Сбросить")');
    await poll(() => Object.fromEntries(reviewRequests().at(-1)!.searchParams)).toEqual({ status: 'pending', classified: 'positive', limit: '20' });
    await finishSession(session);
  });

  it('approves with If-Match, shows the new state and history, and approves the next record by keyboard', async () => {
    const session = await open('');
    const { page } = session;
    await page.waitForSelector('.detail .item-title');
    await page.click('.detail button:has-text("Одобрить")');
    const [patch] = await waitForRequests((r) => r.method === 'PATCH');
    expect(patch!.url.pathname).toBe('/practices/mfc');
    expect(patch!.headers['if-match']).toBe('"1"');
    expect(patch!.headers['content-type']).toBe('application/json');
    expect(patch!.body).toEqual({ action: 'approve' });
    await poll(() => page.textContent('.detail .item-meta')).toContain('одобрено');
    expect(await page.textContent('.detail .item-meta')).toContain('версия 2');
    expect(await page.textContent('.queue-item[data-id="mfc"] .queue-meta')).toContain('одобрено');
    expect(await page.textContent('#notice')).toContain('Одобрено.');
    await poll(() => page.locator('.history tbody').textContent()).toContain('ivanova');
    expect(await page.textContent('.history tbody')).toContain('одобрено');

    await page.keyboard.press('j');
    await poll(() => page.locator('.detail .item-title').textContent()).toBe(XSS_IMG);
    await page.keyboard.press('a');
    await waitForRequests((r) => r.method === 'PATCH', 2);
    expect(patches()[1]!.url.pathname).toBe('/practices/hostile');
    expect(patches()[1]!.headers['if-match']).toBe('"1"');
    await poll(() => page.textContent('.counts')).toBe('Показано 2 (это все) · одобрено: 2');
    // With the Russian layout K types «л»: the shortcut follows the physical key.
    await page.evaluate(`document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'л', code: 'KeyK', bubbles: true }))`);
    await poll(() => page.locator('.detail .item-title').textContent()).toBe(baseItems()[0]!.title);
    await finishSession(session);
  });

  it('shows a conflict on 412 and reloads the current version on request', async () => {
    const session = await open('');
    const { page } = session;
    await page.waitForSelector('.detail .item-title');
    api.touchBehindTheBack('mfc');
    await page.click('.detail button:has-text("Одобрить")');
    await page.waitForSelector('.item-message-conflict');
    expect(await page.textContent('.item-message-conflict')).toContain('Конфликт: запись уже изменил другой редактор (сейчас версия 2, у вас была 1)');
    expect(api.store.get('mfc')!.status).toBe('pending');
    await page.click('.item-message-conflict button');
    await poll(() => page.textContent('.detail .item-meta')).toContain('версия 2');
    await page.click('.detail button:has-text("Одобрить")');
    await waitForRequests((r) => r.method === 'PATCH', 2);
    expect(patches()[1]!.headers['if-match']).toBe('"2"');
    await poll(() => api.store.get('mfc')!.status).toBe('approved');
    await finishSession(session, [412]);
  });

  it('requires a reason to reject and sends it', async () => {
    const session = await open('');
    const { page } = session;
    await page.waitForSelector('.detail .item-title');
    await page.keyboard.press('r');
    await page.waitForSelector('#reject-reason');
    await page.click('.reject-form button[type=submit]');
    expect(await page.textContent('.reject-form .field-error')).toBe('Укажите причину отклонения.');
    await page.fill('#reject-reason', '   ');
    await page.click('.reject-form button[type=submit]');
    expect(patches()).toEqual([]);
    await page.press('#reject-reason', 'Escape');
    expect(await page.locator('.reject-form').count()).toBe(0);
    await page.keyboard.press('r');
    await page.fill('#reject-reason', 'Это обычная новость, практика не тиражируется');
    await page.press('#reject-reason', 'Control+Enter');
    await waitForRequests((r) => r.method === 'PATCH');
    expect(patches()[0]!.body).toEqual({ action: 'reject', reason: 'Это обычная новость, практика не тиражируется' });
    await poll(() => page.textContent('.detail .reject-reason')).toBe('Причина отклонения: Это обычная новость, практика не тиражируется');
    await finishSession(session);
  });

  it('sends edits as overrides, marks overridden fields and removes an override', async () => {
    const session = await open('');
    const { page } = session;
    await page.waitForSelector('.detail .item-title');
    await page.click('.detail button:has-text("Редактировать")');
    await page.fill('#edit-title', 'Многофункциональный миграционный центр Москвы');
    const regions = page.locator('.rows-editor[data-field="regions"]');
    await regions.locator('button:has-text("Добавить строку")').click();
    const row = regions.locator('tbody tr').last();
    await row.locator('input[name="regions-code"]').fill('ru-ba');
    await row.locator('input[name="regions-name"]').fill('Республика Башкортостан');
    await row.locator('select').selectOption('adopter');
    await page.click('.edit-form button[type=submit]');
    await waitForRequests((r) => r.method === 'PATCH');
    expect(patches()[0]!.body).toEqual({
      action: 'edit',
      overrides: {
        title: 'Многофункциональный миграционный центр Москвы',
        regions: [
          { code: 'RU-MOW', name: 'Москва', role: 'origin' },
          { code: 'RU-CHE', name: 'Челябинская область', role: 'adopter' },
          { code: 'RU-BA', name: 'Республика Башкортостан', role: 'adopter' },
        ],
      },
    });
    await poll(() => page.textContent('.detail .item-title')).toBe('Многофункциональный миграционный центр Москвы');
    expect(await page.locator('.detail .badge-override').count()).toBe(2);
    expect(await page.textContent('.detail .machine-value')).toContain(baseItems()[0]!.title);
    expect(await page.textContent('.detail table.grid')).toContain('Республика Башкортостан');

    await page.locator('.item-head button:has-text("Снять правку")').click();
    await waitForRequests((r) => r.method === 'PATCH', 2);
    expect(patches()[1]!.body).toEqual({ action: 'edit', overrides: { title: null } });
    expect(patches()[1]!.headers['if-match']).toBe('"2"');
    await poll(() => page.textContent('.detail .item-title')).toBe(baseItems()[0]!.title);
    expect(await page.locator('.detail .badge-override').count()).toBe(1);
    await finishSession(session);
  });

  it('promotes a record the classifier said no to', async () => {
    const session = await open('#/queue?classified=negative');
    const { page } = session;
    await page.waitForSelector('.detail .item-title');
    expect(await page.textContent('.detail .item-title')).toBe('Рейтинг инвестиционного климата регионов опубликован');
    await page.click('.detail button:has-text("Это объявление")');
    await waitForRequests((r) => r.method === 'PATCH');
    expect(patches()[0]!.body).toEqual({ action: 'set-announcement', value: true });
    await poll(() => page.textContent('.detail .item-meta')).toContain('отмечено редактором');
    expect(await page.textContent('.detail .actions')).toContain('Это не объявление');
    await page.click('.detail button:has-text("Вернуть вердикт классификатора")');
    await waitForRequests((r) => r.method === 'PATCH', 2);
    expect(patches()[1]!.body).toEqual({ action: 'edit', overrides: { isPracticeAnnouncement: null } });
    await poll(() => page.textContent('.detail .actions')).toContain('Это объявление');
    await finishSession(session);
  });

  it('asks to sign in again when the API answers 401', async () => {
    const session = await open('', UNKNOWN_TOKEN);
    const { page } = session;
    await page.waitForSelector('.signin .field-error');
    expect(await page.textContent('.signin .field-error')).toContain('войдите снова');
    expect(await page.textContent('#session')).toBe('Вход не выполнен');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await finishSession(session, [401]);
  });

  it('refuses an expired token at sign-in and signs out when the token expires during work', async () => {
    const session = await open('', null);
    const { page } = session;
    await page.clock.install();
    await page.reload();
    await page.fill('#signin-token', fakeJwt({ username: 'ivanova', exp: Math.floor(Date.now() / 1000) - 60 }));
    await page.click('.signin-form button[type=submit]');
    await poll(() => page.textContent('.signin .field-error:not([hidden])')).toContain('Срок действия токена истёк');

    const shortLived = fakeJwt({ username: 'ivanova', exp: Math.floor(Date.now() / 1000) + 600 });
    api = createFakeApi({ items: baseItems(), sources: SOURCES, tokens: { [shortLived]: 'ivanova' } });
    await page.fill('#signin-token', shortLived);
    await page.click('.signin-form button[type=submit]');
    await page.waitForSelector('.queue-item');
    // The queue loads in more than one request (the uncertain items beside the positives): all must be
    // answered before counting, or a late one is taken for a request sent with the expired token.
    await page.waitForLoadState('networkidle');
    const requestsBefore = api.requests.length;
    await page.clock.fastForward('20:00');
    await page.click('.filters button[type=submit]');
    await page.waitForSelector('.signin .field-error');
    expect(await page.textContent('.signin .field-error')).toBe('Срок действия входа истёк — войдите снова.');
    expect(await page.textContent('#session')).toBe('Вход не выполнен');
    expect(api.requests.length).toBe(requestsBefore);
    await finishSession(session);
  });

  it('shows source health without signing in, failing sources first and highlighted', async () => {
    // Listings and search an hour behind the stored records: a stuck projector is said, as an alert.
    const stuckSince = new Date(Date.now() - 3_600_000).toISOString();
    api = createFakeApi({ items: baseItems(), sources: SOURCES, tokens: {}, projection: { depth: 42, truncated: false, oldestSince: stuckSince, oldestAgeSeconds: 3600 } });
    const session = await open('#/sources', null);
    const { page } = session;
    await page.waitForSelector('.sources-table tbody tr');
    const rows = page.locator('.sources-table tbody tr');
    expect(await rows.first().getAttribute('class')).toContain('source-failing');
    const failing = (await rows.first().textContent())!;
    for (const expected of ['сбой', 'сбоев подряд: 4', 'layout_changed', 'listing parsed to zero items <img src=x onerror=window.__xss=1>', '26.11.2026, 19:00 МСК', '24.11.2026, 09:00 МСК', 'gov74.ru <b>новости</b>']) {
      expect(failing).toContain(expected);
    }
    expect(await rows.first().locator('a').count()).toBe(0);
    expect(await rows.nth(1).locator('a').getAttribute('href')).toBe('https://www.mos.ru/news/');
    expect(await page.textContent('.sources-page .counts')).toBe('Всего 2: сбой — 1, в норме — 1');
    expect(await page.textContent('.projection-lag-stuck[role=alert]')).toBe('В списки и поиск ещё не попали: 42, самый давний сохранён 1 ч 0 мин назад.');
    expect(api.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(session);
  });
});
