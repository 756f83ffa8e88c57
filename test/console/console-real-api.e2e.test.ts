import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJwtVerifier } from '../../functions/adapters/auth/jwt-verifier.js';
import { openLocalIssuer, type LocalIssuer } from '../../functions/adapters/auth/local-issuer.js';
import { createDynamoClient, createS3Client } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSourceStateRepository } from '../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { ensureBucket, S3RawPageStore } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { MemoryWebhookRepository } from '../../functions/adapters/webhooks/memory-webhook-repository.js';
import { createWebhookUrlRule } from '../../functions/adapters/webhooks/url-policy.js';
import { createConsoleResponder } from '../../functions/console/serve-console.js';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { silentNotifier } from '../../functions/core/ports.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { createReviewApiHandler } from '../../functions/handlers/api/review-api.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { sources } from '../../functions/sources/registry.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { DANGEROUS_DOM, finishSession, openConsole, poll, useChromium } from './browser.js';
import { XSS_IMG, XSS_SCRIPT } from './fixtures.js';

let server: Server;
let origin: string;
let practices: DynamoPracticeRepository;
let issuer: LocalIssuer;
let keyDir: string;

function extraction(url: string, title: string, bodyText: string): ExtractionRecord {
  return {
    sourceId: 'mos-ru-news',
    url,
    title,
    publishedAt: '2026-11-20T09:00:00+03:00',
    language: 'ru',
    author: null,
    lead: 'Практику рекомендовали регионам.',
    bodyText,
    isPracticeAnnouncement: true,
    confidence: 0.9,
    reasons: ['replication cue: «рекомендовали к тиражированию»'],
    practices: [{ name: 'Цифровая приёмная' }],
    regions: [{ code: 'RU-MOW', name: 'Москва', role: 'origin' }],
    organisations: [{ id: 'asi', name: 'АСИ' }],
    people: [],
    platforms: [],
    figures: [],
    topics: [],
    extractorVersion: 'test',
  };
}

async function seed(url: string, title: string, bodyText: string, observedAt: string): Promise<string> {
  const outcome = await practices.recordObservation({
    extraction: extraction(url, title, bodyText),
    source: { sourceId: 'mos-ru-news', url, title, publishedAt: '2026-11-20T09:00:00+03:00', rawKey: null, fetchedAt: observedAt },
    simhash: url.endsWith('1') ? '0000000000000000' : 'ffffffffffffffff',
    contentHash: url,
    observedAt,
  });
  return outcome.id;
}

