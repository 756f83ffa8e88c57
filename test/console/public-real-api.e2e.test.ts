import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import { createQueryApiDependencies } from '../../functions/composition/api.js';
import { createConsoleResponder } from '../../functions/console/serve-console.js';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { sourceProfiles } from '../../functions/sources/profiles.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { finishSession, openPage, poll, useChromium } from './browser.js';

/**
 * The public page at `/` over the real query API handler and DynamoDB Local (the other public-page
 * suite uses an in-memory fake of the API to cover paging and every filter): what the browser shows
 * is what the stored records, their search postings and the public-visibility rule give. Approved
 * records only; a pending one is neither listed nor found. Words are found in other grammatical
 * forms than the query's, and a title's markup stays text in the snippet.
 */

let server: Server;
let origin: string;

/** Published a day apart, in the order seeded. */
const published = (n: number) => `2026-11-2${n}T09:00:00+03:00`;

function extraction(n: number, url: string, title: string, bodyText: string, regions: ExtractionRecord['regions']): ExtractionRecord {
  return {
    sourceId: 'mos-ru-news',
    url,
    title,
    publishedAt: published(n),
    language: 'ru',
    author: null,
    lead: bodyText.split('. ')[0]!,
    bodyText,
    isPracticeAnnouncement: true,
    confidence: 0.9,
    reasons: ['replication cue: «рекомендовали к тиражированию»'],
    practices: [{ name: 'Цифровая приёмная' }],
    regions,
    organisations: [{ id: 'asi', name: 'АСИ' }],
    people: [],
    platforms: [],
    figures: [],
    topics: [],
    extractorVersion: 'test',
  };
}

async function seed(practices: Storage['practices'], n: number, title: string, bodyText: string, regions: ExtractionRecord['regions'], approve: boolean): Promise<string> {
  const url = `https://www.mos.ru/news/item/${n}/`;
  const observedAt = `2026-11-20T1${n}:00:00.000Z`;
  const outcome = await practices.recordObservation({
    extraction: extraction(n, url, title, bodyText, regions),
    source: { sourceId: 'mos-ru-news', url, title, publishedAt: published(n), rawKey: null, fetchedAt: observedAt },
    // Far apart in Hamming distance, so that none is taken for a near-duplicate of another.
    simhash: ['0000000000000000', 'ffffffffffffffff', '00000000ffffffff', 'ffffffff00000000'][n % 4]!,
    contentHash: url,
    observedAt,
  });
  if (approve) {
    const stored = await practices.get(outcome.id);
    await practices.applyEditorAction({ id: outcome.id, expectedVersion: stored!.editorial.version, action: { type: 'approve' }, actor: 'petrova', requestToken: `approve-${n}`, at: observedAt });
  }
  return outcome.id;
}

const MOSCOW = 'Цифровую приёмную Москвы рекомендовали к тиражированию';
const TATARSTAN = 'Татарстан внедрил цифровую приёмную по опыту столицы';
const MARKUP = 'Опыт <b>Перми</b>: приёмные граждан в каждом районе';
const PENDING = 'Калужская модель сопровождения инвесторов рекомендована регионам';

describeNeedingDynamoDbLocal('public page over the real query API and DynamoDB Local', { timeout: 60_000 }, () => {
  const chromium = useChromium();

  beforeAll(async () => {
    const config = testConfig();
    const storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    const { practices } = storage;
    await seed(practices, 1, MOSCOW, 'Опыт цифровой приёмной предложен для тиражирования в других регионах. Москва поделилась решением.', [{ code: 'RU-MOW', name: 'Москва', role: 'origin' }], true);
    await seed(practices, 2, TATARSTAN, 'Республика Татарстан запустила цифровую приёмную. Решение взято у Москвы.', [{ code: 'RU-TA', name: 'Республика Татарстан', role: 'adopter' }, { code: 'RU-MOW', name: 'Москва', role: 'mentioned' }], true);
    await seed(practices, 3, MARKUP, 'Пермский край открыл приёмные граждан. Практика отобрана в библиотеку.', [{ code: 'RU-PER', name: 'Пермский край', role: 'origin' }], true);
    await seed(practices, 4, PENDING, 'Калужская область поделилась моделью сопровождения инвесторов. Её рекомендовали регионам.', [{ code: 'RU-KLU', name: 'Калужская область', role: 'origin' }], false);
    // The dependencies the query Lambda and `npm start` build, over this suite's table and bucket.
    const queryHandler = createQueryApiHandler(createQueryApiDependencies(config, storage, sourceProfiles));
    const serveConsole = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
    server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: queryHandler })), {
      fallback: (req, res) => { if (!serveConsole(req, res)) res.writeHead(404).end(); },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  it('lists the approved records, searches them across word forms, filters by region and colours the map', async () => {
    const session = await openPage(chromium.browser, `${origin}/`, { width: 1280, height: 900 });
    const { page } = session;
    // Newest first; the pending Kaluga record is not public.
    await poll(() => page.locator('.result-title').allTextContents()).toEqual([MARKUP, TATARSTAN, MOSCOW]);
    // The map counts the stored origins: Moscow and Perm coloured, Kaluga's pending practice not.
    await poll(() => page.getAttribute('[data-code="RU-MOW"]', 'class')).toMatch(/map-l[1-9]/);
    expect(await page.getAttribute('[data-code="RU-PER"]', 'class')).toMatch(/map-l[1-9]/);
    expect(await page.getAttribute('[data-code="RU-KLU"]', 'class')).toContain('map-l0');

    // "приёмная" (nominative) finds "приёмную" and "приёмные": the index stems both sides.
    await page.fill('#f-q', 'приёмная');
    await page.getByRole('button', { name: 'Найти' }).click();
    await poll(() => page.locator('.result').count()).toBe(3);
    const marks = (await page.locator('.snippet mark').allTextContents()).map((m) => m.toLowerCase());
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.startsWith('приёмн'))).toBe(true);
    // The title's "<b>" came back as text from the API and stays text in the page.
    expect(await page.locator('.result b, .snippet b').count()).toBe(0);
    expect(await page.locator('.result-title').allTextContents()).toContain(MARKUP);

    // A word only the pending record has finds nothing.
    await page.fill('#f-q', 'инвесторов');
    await page.getByRole('button', { name: 'Найти' }).click();
    await poll(() => page.locator('.counts[role=status]').last().textContent()).toBe('Ничего не найдено.');

    // The region filter goes through the stored listing rows.
    await page.fill('#f-q', '');
    await page.selectOption('#f-region', 'RU-TA');
    await page.getByRole('button', { name: 'Найти' }).click();
    await poll(() => page.locator('.result-title').allTextContents()).toEqual([TATARSTAN]);

    // Its story opens from the stored story rows.
    await page.getByRole('button', { name: 'Сюжет и путь практики' }).click();
    await poll(() => page.locator('#story .story-heading').textContent()).toBeTruthy();
    await finishSession(session);
  });
});
