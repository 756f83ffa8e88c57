import type { AddressInfo } from 'node:net';
import { beforeEach, expect, it } from 'vitest';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { createQueryApiDependencies } from '../../functions/composition/api.js';
import { createReextractDependencies } from '../../functions/composition/learning.js';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import type { Config } from '../../functions/config.js';
import { contentHash, simhash64 } from '../../functions/core/dedupe/simhash.js';
import shippedModel from '../../functions/core/extraction/classifier-model.json' with { type: 'json' };
import { EXTRACTOR_VERSION, extractPractice } from '../../functions/core/extraction/extract-practice.js';
import { modelVersionAt, type StoredModel } from '../../functions/core/learning/model-store.js';
import type { ReextractJobMessage, ReextractJobState, ReextractStepOutcome } from '../../functions/core/learning/reextract-job.js';
import { extractionInputOf } from '../../functions/core/source-definition.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { sourceListSchema } from '../../functions/handlers/api/schemas.js';
import { createReextractHandler } from '../../functions/handlers/learning/reextract-handler.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { LocalReextractQueue } from '../../functions/local/reextract-queue.js';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';
import { getSource } from '../../functions/sources/registry.js';
import { promote, rollback } from '../../scripts/retrain/run-retrain.js';
import { allRecords } from '../support/practices.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { asiNewsPage, REEXTRACT_ARTICLES } from './reextract-articles.js';

/*
 * The re-extraction job over the real local servers (DynamoDB Local, s3rver): records stored as
 * ingest stores them, a model promoted as a retrain promotes it, the job's first step enqueued on an
 * in-process queue and delivered (and redelivered) to the very Lambda handler, a few records a step.
 * Faults are injected only where a real server cannot make them (a crash between two writes).
 */
const source = getSourceProfile('asi-ru');
const PAGE_SIZE = 3;

/** A model that differs from the shipped one (a lower bias: more announcements), promoted as a retrain would. */
function modelAt(at: Date, biasShift: number): StoredModel {
  const version = modelVersionAt(at);
  return {
    version,
    baseExtractorVersion: EXTRACTOR_VERSION,
    extractorVersion: `${EXTRACTOR_VERSION}+${version}`,
    trainedAt: at.toISOString(),
    trainedOn: [],
    editorExamples: [],
    hyperparameters: shippedModel.hyperparameters,
    model: { ...shippedModel, bias: shippedModel.bias + biasShift },
  };
}

let config: Config;
let storage: Storage;
let queue: LocalReextractQueue;
let ids: string[];
const outcomes: ReextractStepOutcome[] = [];
/** The delivery delay of every step the job sent. */
const delays: number[] = [];

/** The job's handler (the Lambda's, composed as the local runtime composes it) with optional faults on its state store and queue. */
function handlerWith(faults: { failPutAtStep?: number; failSendOfStep?: number } = {}, settleMs = 0) {
  const deps = createReextractDependencies(config, storage, { queue, parser: new InProcessDocumentParser({ registry: { getSource } }), sourceOf: (id) => (id === source.id ? source : undefined), pageSize: PAGE_SIZE, settleMs });
  const jobs = deps.jobs;
  const failed = new Set<string>();
  const once = (key: string) => !failed.has(key) && failed.add(key) !== undefined;
  const faulty = {
    ...deps,
    jobs: {
      get: () => jobs.get(),
      put: async (state: ReextractJobState) => {
        if (faults.failPutAtStep !== undefined && state.step === faults.failPutAtStep + 1 && once('put')) throw new Error('injected: crash after the next step was sent, before the state was written');
        await jobs.put(state);
      },
    },
    queue: {
      send: async (message: ReextractJobMessage, options?: { delaySeconds?: number }) => {
        if (message.step === faults.failSendOfStep && once('send')) throw new Error('injected: crash after the page, before the next step was sent');
        delays.push(options?.delaySeconds ?? 0);
        await queue.send(message);
      },
    },
  };
  const handler = createReextractHandler({ ...faulty, logger: { info: (_m, extra) => extra['outcome'] && outcomes.push(extra['outcome'] as ReextractStepOutcome), error: () => {} } });
  return { handler, jobs };
}