describeNeedingDynamoDbLocal('editors console against the real API handlers', { timeout: 60_000 }, () => {
  const chromium = useChromium();

  let hostileId: string;
  let plainId: string;

  beforeAll(async () => {
    const config = testConfig();
    const dynamo = createDynamoClient(config);
    const s3 = createS3Client(config);
    await ensureTable(dynamo, config.tableName);
    await ensureBucket(s3, config.rawBucket);
    practices = new DynamoPracticeRepository(dynamo, config.tableName);
    keyDir = await mkdtemp(path.join(tmpdir(), 'console-issuer-'));
    issuer = await openLocalIssuer(keyDir);
    const queryHandler = createQueryApiHandler({
      queries: practices,
      practices,
      sourceStates: new DynamoSourceStateRepository(dynamo, config.tableName),
      rawPages: new S3RawPageStore(s3, config.rawBucket),
      sources,
      cursorSecret: config.cursorSecret,
    });
    const reviewHandler = createReviewApiHandler({
      queries: practices,
      practices,
      review: practices,
      webhooks: new MemoryWebhookRepository(),
      notifier: silentNotifier,
      verifier: createJwtVerifier(issuer.verifierOptions()),
      cursorSecret: config.cursorSecret,
      webhookUrls: createWebhookUrlRule(),
    });
    const serveConsole = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
    server = createHttpServer(
      [...QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: queryHandler })), ...REVIEW_API_ROUTES.map((routeKey) => ({ routeKey, handler: reviewHandler }))],
      { fallback: (req, res) => { if (!serveConsole(req, res)) res.writeHead(404).end(); } },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hostileId = await seed('https://www.mos.ru/news/item/1', XSS_IMG, `${XSS_SCRIPT} Цифровую приёмную рекомендовали к тиражированию.`, '2026-11-20T10:00:00.000Z');
    plainId = await seed('https://www.mos.ru/news/item/2', 'Цифровая приёмная Москвы рекомендована регионам', 'Опыт цифровой приёмной предложен для тиражирования в других регионах.', '2026-11-20T11:00:00.000Z');
  });

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('reviews records end to end: queue, approve, edit, conflict, reject, history', async () => {
    const token = await issuer.mintAccessToken({ username: 'petrova' });
    const session = await openConsole(chromium.browser, origin, '', token);
    const { page } = session;
    await page.waitForSelector('.queue-item');
    expect(await page.textContent('#session .who')).toBe('Вы вошли как petrova');
    expect(await page.locator('.queue-title').allTextContents()).toEqual([XSS_IMG, 'Цифровая приёмная Москвы рекомендована регионам']);
    await poll(() => page.textContent('.detail .item-title')).toBe(XSS_IMG);
    expect(await page.textContent('.detail .body-text')).toContain(XSS_SCRIPT);

    // Approve: the stored record moves to approved, version 2, and the history names the editor.
    await page.click('.detail button:has-text("Одобрить")');
    await poll(() => page.textContent('.detail .item-meta')).toContain('одобрено');
    const approved = await practices.get(hostileId);
    expect(approved!.editorial).toMatchObject({ status: 'approved', reviewer: 'petrova', version: 2 });
    await poll(() => page.locator('.history tbody').textContent()).toContain('petrova');

    // Edit the next record: overrides are stored beside the machine fields.
    await page.keyboard.press('j');
    await poll(() => page.textContent('.detail .item-title')).toBe('Цифровая приёмная Москвы рекомендована регионам');
    await page.keyboard.press('e');
    await page.fill('#edit-title', 'Цифровая приёмная Правительства Москвы');
    await page.click('.edit-form button[type=submit]');
    await poll(() => page.textContent('.detail .item-title')).toBe('Цифровая приёмная Правительства Москвы');
    const edited = await practices.get(plainId);
    expect(edited!.editorial.overrides).toEqual({ title: 'Цифровая приёмная Правительства Москвы' });
    expect(edited!.extraction.title).toBe('Цифровая приёмная Москвы рекомендована регионам');

    // Another editor acts first: the console's stale version gets a 412 and a way to reload.
    await practices.applyEditorAction({ id: plainId, expectedVersion: edited!.editorial.version, action: { type: 'set-announcement', value: true }, actor: 'sidorov', requestToken: 'other-editor', at: new Date().toISOString() });
    await page.keyboard.press('r');
    await page.fill('#reject-reason', 'Дубль другой публикации');
    await page.click('.reject-form button[type=submit]');
    await page.waitForSelector('.item-message-conflict');
    expect(await page.textContent('.item-message-conflict')).toContain('сейчас версия 3, у вас была 2');
    expect((await practices.get(plainId))!.editorial.status).toBe('pending');
    await page.click('.item-message-conflict button');
    await poll(() => page.textContent('.detail .item-meta')).toContain('версия 3');

    // Reject needs a reason; with one, the API stores it.
    await page.keyboard.press('r');
    await page.click('.reject-form button[type=submit]');
    expect(await page.textContent('.reject-form .field-error')).toBe('Укажите причину отклонения.');
    await page.fill('#reject-reason', 'Дубль другой публикации');
    await page.click('.reject-form button[type=submit]');
    await poll(() => page.textContent('.detail .reject-reason')).toBe('Причина отклонения: Дубль другой публикации');
    expect((await practices.get(plainId))!.editorial).toMatchObject({ status: 'rejected', rejectReason: 'Дубль другой публикации', version: 4 });
    await poll(() => page.locator('.history tbody tr').count()).toBeGreaterThanOrEqual(3);
    expect(await page.textContent('.history tbody')).toContain('sidorov');

    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    // The one failed request is the stale write's 412.
    await finishSession(session, [412]);
  });

  it('lists every registered source on the sources page without signing in', async () => {
    const session = await openConsole(chromium.browser, origin, '#/sources', null);
    const { page } = session;
    await page.waitForSelector('.sources-table tbody tr');
    expect(await page.locator('.sources-table tbody tr').count()).toBe(sources.length);
    expect(await page.textContent('.sources-page .counts')).toContain(`Всего ${sources.length}`);
    await finishSession(session);
  });

  it('sends a forged token back to the sign-in form', async () => {
    const forged = `${(await issuer.mintAccessToken({ username: 'petrova' })).slice(0, -4)}AAAA`;
    const session = await openConsole(chromium.browser, origin, '', forged);
    const { page } = session;
    await page.waitForSelector('.signin .field-error');
    expect(await page.textContent('.signin .field-error')).toContain('войдите снова');
    await finishSession(session, [401]);
  });
});
