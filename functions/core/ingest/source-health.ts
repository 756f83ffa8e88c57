import type { FailureCode } from '../errors.js';
import type { SourceHealth, WorkingEntryPoint } from '../model.js';
import type { SourceProfile } from '../source-definition.js';

/** Longest a failing source is left alone between attempts. It is never disabled. */
export const MAX_BACKOFF_MS = 24 * 60 * 60 * 1000;

/** Consecutive failures after which a source counts as failing loudly (alarm, webhook). */
export const FAILING_ALERT_THRESHOLD = 3;

/** Health of a source that has never run. */
export function initialHealth(source: SourceProfile): SourceHealth {
  return {
    sourceId: source.id,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastNewItemAt: null,
    consecutiveFailures: 0,
    lastErrorCode: null,
    lastErrorMessage: null,
    lastItemCount: null,
    lastNewItemCount: null,
    expectedCadenceHours: source.expectedCadenceHours,
    backoffUntil: null,
    status: 'never-run',
    workingEntryPoints: [],
    degradedReasons: [],
  };
}

/**
 * Delay before the next attempt after `failures` consecutive failures: the source's own
 * interval doubled per failure, capped at 24 h; a longer Retry-After from the site wins (capped too).
 */
export function backoffMs(source: SourceProfile, failures: number, retryAfterSeconds?: number): number {
  const base = Math.max(source.scheduleMinutes, 1) * 60_000;
  const exponential = base * 2 ** Math.max(failures - 1, 0);
  const asked = retryAfterSeconds ? retryAfterSeconds * 1000 : 0;
  return Math.min(MAX_BACKOFF_MS, Math.max(exponential, asked));
}

/**
 * Derived status. `stale` means the source answers but has brought nothing new for twice its
 * expected cadence: a silent layout change or a dead section looks like this.
 */
export function deriveStatus(health: Omit<SourceHealth, 'status'>, now: Date): SourceHealth['status'] {
  if (!health.lastAttemptAt) return 'never-run';
  if (health.consecutiveFailures > 0) return 'failing';
  const reference = health.lastNewItemAt ?? health.lastSuccessAt;
  if (reference) {
    const ageHours = (now.getTime() - Date.parse(reference)) / 3_600_000;
    if (ageHours > 2 * health.expectedCadenceHours) return 'stale';
  }
  return health.degradedReasons?.length ? 'degraded' : 'ok';
}

/** Health after a run that reached at least one entry point. */
export function healthAfterSuccess(
  previous: SourceHealth,
  source: SourceProfile,
  run: {
    at: Date;
    itemsSeen: number;
    itemsNew: number;
    lastError?: { code: FailureCode; message: string } | null;
    /** The entry points that worked; kept from before when absent. */
    workingEntryPoints?: WorkingEntryPoint[];
    /** Why the run is not fully healthy (fallback, generic extractor); none: `ok`. */
    degradedReasons?: string[];
  },
): SourceHealth {
  const at = run.at.toISOString();
  const next = {
    ...previous,
    expectedCadenceHours: source.expectedCadenceHours,
    lastAttemptAt: at,
    lastSuccessAt: at,
    lastNewItemAt: run.itemsNew > 0 ? at : previous.lastNewItemAt,
    consecutiveFailures: 0,
    // A partial failure (one entry point of several) is kept visible without failing the source.
    lastErrorCode: run.lastError?.code ?? previous.lastErrorCode,
    lastErrorMessage: run.lastError?.message ?? previous.lastErrorMessage,
    lastItemCount: run.itemsSeen,
    lastNewItemCount: run.itemsNew,
    backoffUntil: null,
    workingEntryPoints: run.workingEntryPoints ?? previous.workingEntryPoints ?? [],
    degradedReasons: run.degradedReasons ?? [],
  };
  return { ...next, status: deriveStatus(next, run.at) };
}

/** Health after a run in which nothing could be fetched (not-modified counts as success, not here). */
export function healthAfterFailure(
  previous: SourceHealth,
  source: SourceProfile,
  run: { at: Date; code: FailureCode; message: string; retryAfterSeconds?: number },
): SourceHealth {
  const failures = previous.consecutiveFailures + 1;
  const next = {
    ...previous,
    expectedCadenceHours: source.expectedCadenceHours,
    lastAttemptAt: run.at.toISOString(),
    consecutiveFailures: failures,
    lastErrorCode: run.code,
    lastErrorMessage: run.message,
    lastItemCount: 0,
    lastNewItemCount: 0,
    backoffUntil: new Date(run.at.getTime() + backoffMs(source, failures, run.retryAfterSeconds)).toISOString(),
  };
  return { ...next, status: deriveStatus(next, run.at) };
}

/** Whether this failure count deserves a `source.failing` notification (first crossing, then daily). */
export function shouldAlert(source: SourceProfile, consecutiveFailures: number): boolean {
  if (consecutiveFailures === FAILING_ALERT_THRESHOLD) return true;
  if (consecutiveFailures < FAILING_ALERT_THRESHOLD) return false;
  // Once backoff has reached its cap every attempt is a day apart: remind every time.
  return backoffMs(source, consecutiveFailures) >= MAX_BACKOFF_MS;
}