async function storeArticles(): Promise<string[]> {
  const parser = new InProcessDocumentParser({ registry: { getSource } });
  const fetchedAt = '2026-12-01T09:00:00.000Z';
  const stored: string[] = [];
  for (const [i, article] of REEXTRACT_ARTICLES.entries()) {
    const url = `https://asi.ru/news/${810000 + i}/`;
    const html = asiNewsPage(article);
    const { key } = await storage.rawPages.put({
      bytes: new TextEncoder().encode(html),
      meta: { sourceId: source.id, url, status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt, charset: 'utf-8' },
    });
    const parsed = await parser.parseArticle({ kind: 'article', sourceId: source.id, url, text: html });
    const record = extractPractice(extractionInputOf(parsed, source, fetchedAt));
    const body = `${record.title}\n${record.lead ?? ''}\n${record.bodyText}`;
    const outcome = await storage.practices.recordObservation({
      extraction: record,
      source: { sourceId: source.id, url: record.url, title: record.title, publishedAt: record.publishedAt, rawKey: key, fetchedAt },
      simhash: simhash64(body),
      contentHash: contentHash(body),
      observedAt: fetchedAt,
    });
    expect(outcome.kind, url).toBe('created');
    stored.push(outcome.id);
  }
  return stored;
}

/** Editors' work that must survive: an approval of an edited title, a rejection, a verdict on the classification. */
async function editorWork() {
  const act = async (id: string, action: Parameters<Storage['practices']['applyEditorAction']>[0]['action'], n: number) => {
    const item = (await storage.practices.get(id))!;
    await storage.practices.applyEditorAction({ id, expectedVersion: item.editorial.version, action, actor: 'editor-test', requestToken: `tok-${id}-${n}`, at: '2026-12-02T10:00:00.000Z' });
  };
  await act(ids[0]!, { type: 'edit', overrides: { title: 'Заголовок редактора' } }, 1);
  await act(ids[0]!, { type: 'approve' }, 2);
  await act(ids[1]!, { type: 'reject', reason: 'not a practice' }, 3);
  await act(ids[2]!, { type: 'set-announcement', value: true }, 4);
}

async function snapshot() {
  return new Map((await allRecords(storage.practices)).map((item) => [item.id, item]));
}

