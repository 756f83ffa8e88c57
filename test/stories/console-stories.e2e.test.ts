import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtVerifier } from '../../functions/adapters/auth/jwt-verifier.js';
import { openLocalIssuer, type LocalIssuer } from '../../functions/adapters/auth/local-issuer.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { MemoryWebhookRepository } from '../../functions/adapters/webhooks/memory-webhook-repository.js';
import { createWebhookUrlRule } from '../../functions/adapters/webhooks/url-policy.js';
import { createConsoleResponder } from '../../functions/console/serve-console.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { silentNotifier } from '../../functions/core/ports.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { createReviewApiHandler } from '../../functions/handlers/api/review-api.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { sources } from '../../functions/sources/registry.js';
import { DANGEROUS_DOM, finishSession, openConsole, poll, useChromium } from '../console/browser.js';
import { ingestRecord, pairSetRecords } from './support.js';

let server: Server;
let origin: string;
let issuer: LocalIssuer;
let keyDir: string;
const repo = new MemoryPracticeRepository();
const ingested = new Map<string, PracticeItem>();

describe('editors console: stories', { timeout: 90_000 }, () => {
  const chromium = useChromium();

  beforeAll(async () => {
    keyDir = await mkdtemp(path.join(tmpdir(), 'stories-console-'));
    issuer = await openLocalIssuer(keyDir);
    const common = { queries: repo, practices: repo, stories: repo, cursorSecret: 'test-cursor-secret-0123456789' };
    const queryHandler = createQueryApiHandler({ ...common, sourceStates: new MemorySourceStateRepository(), rawPages: new MemoryRawPageStore(), sources, publicBaseUrl: 'http://localhost' });
    const reviewHandler = createReviewApiHandler({
      ...common,
      review: repo,
      webhooks: new MemoryWebhookRepository(),
      notifier: silentNotifier,
      verifier: createJwtVerifier(issuer.verifierOptions()),
      webhookUrls: createWebhookUrlRule(),
    });
    const serveConsole = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
    server = createHttpServer(
      [...QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: queryHandler })), ...REVIEW_API_ROUTES.map((routeKey) => ({ routeKey, handler: reviewHandler }))],
      { fallback: (req, res) => { if (!serveConsole(req, res)) res.writeHead(404).end(); } },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const records = pairSetRecords();
    for (const id of ['s12a-gov74-ru', 's12d-madeinrussia-en', 's12b-gubernator74-ru', 's13a-kurganobl-ru', 's13b-gov74-ru']) ingested.set(id, await ingestRecord(repo, records.get(id)!));
  });

  afterAll(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    if (keyDir) await rm(keyDir, { recursive: true, force: true });
  });

  it('shows a story\'s Russian and English articles side by side and approves it once, dropping one article', async () => {
    const token = await issuer.mintAccessToken({ username: 'petrova' });
    const selection = ingested.get('s12a-gov74-ru')!;
    const session = await openConsole(chromium.browser, origin, '#/stories', token);
    const { page } = session;
    // The page selects the first story and renders again: wait for that render (its selected row) before counting.
    await page.waitForSelector('.story-list .queue-item.selected');
    expect(await page.locator('.story-list .queue-item').count()).toBe(2);
    await page.goto(`${origin}/console/#/stories?story=${selection.storyId}`);
    await page.waitForSelector('.story-article');
    expect(await page.locator('.story-article').count()).toBe(3);
    const languages = await page.locator('.story-article .item-meta .badge').allTextContents();
    expect(languages.sort()).toEqual(['английский', 'русский', 'русский']);
    expect(await page.locator('.story-links li').count()).toBeGreaterThan(0);

    // Keep two, drop the governor's post: one decision for the story.
    const dropped = ingested.get('s12b-gubernator74-ru')!;
    await page.uncheck(`#keep-${dropped.id}`);
    await page.click('#story-approve');
    await poll(() => page.locator('.story-article .badge-status-approved').count()).toBe(2);
    expect((await repo.get(dropped.id))!.editorial).toMatchObject({ status: 'rejected', reviewer: 'petrova', rejectReason: `dropped from story ${selection.storyId}` });
    expect((await repo.get(selection.id))!.editorial).toMatchObject({ status: 'approved', reviewer: 'petrova' });
    await poll(() => page.locator('.history li').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('petrova · одобрен')]));
    expect(await page.evaluate(DANGEROUS_DOM)).toEqual([]);
    await finishSession(session);
  });

  it('shows the practice\'s timeline (selected, then adopted by the Kurgan Region) and splits a story', async () => {
    const token = await issuer.mintAccessToken({ username: 'orlov' });
    const adoption = ingested.get('s13a-kurganobl-ru')!;
    const session = await openConsole(chromium.browser, origin, `#/stories?story=${adoption.storyId}`, token);
    const { page } = session;
    await page.waitForSelector('.timeline-event');
    expect(await page.locator('.timeline-event').count()).toBe(2);
    expect(await page.locator('.timeline-event .badge').allTextContents()).toEqual(['отобрана / рекомендована', 'перенята регионом']);
    expect(await page.textContent('.timeline')).toContain('RU-KGN');

    const other = ingested.get('s13b-gov74-ru')!;
    await page.uncheck(`#keep-${other.id}`);
    await page.click('#story-split');
    await poll(() => page.locator('.story-article').count()).toBe(1);
    const moved = (await repo.get(other.id))!;
    expect(moved.storyId).not.toBe(adoption.storyId);
    expect((await repo.getStory(moved.storyId!))?.keptApart).toEqual([adoption.storyId]);
    await finishSession(session);
  });
});
