import { createHash } from 'node:crypto';
import { EXTRACTOR_VERSION } from '../extraction/extract-practice.js';
import { FIRST_REEXTRACT_CURSOR, REEXTRACT_STATUS_ORDER, reextractPage, type ReextractDependencies } from '../ingest/reextract.js';
import type { SourceProfile } from '../source-definition.js';
import { extractWithModel, modelFitsCode } from './learned-extraction.js';
import { SHIPPED_VERSION, type ModelStore, type StoredModel } from './model-store.js';
import { KEPT_FAILURES, REEXTRACT_STEPS_PER_EXECUTION, type ReextractJobMessage, type ReextractJobStarter, type ReextractJobState, type ReextractJobStore, type ReextractTotals } from './reextract-job-state.js';

export * from './reextract-job-state.js';

/**
 * The name of the driver's execution that runs a message: the job's start time (readable in a
 * console) and a digest of its id, then `-h<n>` for the execution after the n-th hand-over; within
 * Step Functions' 80 characters of letters, digits, `-` and `_`. One name per job and execution, so
 * that starting one twice (a retried retrain, a retried hand-over) runs it once.
 */
export function executionNameOf(message: ReextractJobMessage): string {
  const at = message.startedAt.replace(/[^0-9]/g, '').slice(0, 17);
  const execution = message.execution ?? 0;
  return `reextract-${at}-${createHash('sha256').update(message.jobId).digest('hex').slice(0, 16)}${execution > 0 ? `-h${execution}` : ''}`;
}

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
  now: () => Date;
}

/**
 * Starts re-extracting every stored record with the current model: called after a promotion and
 * after a rollback. Only starts the driver with the first step; the step itself opens the job's
 * state, so that every write of the state happens in the (one at a time) re-extraction function,
 * and a job still running for an older model ends quietly at its next step.
 */
export async function startReextractJob(deps: Pick<ReextractJobDependencies, 'models' | 'now'> & { starter: ReextractJobStarter }): Promise<ReextractJobMessage> {
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
  await deps.starter.start(message);
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
    handovers: 0,
    executionFirstStep: 0,
    waitingUntil: null,
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
  /** Steps an execution runs before it hands over to a fresh one (default {@link REEXTRACT_STEPS_PER_EXECUTION}). */
  stepsPerExecution?: number;
}

/**
 * What one step did. `continued` carries the next step's message and how long the driver waits
 * before it (the delayed second walk of the pending queue); `resumed` marks a step done before
 * whose result never reached the driver, handed on again from the stored state; `handOver` asks
 * the driver to run the next message in a fresh execution (named {@link executionNameOf} of it)
 * and end this one.
 */
export type ReextractStepOutcome =
  | { kind: 'superseded'; reason: string }
  | { kind: 'duplicate'; step: number; expected: number }
  | { kind: 'continued'; state: ReextractJobState; next: ReextractJobMessage; delaySeconds: number; resumed?: true; handOver?: true }
  | { kind: 'done'; state: ReextractJobState };