describeNeedingDynamoDbLocal('the re-extraction job (after a promotion or a rollback, on the local servers)', () => {
  beforeEach(async () => {
    config = testConfig();
    storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    queue = new LocalReextractQueue();
    outcomes.length = 0;
    delays.length = 0;
    ids = await storeArticles();
    await editorWork();
  }, 60_000);

  it('promotion → job enqueued → the handler pages through every record a few at a time; all at the new version, editors\' work kept', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    expect(before.size).toBe(REEXTRACT_ARTICLES.length);
    const model = modelAt(new Date('2026-12-04T09:00:00Z'), -2);
    await storage.models.save(model);

    const job = await promote(storage.models, model, new Date('2026-12-04T09:00:00Z'), queue);
    expect(job).toMatchObject({ modelVersion: model.version, extractorVersion: model.extractorVersion, step: 0, cursor: { status: 'approved', after: null } });
    expect(queue.depth).toBe(1);

    const { handler, jobs } = handlerWith();
    const deliveries = await queue.drain(handler);
    // approved (1 record) + rejected (1) + pending (8, in pages of 3): one step per page.
    expect(deliveries).toBe(1 + 1 + Math.ceil((REEXTRACT_ARTICLES.length - 2) / PAGE_SIZE));
    expect(queue.deadLetters).toEqual([]);

    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', modelVersion: model.version, extractorVersion: model.extractorVersion, cursor: null, failures: [] });
    expect(state.totals).toMatchObject({ records: REEXTRACT_ARTICLES.length, updated: REEXTRACT_ARTICLES.length, skipped: 0, failed: 0, pages: deliveries });

    const after = await snapshot();
    let flipped = 0;
    for (const [id, item] of after) {
      const old = before.get(id)!;
      expect(item.extraction.extractorVersion, id).toBe(model.extractorVersion);
      // One machine write per record; the editorial state otherwise as it was.
      expect(item.editorial).toEqual({ ...old.editorial, version: old.editorial.version + 1 });
      if (item.extraction.isPracticeAnnouncement !== old.extraction.isPracticeAnnouncement) flipped += 1;
    }
    expect(flipped, 'the promoted model (lower bias) changes some classifications').toBeGreaterThan(0);
    expect(after.get(ids[0]!)!.editorial).toMatchObject({ status: 'approved', overrides: { title: 'Заголовок редактора' } });
    expect(after.get(ids[1]!)!.editorial.status).toBe('rejected');
    expect(after.get(ids[2]!)!.editorial.overrides.isPracticeAnnouncement).toBe(true);

    // Monitoring: GET /sources reports the job (the query API as composed for Lambda and npm start).
    const server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: createQueryApiHandler(createQueryApiDependencies(config, storage, sourceProfiles)) })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sources`);
      expect(response.status).toBe(200);
      const body = sourceListSchema.parse(await response.json());
      expect(body.reextraction).toEqual({ status: 'done', modelVersion: model.version, extractorVersion: model.extractorVersion, startedAt: state.startedAt, updatedAt: state.updatedAt, finishedAt: state.finishedAt, totals: state.totals });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('resumes a job interrupted mid-way by redelivery, without rebuilding any record twice', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const model = modelAt(new Date('2026-12-04T09:05:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T09:05:00Z'), queue);

    // Step 2 crashes after its page, before sending step 3; step 3 crashes after sending step 4, before writing the state.
    const { handler, jobs } = handlerWith({ failSendOfStep: 3, failPutAtStep: 3 });
    await queue.drain(handler);
    expect(queue.deadLetters).toEqual([]);

    const state = (await jobs.get())!;
    expect(state.status).toBe('done');
    // Redone pages find their records rebuilt already: skipped, never updated twice. (The two
    // crashed steps' counts were never written: their six records count as skipped on the redo.)
    expect(state.totals).toMatchObject({ records: REEXTRACT_ARTICLES.length, updated: REEXTRACT_ARTICLES.length - 6, skipped: 6, failed: 0 });
    expect(outcomes.some((outcome) => outcome.kind === 'duplicate'), 'the second copy of step 4 ended quietly').toBe(true);
    const after = await snapshot();
    for (const [id, item] of after) {
      expect(item.extraction.extractorVersion, id).toBe(model.extractorVersion);
      expect(item.editorial.version, id).toBe(before.get(id)!.editorial.version + 1);
    }
  });

  it('ends a message for a superseded model quietly; the newer job rebuilds every record once', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const older = modelAt(new Date('2026-12-04T09:10:00Z'), -2);
    const newer = modelAt(new Date('2026-12-04T09:20:00Z'), -1);
    await storage.models.save(older);
    await storage.models.save(newer);
    await promote(storage.models, older, new Date('2026-12-04T09:10:00Z'), queue);
    // A second promotion before the first job ran at all.
    await promote(storage.models, newer, new Date('2026-12-04T09:20:00Z'), queue);
    expect(queue.depth).toBe(2);

    const { handler, jobs } = handlerWith();
    await queue.drain(handler);
    expect(outcomes[0]).toMatchObject({ kind: 'superseded' });
    expect((await jobs.get())!).toMatchObject({ status: 'done', modelVersion: newer.version });
    const after = await snapshot();
    for (const [id, item] of after) {
      expect(item.extraction.extractorVersion, id).toBe(newer.extractorVersion);
      expect(item.editorial.version, id).toBe(before.get(id)!.editorial.version + 1);
    }

    // A stale message arriving late (the older job's step, redelivered) changes nothing.
    const stale: ReextractJobMessage = { jobId: `${older.extractorVersion}@x`, modelVersion: older.version, extractorVersion: older.extractorVersion, startedAt: '2026-12-04T09:10:00.000Z', step: 3, cursor: { status: 'pending', after: null } };
    await queue.send(stale);
    const stateBefore = await jobs.get();
    outcomes.length = 0;
    expect(await queue.drain(handler)).toBe(1);
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'superseded' })]);
    expect(await jobs.get()).toEqual(stateBefore);
    expect(await snapshot()).toEqual(after);
  });

  it('a rollback starts a job back to the previous model (here the shipped one)', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date('2026-12-04T09:30:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T09:30:00Z'), queue);
    const { handler, jobs } = handlerWith();
    await queue.drain(handler);
    const promoted = await snapshot();

    const { from, to, reextractJob } = await rollback(storage.models, new Date('2026-12-04T09:40:00Z'), queue);
    expect({ from, to }).toEqual({ from: model.version, to: 'shipped' });
    expect(reextractJob).toMatchObject({ modelVersion: 'shipped', extractorVersion: EXTRACTOR_VERSION });
    await queue.drain(handler);
    expect((await jobs.get())!).toMatchObject({ status: 'done', modelVersion: 'shipped', extractorVersion: EXTRACTOR_VERSION, totals: { updated: REEXTRACT_ARTICLES.length } });
    const after = await snapshot();
    for (const [id, item] of after) {
      expect(item.extraction.extractorVersion, id).toBe(EXTRACTOR_VERSION);
      expect(item.editorial).toEqual({ ...promoted.get(id)!.editorial, version: promoted.get(id)!.editorial.version + 1 });
    }
  });

  it('a step short of time rebuilds one record and leaves the rest of its page to the next step', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date('2026-12-04T09:50:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T09:50:00Z'), queue);
    const { handler, jobs } = handlerWith();
    // Always below the reserve: every page is cut short after its first rebuilt record.
    const deliveries = await queue.drain(handler, () => {}, () => ({ ...localLambdaContext('reextract'), getRemainingTimeInMillis: () => 1_000 }));
    expect(deliveries).toBeGreaterThanOrEqual(REEXTRACT_ARTICLES.length);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', totals: { updated: REEXTRACT_ARTICLES.length, failed: 0 } });
    for (const item of (await snapshot()).values()) expect(item.extraction.extractorVersion).toBe(model.extractorVersion);
  });

  it('walks the pending queue once more, delayed, when the job ends before ingest can have seen the new model', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date(), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date(), queue);
    const { handler, jobs } = handlerWith({}, 10 * 60_000);
    await queue.drain(handler);
    // The local queue delivers at once; the job asked for a delay of up to the settling time.
    const delayed = delays.filter((delay) => delay > 0);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]).toBeGreaterThan(500);
    expect(delayed[0]).toBeLessThanOrEqual(600);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', tailPass: true, totals: { updated: REEXTRACT_ARTICLES.length, skipped: REEXTRACT_ARTICLES.length - 2 } });
  });

  it('counts a record whose raw snapshot is gone as a failure and goes on; the record keeps its extraction', { timeout: 60_000 }, async () => {
    const lost = (await storage.practices.get(ids[5]!))!;
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await storage.s3.send(new DeleteObjectCommand({ Bucket: config.rawBucket, Key: lost.sources[0]!.rawKey! }));
    const model = modelAt(new Date('2026-12-04T10:00:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T10:00:00Z'), queue);
    const { handler, jobs } = handlerWith();
    await queue.drain(handler);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', totals: { updated: REEXTRACT_ARTICLES.length - 1, failed: 1 } });
    expect(state.failures).toEqual([expect.objectContaining({ id: lost.id, url: lost.sources[0]!.url })]);
    expect((await storage.practices.get(lost.id))!.extraction).toEqual(lost.extraction);
  });
});
