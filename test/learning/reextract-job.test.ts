import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { InProcessDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { createQueryApiDependencies } from '../../functions/composition/api.js';
import { createReextractDependencies } from '../../functions/composition/learning.js';
import { createStorage, type Storage } from '../../functions/composition/storage.js';
import type { Config } from '../../functions/config.js';
import { EXTRACTOR_VERSION } from '../../functions/core/extraction/extract-practice.js';
import { executionNameOf, type ReextractJobMessage, type ReextractJobState, type ReextractStepOutcome } from '../../functions/core/learning/reextract-job.js';
import { createQueryApiHandler } from '../../functions/handlers/api/query-api.js';
import { QUERY_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { sourceListSchema } from '../../functions/handlers/api/schemas.js';
import { createReextractHandler } from '../../functions/handlers/learning/reextract-handler.js';
import { createHttpServer } from '../../functions/local/http-bridge.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { LocalReextractRunner } from '../../functions/local/reextract-runner.js';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';
import { getSource } from '../../functions/sources/registry.js';
import { promote, rollback } from '../../scripts/retrain/run-retrain.js';
import { allRecords } from '../support/practices.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../support/stack.js';
import { modelAt, REEXTRACT_ARTICLES, storeReextractArticles } from './reextract-articles.js';

/*
 * The re-extraction job over the real local servers (DynamoDB Local, s3rver): records stored as
 * ingest stores them, a model promoted as a retrain promotes it, the job started on the in-process
 * runner, which loops over the very Lambda handler as the state machine does (each step's result
 * the next step's input, a failed step retried), a few records a step. Faults are injected only
 * where a real server cannot make them (a crash around the state's write).
 */
const source = getSourceProfile('asi-ru');
const PAGE_SIZE = 3;

let config: Config;
let storage: Storage;
let runner: LocalReextractRunner;
let ids: string[];
const outcomes: ReextractStepOutcome[] = [];
/** The handler's log lines. */
const logged: string[] = [];

/** The job's handler (the Lambda's, composed as the local runtime composes it) with optional faults on its state store. */
function handlerWith(faults: { failPutAtStep?: number; failAfterPutAtStep?: number; failPutAlwaysAtStep?: number } = {}, settleMs = 0, stepsPerExecution?: number) {
  const composed = createReextractDependencies(config, storage, { parser: new InProcessDocumentParser({ registry: { getSource } }), sourceOf: (id) => (id === source.id ? source : undefined), pageSize: PAGE_SIZE, settleMs });
  const deps = stepsPerExecution === undefined ? composed : { ...composed, options: { ...composed.options, stepsPerExecution } };
  const jobs = deps.jobs;
  const failed = new Set<string>();
  const once = (key: string) => !failed.has(key) && failed.add(key) !== undefined;
  const faulty = {
    ...deps,
    jobs: {
      get: () => jobs.get(),
      put: async (state: ReextractJobState) => {
        if (faults.failPutAtStep !== undefined && state.step === faults.failPutAtStep + 1 && once('put')) throw new Error('injected: crash after the page, before the state was written');
        if (faults.failPutAlwaysAtStep !== undefined && state.step === faults.failPutAlwaysAtStep + 1 && state.status === 'running') throw new Error('injected: the state store refuses this step');
        await jobs.put(state);
        if (faults.failAfterPutAtStep !== undefined && state.step === faults.failAfterPutAtStep + 1 && once('after-put')) throw new Error('injected: crash after the state was written, before the result reached the driver');
      },
    },
  };
  const handler = createReextractHandler({
    ...faulty,
    logger: {
      info: (message, extra) => {
        logged.push(message);
        if (extra['outcome']) outcomes.push(extra['outcome'] as ReextractStepOutcome);
      },
      error: () => {},
    },
  });
  return { handler, jobs };
}

/** The articles stored as ingest stores them; each a new record. */
async function storeArticles(): Promise<string[]> {
  const stored = await storeReextractArticles(storage, 810000);
  for (const article of stored) expect(article.kind, article.url).toBe('created');
  return stored.map((article) => article.id);
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

/** `GET /sources` from the query API as composed for Lambda and npm start, over HTTP. */
async function getSources() {
  const server = createHttpServer(QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: createQueryApiHandler(createQueryApiDependencies(config, storage, sourceProfiles)) })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/sources`);
    expect(response.status).toBe(200);
    return sourceListSchema.parse(await response.json());
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

async function snapshot() {
  return new Map((await allRecords(storage.practices)).map((item) => [item.id, item]));
}

/** Every record at `extractorVersion`, each written by the machine exactly once since `before`. */
async function expectRebuiltOnce(before: Awaited<ReturnType<typeof snapshot>>, extractorVersion: string): Promise<Awaited<ReturnType<typeof snapshot>>> {
  const after = await snapshot();
  for (const [id, item] of after) {
    expect(item.extraction.extractorVersion, id).toBe(extractorVersion);
    expect(item.editorial.version, id).toBe(before.get(id)!.editorial.version + 1);
  }
  return after;
}

describeNeedingDynamoDbLocal('the re-extraction job (after a promotion or a rollback, on the local servers)', () => {
  beforeEach(async () => {
    config = testConfig();
    storage = createStorage(config);
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    runner = new LocalReextractRunner();
    outcomes.length = 0;
    logged.length = 0;
    ids = await storeArticles();
    await editorWork();
  }, 60_000);

  it('promotion → job started → the handler pages through every record a few at a time; all at the new version, editors\' work kept', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    expect(before.size).toBe(REEXTRACT_ARTICLES.length);
    const model = modelAt(new Date('2026-12-04T09:00:00Z'), -2);
    await storage.models.save(model);

    const job = await promote(storage.models, model, new Date('2026-12-04T09:00:00Z'), runner);
    expect(job).toMatchObject({ modelVersion: model.version, extractorVersion: model.extractorVersion, step: 0, cursor: { status: 'approved', after: null } });
    expect(runner.pending).toBe(1);

    const { handler, jobs } = handlerWith();
    const deliveries = await runner.run(handler);
    // approved (1 record) + rejected (1) + pending (8, in pages of 3): one step per page.
    expect(deliveries).toBe(1 + 1 + Math.ceil((REEXTRACT_ARTICLES.length - 2) / PAGE_SIZE));
    expect(runner.failed).toEqual([]);
    expect(runner.waits).toEqual([]);

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
      expect(body.reextraction).toEqual({ status: 'done', modelVersion: model.version, extractorVersion: model.extractorVersion, startedAt: state.startedAt, updatedAt: state.updatedAt, finishedAt: state.finishedAt, totals: state.totals, phase: null, secondWalk: false, handovers: 0, waitingUntil: null, lastFailure: null, failure: null });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('resumes a job interrupted mid-way by the retry of the failed step, without rebuilding any record twice', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const model = modelAt(new Date('2026-12-04T09:05:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T09:05:00Z'), runner);

    // Step 2 crashes after its page, before writing the state; step 3 crashes after writing it, before returning.
    const { handler, jobs } = handlerWith({ failPutAtStep: 2, failAfterPutAtStep: 3 });
    const invocations = await runner.run(handler);
    expect(runner.failed).toEqual([]);
    // Five steps, two of them retried once.
    expect(invocations).toBe(5 + 2);

    const state = (await jobs.get())!;
    expect(state.status).toBe('done');
    // Step 2's redone page finds its records rebuilt already: skipped, never updated twice (its
    // counts were never written). Step 3's retry finds the step done and hands on step 4 from the
    // state: its page is not read again.
    expect(state.totals).toMatchObject({ records: REEXTRACT_ARTICLES.length, updated: REEXTRACT_ARTICLES.length - 3, skipped: 3, failed: 0, pages: 5 });
    expect(logged.filter((line) => line === 're-extraction step resumed'), 'the retry of step 3 resumed from the state').toHaveLength(1);
    await expectRebuiltOnce(before, model.extractorVersion);
  });

  it('ends a message for a superseded model quietly; the newer job rebuilds every record once', { timeout: 60_000 }, async () => {
    const before = await snapshot();
    const older = modelAt(new Date('2026-12-04T09:10:00Z'), -2);
    const newer = modelAt(new Date('2026-12-04T09:20:00Z'), -1);
    await storage.models.save(older);
    await storage.models.save(newer);
    await promote(storage.models, older, new Date('2026-12-04T09:10:00Z'), runner);
    // A second promotion before the first job ran at all.
    await promote(storage.models, newer, new Date('2026-12-04T09:20:00Z'), runner);
    expect(runner.pending).toBe(2);

    const { handler, jobs } = handlerWith();
    await runner.run(handler);
    expect(outcomes[0]).toMatchObject({ kind: 'superseded' });
    expect((await jobs.get())!).toMatchObject({ status: 'done', modelVersion: newer.version });
    const after = await expectRebuiltOnce(before, newer.extractorVersion);

    // A step of the older job's execution arriving late (it was running when the newer job started) ends that execution quietly and changes nothing.
    const stale: ReextractJobMessage = { jobId: `${older.extractorVersion}@x`, modelVersion: older.version, extractorVersion: older.extractorVersion, startedAt: '2026-12-04T09:10:00.000Z', step: 3, cursor: { status: 'pending', after: null } };
    await runner.start(stale);
    const stateBefore = await jobs.get();
    outcomes.length = 0;
    expect(await runner.run(handler)).toBe(1);
    expect(outcomes).toEqual([expect.objectContaining({ kind: 'superseded' })]);
    expect(await handler(stale, localLambdaContext('reextract'))).toEqual({ done: true });
    // A step of the current job already done (an execution of the same job started twice) ends quietly too.
    const current = (await jobs.get())!;
    expect(await handler({ jobId: current.jobId, modelVersion: current.modelVersion, extractorVersion: current.extractorVersion, startedAt: current.startedAt, step: 1, cursor: { status: 'rejected', after: null } }, localLambdaContext('reextract'))).toEqual({ done: true });
    expect(await jobs.get()).toEqual(stateBefore);
    expect(await snapshot()).toEqual(after);
  });

  it('a rollback starts a job back to the previous model (here the shipped one)', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date('2026-12-04T09:30:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T09:30:00Z'), runner);
    const { handler, jobs } = handlerWith();
    await runner.run(handler);
    const promoted = await snapshot();

    const { from, to, reextractJob } = await rollback(storage.models, new Date('2026-12-04T09:40:00Z'), runner);
    expect({ from, to }).toEqual({ from: model.version, to: 'shipped' });
    expect(reextractJob).toMatchObject({ modelVersion: 'shipped', extractorVersion: EXTRACTOR_VERSION });
    await runner.run(handler);
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
    await promote(storage.models, model, new Date('2026-12-04T09:50:00Z'), runner);
    const { handler, jobs } = handlerWith();
    // Always below the reserve: every page is cut short after its first rebuilt record.
    const deliveries = await runner.run(handler, { context: () => ({ ...localLambdaContext('reextract'), getRemainingTimeInMillis: () => 1_000 }) });
    expect(deliveries).toBeGreaterThanOrEqual(REEXTRACT_ARTICLES.length);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', totals: { updated: REEXTRACT_ARTICLES.length, failed: 0 } });
    for (const item of (await snapshot()).values()) expect(item.extraction.extractorVersion).toBe(model.extractorVersion);
  });

  it('walks the pending queue once more, delayed, when the job ends before ingest can have seen the new model', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date(), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date(), runner);
    const { handler, jobs } = handlerWith({}, 10 * 60_000);
    // The Wait state shortened to nothing; the job asked for a wait of up to the settling time.
    await runner.run(handler, { maxWaitMs: 0 });
    const delayed = runner.waits;
    expect(delayed).toHaveLength(1);
    expect(delayed[0]).toBeGreaterThan(500);
    expect(delayed[0]).toBeLessThanOrEqual(600);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', tailPass: true, totals: { updated: REEXTRACT_ARTICLES.length, skipped: REEXTRACT_ARTICLES.length - 2 } });
  });

  it('a step that failed after scheduling the second walk is resumed with the wait still asked for', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date(), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date(), runner);
    // Step 4 (the last page of the pending queue) writes the state with the second walk scheduled, then dies.
    const { handler, jobs } = handlerWith({ failAfterPutAtStep: 4 }, 10 * 60_000);
    await runner.run(handler, { maxWaitMs: 0 });
    expect(logged.filter((line) => line === 're-extraction step resumed')).toHaveLength(1);
    expect(runner.waits).toHaveLength(1);
    expect(runner.waits[0]).toBeGreaterThan(500);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', tailPass: true, totals: { updated: REEXTRACT_ARTICLES.length, skipped: REEXTRACT_ARTICLES.length - 2 } });
  });

  it('counts a record whose raw snapshot is gone as a failure and goes on; the record keeps its extraction', { timeout: 60_000 }, async () => {
    const lost = (await storage.practices.get(ids[5]!))!;
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await storage.s3.send(new DeleteObjectCommand({ Bucket: config.rawBucket, Key: lost.sources[0]!.rawKey! }));
    const model = modelAt(new Date('2026-12-04T10:00:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T10:00:00Z'), runner);
    const { handler, jobs } = handlerWith();
    await runner.run(handler);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'done', totals: { updated: REEXTRACT_ARTICLES.length - 1, failed: 1 } });
    expect(state.failures).toEqual([expect.objectContaining({ id: lost.id, url: lost.sources[0]!.url })]);
    expect((await storage.practices.get(lost.id))!.extraction).toEqual(lost.extraction);
  });

  it('a step that fails every attempt marks the job failed (step, error) before the execution fails; GET /sources says so', { timeout: 60_000 }, async () => {
    const model = modelAt(new Date('2026-12-04T10:05:00Z'), -2);
    await storage.models.save(model);
    await promote(storage.models, model, new Date('2026-12-04T10:05:00Z'), runner);
    const { handler, jobs } = handlerWith({ failPutAlwaysAtStep: 2 });
    const invocations = await runner.run(handler);
    // Steps 0 and 1, five attempts at step 2, then the failure recorded (as the state machine's RecordFailure).
    expect(invocations).toBe(2 + 5);
    expect(runner.failed).toEqual([expect.objectContaining({ step: 2 })]);
    const state = (await jobs.get())!;
    expect(state).toMatchObject({ status: 'failed', step: 2, failure: { step: 2, error: 'Error', message: 'injected: the state store refuses this step' } });
    expect(state.finishedAt).toBe(state.updatedAt);
    // A late step of the failed job changes nothing.
    const before = await jobs.get();
    expect(await handler({ jobId: state.jobId, modelVersion: state.modelVersion, extractorVersion: state.extractorVersion, startedAt: state.startedAt, step: 2, cursor: state.cursor! }, localLambdaContext('reextract'))).toEqual({ done: true });
    expect(await jobs.get()).toEqual(before);
    // A failure reported for another job (superseded) changes nothing either.
    expect(await handler({ failed: { message: { jobId: 'other@x', modelVersion: state.modelVersion, extractorVersion: state.extractorVersion, startedAt: state.startedAt, step: 0, cursor: { status: 'approved', after: null } }, error: 'Error', cause: 'x' } }, localLambdaContext('reextract'))).toEqual({ done: true });
    expect(await jobs.get()).toEqual(before);
    // The query API reports the failed job with the error's name (its message stays in the state).
    const body = await getSources();
    expect(body.reextraction).toMatchObject({ status: 'failed', failure: { step: 2, error: 'Error' } });
    expect(JSON.stringify(body.reextraction)).not.toContain('injected');
  });

  describe('hand-over to a fresh execution after a budget of steps (an execution\'s history is bounded)', () => {
    it('hands over every 2 steps and finishes with every record re-extracted exactly once', { timeout: 60_000 }, async () => {
      const before = await snapshot();
      const model = modelAt(new Date('2026-12-04T10:10:00Z'), -2);
      await storage.models.save(model);
      const job = (await promote(storage.models, model, new Date('2026-12-04T10:10:00Z'), runner))!;
      const { handler, jobs } = handlerWith({}, 0, 2);
      const seen: ReextractJobMessage[] = [];
      const deliveries = await runner.run(async (event, context) => {
        seen.push(event as ReextractJobMessage);
        return handler(event, context);
      });
      // 5 steps (approved 1, rejected 1, pending 8 in pages of 3) in 3 executions: 0–1, 2–3, 4.
      expect(deliveries).toBe(5);
      expect(runner.failed).toEqual([]);
      expect(seen.map((m) => [m.step, m.execution ?? 0])).toEqual([[0, 0], [1, 0], [2, 1], [3, 1], [4, 2]]);
      expect(runner.handOvers).toEqual([executionNameOf({ ...job, execution: 1 }), executionNameOf({ ...job, execution: 2 })]);
      expect(runner.handOvers).toEqual([`${executionNameOf(job)}-h1`, `${executionNameOf(job)}-h2`]);
      expect(logged.filter((line) => line === 're-extraction step')).toHaveLength(4);

      const state = (await jobs.get())!;
      expect(state).toMatchObject({ status: 'done', jobId: job.jobId, handovers: 2, executionFirstStep: 4, cursor: null });
      expect(state.totals).toMatchObject({ pages: 5, records: REEXTRACT_ARTICLES.length, updated: REEXTRACT_ARTICLES.length, skipped: 0, failed: 0 });
      // Exactly once: one machine write per record.
      await expectRebuiltOnce(before, model.extractorVersion);
    });

    it('a hand-over step that fails after writing the state hands over again on its retry (not a second time, no page redone); one failing before the write redoes its page', { timeout: 60_000 }, async () => {
      const before = await snapshot();
      const model = modelAt(new Date('2026-12-04T10:20:00Z'), -2);
      await storage.models.save(model);
      await promote(storage.models, model, new Date('2026-12-04T10:20:00Z'), runner);
      // Steps 1 and 3 are hand-over steps (budget 2): 1 dies after its write, 3 before it.
      const { handler, jobs } = handlerWith({ failAfterPutAtStep: 1, failPutAtStep: 3 }, 0, 2);
      const invocations = await runner.run(handler);
      expect(runner.failed).toEqual([]);
      expect(invocations).toBe(5 + 2);
      expect(runner.handOvers).toHaveLength(2);
      expect(new Set(runner.handOvers).size).toBe(2);
      expect(logged.filter((line) => line === 're-extraction step resumed')).toHaveLength(1);
      const state = (await jobs.get())!;
      expect(state).toMatchObject({ status: 'done', handovers: 2 });
      // Step 3's redone page (pending, 3 records) finds its records rebuilt: skipped.
      expect(state.totals).toMatchObject({ pages: 5, records: REEXTRACT_ARTICLES.length, updated: REEXTRACT_ARTICLES.length - 3, skipped: 3, failed: 0 });
      await expectRebuiltOnce(before, model.extractorVersion);
    });

    it('a newer promotion wins over a handed-over execution: it ends quietly, the newer job rebuilds every record', { timeout: 60_000 }, async () => {
      const before = await snapshot();
      const older = modelAt(new Date('2026-12-04T10:30:00Z'), -2);
      const newer = modelAt(new Date('2026-12-04T10:40:00Z'), -1);
      await storage.models.save(older);
      await storage.models.save(newer);
      const first = (await promote(storage.models, older, new Date('2026-12-04T10:30:00Z'), runner))!;
      const { handler, jobs } = handlerWith({}, 0, 2);
      let second: ReextractJobMessage | null = null;
      const superseded: ReextractJobMessage[] = [];
      await runner.run(async (input, context) => {
        const event = input as ReextractJobMessage;
        // The newer model is promoted just as the older job's second execution begins.
        if (event.jobId === first.jobId && event.execution === 1 && !second) second = await promote(storage.models, newer, new Date('2026-12-04T10:40:00Z'), runner);
        const result = await handler(event, context);
        if (event.jobId === first.jobId && event.execution === 1) superseded.push(event);
        return result;
      });
      expect(second).not.toBeNull();
      expect(runner.failed).toEqual([]);
      // The older job's handed-over execution: one step, ended as superseded; nothing rebuilt with the older model after it.
      expect(superseded).toHaveLength(1);
      expect(outcomes).toEqual([expect.objectContaining({ kind: 'superseded' })]);
      const state = (await jobs.get())!;
      expect(state).toMatchObject({ status: 'done', jobId: second!.jobId, modelVersion: newer.version, handovers: 2 });
      expect(state.totals).toMatchObject({ records: REEXTRACT_ARTICLES.length, updated: REEXTRACT_ARTICLES.length, skipped: 0 });
      // The older job rebuilt the approved and the rejected record (its first execution); the newer one every record once.
      for (const [id, item] of await snapshot()) {
        expect(item.extraction.extractorVersion, id).toBe(newer.extractorVersion);
        const rebuilds = id === ids[0] || id === ids[1] ? 2 : 1;
        expect(item.editorial.version, id).toBe(before.get(id)!.editorial.version + rebuilds);
      }
    });
  });
});