/** Seconds until the job's second walk of the pending queue may start (0 once the settling time is over). */
function settleDelaySeconds(startedAt: string, settleMs: number | undefined, now: Date): number {
  if (!settleMs) return 0;
  const wait = Date.parse(startedAt) + settleMs - now.getTime();
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

/**
 * Runs one step of a re-extraction job: checks that the message still matters (its model is the
 * current one, its job the latest, its step not done already), re-extracts one page of records
 * with the job's model, records the progress and returns the next step's message. Steps must run
 * one at a time (the function's concurrency is 1; the local runner is serial). A failure before
 * the state is written makes the driver retry the same message; the page is then redone, records
 * already rebuilt skipped. A failure after it (the result lost) makes the retry find its step done:
 * the next message is handed on again from the state, the page not redone. Throws only for
 * failures worth a retry (storage unreachable); a record that cannot be rebuilt is counted and the
 * job goes on.
 */
export async function runReextractStep(message: ReextractJobMessage, deps: ReextractStepDependencies, options: ReextractStepOptions): Promise<ReextractStepOutcome> {
  const [target, current] = await Promise.all([currentTarget(deps.models), deps.jobs.get()]);
  if (target.modelVersion !== message.modelVersion || target.extractorVersion !== message.extractorVersion) {
    return { kind: 'superseded', reason: `the current model is ${target.modelVersion} (${target.extractorVersion}), not ${message.modelVersion}` };
  }
  let state: ReextractJobState;
  if (!current || current.jobId !== message.jobId) {
    // A first step opens its job unless a job started later holds the state already.
    if (message.step !== 0 || (current && current.startedAt > message.startedAt)) return { kind: 'superseded', reason: `the latest job is ${current?.jobId ?? 'none'}, not ${message.jobId}` };
    state = openedState(message, deps.now().toISOString());
  } else {
    // States written by older code lack the hand-over fields.
    state = { handovers: 0, executionFirstStep: 0, waitingUntil: null, ...current };
  }
  const handovers = state.handovers ?? 0;
  if (state.status === 'running' && state.cursor && message.step === state.step - 1) {
    const next: ReextractJobMessage = { ...message, step: state.step, cursor: state.cursor, execution: handovers };
    // The lost result was a hand-over when the state counts more hand-overs than the message's execution.
    if ((message.execution ?? 0) < handovers) return { kind: 'continued', state, next, delaySeconds: 0, resumed: true, handOver: true };
    return { kind: 'continued', state, next, delaySeconds: state.tailPass ? settleDelaySeconds(state.startedAt, options.settleMs, deps.now()) : 0, resumed: true };
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
    waitingUntil: null,
  };
  let delaySeconds = 0;
  if (!page.next && !state.tailPass) {
    const wait = settleDelaySeconds(state.startedAt, options.settleMs, deps.now());
    if (wait > 0) {
      next.tailPass = true;
      next.cursor = { status: REEXTRACT_STATUS_ORDER.at(-1)!, after: null };
      next.waitingUntil = new Date(deps.now().getTime() + wait * 1000).toISOString();
      delaySeconds = wait;
    }
  }
  if (!next.cursor) {
    const done: ReextractJobState = { ...next, status: 'done', finishedAt: next.updatedAt };
    await deps.jobs.put(done);
    return { kind: 'done', state: done };
  }
  // An execution that has run its budget of steps hands over to a fresh one, which goes on from
  // the stored cursor. Never together with a wait: the fresh execution would not wait, so the hand-over
  // comes a step later.
  const budget = Math.max(1, options.stepsPerExecution ?? REEXTRACT_STEPS_PER_EXECUTION);
  const handOver = delaySeconds === 0 && next.step - (state.executionFirstStep ?? 0) >= budget;
  if (handOver) {
    next.handovers = handovers + 1;
    next.executionFirstStep = next.step;
  }
  // The state first, then the next message as the result: a crash before the write redoes this
  // page (records skipped), a crash after it is resumed from the state (see above).
  await deps.jobs.put(next);
  const nextMessage: ReextractJobMessage = { ...message, step: next.step, cursor: next.cursor, execution: next.handovers ?? 0 };
  return { kind: 'continued', state: next, next: nextMessage, delaySeconds, ...(handOver ? { handOver: true as const } : {}) };
}

/** What the driver says of a step that failed its last attempt. */
export interface ReextractStepFailure {
  /** The error's name (Step Functions' `Error`). */
  error: string;
  /** Its message or cause, as the driver has it. */
  cause: string;
}

/**
 * Records that the driver gave up on a step (every attempt failed): the job's state becomes
 * `failed`, with the step and the error, so that editors see it stopped rather than a job that
 * seems to run. Only the latest job's running state is changed: a failure of a superseded or an
 * already finished job changes nothing. Returns the state written, or null.
 */
export async function recordReextractFailure(message: ReextractJobMessage, failure: ReextractStepFailure, deps: Pick<ReextractJobDependencies, 'jobs' | 'now'>): Promise<ReextractJobState | null> {
  const state = await deps.jobs.get();
  if (!state || state.jobId !== message.jobId || state.status !== 'running') return null;
  const at = deps.now().toISOString();
  const failed: ReextractJobState = {
    ...state,
    status: 'failed',
    updatedAt: at,
    finishedAt: at,
    waitingUntil: null,
    failure: { step: message.step, error: failure.error.slice(0, 200), message: failure.cause.slice(0, 1000), at },
  };
  await deps.jobs.put(failed);
  return failed;
}
