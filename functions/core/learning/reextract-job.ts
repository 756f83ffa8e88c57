import { EXTRACTOR_VERSION } from '../extraction/extract-practice.js';
import { FIRST_REEXTRACT_CURSOR, REEXTRACT_STATUS_ORDER, reextractPage, type ReextractDependencies } from '../ingest/reextract.js';
import type { SourceProfile } from '../source-definition.js';
import { extractWithModel, modelFitsCode } from './learned-extraction.js';
import { SHIPPED_VERSION, type ModelStore, type StoredModel } from './model-store.js';
import { KEPT_FAILURES, type ReextractJobMessage, type ReextractJobQueue, type ReextractJobState, type ReextractJobStore, type ReextractTotals } from './reextract-job-state.js';

export * from './reextract-job-state.js';

/** The extractor version records get from a model: the model's own when it fits this code, else the shipped one's. */
export function targetExtractorVersion(stored: StoredModel | null): string {
  return stored && modelFitsCode(stored) ? stored.extractorVersion : EXTRACTOR_VERSION;
}

/** The current model and the version it gives records. */
async function currentTarget(models: Pick<ModelStore, 'current' | 'get'>): Promise<{ modelVersion: string; extractorVersion: string; model: StoredModel | null }> {
  const pointer = await models.current();
  const model = pointer && pointer.version !== SHIPPED_VERSION ? await models.get(pointer.version) : null;
  return { modelVersion: model ? model.version : SHIPPED_VERSION, extractorVersion: targetExtractorVersion(model), model };
}

const emptyTotals = (): ReextractTotals => ({ pages: 0, records: 0, skipped: 0, examined: 0, updated: 0, unchanged: 0, failed: 0 });

export interface ReextractJobDependencies {
  models: Pick<ModelStore, 'current' | 'get'>;
  jobs: ReextractJobStore;
  queue: ReextractJobQueue;
  now: () => Date;
}

/**
 * Starts re-extracting every stored record with the current model: called after a promotion and
 * after a rollback. Only enqueues the first step; the step itself opens the job's state, so that
 * every write of the state happens in the (one at a time) re-extraction function, and a job still
 * running for an older model ends quietly at its next step.
 */
export async function startReextractJob(deps: Pick<ReextractJobDependencies, 'models' | 'queue' | 'now'>): Promise<ReextractJobMessage> {
  const target = await currentTarget(deps.models);
  const startedAt = deps.now().toISOString();
  const message: ReextractJobMessage = {
    jobId: `${target.extractorVersion}@${startedAt}`,
    modelVersion: target.modelVersion,
    extractorVersion: target.extractorVersion,
    startedAt,
    step: 0,
    cursor: FIRST_REEXTRACT_CURSOR,
  };
  await deps.queue.send(message);
  return message;
}

function openedState(message: ReextractJobMessage, at: string): ReextractJobState {
  return {
    jobId: message.jobId,
    modelVersion: message.modelVersion,
    extractorVersion: message.extractorVersion,
    status: 'running',
    step: 0,
    cursor: message.cursor,
    startedAt: message.startedAt,
    updatedAt: at,
    finishedAt: null,
    totals: emptyTotals(),
    failures: [],
    tailPass: false,
  };
}

export interface ReextractStepDependencies extends ReextractJobDependencies, Omit<ReextractDependencies, 'extract' | 'now'> {
  /** The profile of a source id (the registry's). */
  sourceOf: (sourceId: string) => SourceProfile | undefined;
}

export interface ReextractStepOptions {
  /** Records per step. */
  pageSize: number;
  /** Milliseconds left in the invocation; the step stops taking records below `reserveMs`. */
  remainingMs?: () => number;
  reserveMs?: number;
  /**
   * How long extractors elsewhere may still use the model the job replaces (the ingest function
   * re-reads the current model every few minutes). A job that ends sooner walks the pending queue
   * once more when that time is over, so that a record ingested meanwhile with the old model is
   * rebuilt too. 0: no second walk.
   */
  settleMs?: number;
}

/** What one step did. */
export type ReextractStepOutcome =
  | { kind: 'superseded'; reason: string }
  | { kind: 'duplicate'; step: number; expected: number }
  | { kind: 'continued'; state: ReextractJobState; delaySeconds: number }
  | { kind: 'done'; state: ReextractJobState };

/**
 * Runs one step of a re-extraction job: checks that the message still matters (its model is the
 * current one, its job the latest, its step not done already), re-extracts one page of records
 * with the job's model, enqueues the next step and records the progress. Steps must run one at a
 * time (the function's concurrency is 1; the local queue is serial). A failure before the state is
 * written leaves the message to be redelivered; the page is then redone, records already rebuilt
 * skipped. Throws only for failures worth a redelivery (storage unreachable); a record that cannot
 * be rebuilt is counted and the job goes on.
 */
export async function runReextractStep(message: ReextractJobMessage, deps: ReextractStepDependencies, options: ReextractStepOptions): Promise<ReextractStepOutcome> {
  const [target, current] = await Promise.all([currentTarget(deps.models), deps.jobs.get()]);
  if (target.modelVersion !== message.modelVersion || target.extractorVersion !== message.extractorVersion) {
    return { kind: 'superseded', reason: `the current model is ${target.modelVersion} (${target.extractorVersion}), not ${message.modelVersion}` };
  }
  let state = current;
  if (!state || state.jobId !== message.jobId) {
    // A first step opens its job unless a job started later holds the state already.
    if (message.step !== 0 || (state && state.startedAt > message.startedAt)) return { kind: 'superseded', reason: `the latest job is ${state?.jobId ?? 'none'}, not ${message.jobId}` };
    state = openedState(message, deps.now().toISOString());
  }
  if (state.status !== 'running' || message.step < state.step) return { kind: 'duplicate', step: message.step, expected: state.step };

  const reserveMs = options.reserveMs ?? 0;
  const remainingMs = options.remainingMs;
  const page = await reextractPage(
    message.cursor,
    { ...deps, now: deps.now, extract: (input) => extractWithModel(input, target.model) },
    {
      limit: options.pageSize,
      targetVersion: message.extractorVersion,
      sourceOf: deps.sourceOf,
      ...(remainingMs ? { shouldStop: () => remainingMs() < reserveMs } : {}),
    },
  );
  const totals = state.totals;
  const next: ReextractJobState = {
    ...state,
    step: message.step + 1,
    updatedAt: deps.now().toISOString(),
    totals: {
      pages: totals.pages + 1,
      records: totals.records + page.records,
      skipped: totals.skipped + page.report.skipped,
      examined: totals.examined + page.report.examined,
      updated: totals.updated + page.report.updated,
      unchanged: totals.unchanged + page.report.unchanged,
      failed: totals.failed + page.report.failures.length,
    },
    failures: [...state.failures, ...page.report.failures].slice(-KEPT_FAILURES),
    cursor: page.next,
  };
  let delaySeconds = 0;
  if (!page.next && !state.tailPass && options.settleMs) {
    const settled = Date.parse(state.startedAt) + options.settleMs;
    const wait = settled - deps.now().getTime();
    if (wait > 0) {
      next.tailPass = true;
      next.cursor = { status: REEXTRACT_STATUS_ORDER.at(-1)!, after: null };
      delaySeconds = Math.ceil(wait / 1000);
    }
  }
  if (!next.cursor) {
    const done: ReextractJobState = { ...next, status: 'done', finishedAt: next.updatedAt };
    await deps.jobs.put(done);
    return { kind: 'done', state: done };
  }
  // The next message before the state: a crash in between redoes this page (records skipped) and
  // at worst leaves a duplicate message, which the step check ends; the other order could lose the job.
  await deps.queue.send({ ...message, step: next.step, cursor: next.cursor }, delaySeconds ? { delaySeconds } : undefined);
  await deps.jobs.put(next);
  return { kind: 'continued', state: next, delaySeconds };
}
