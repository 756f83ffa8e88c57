import { RetryableError } from '../../core/errors.js';

const THROTTLING = new Set(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'SlowDown']);
const SERVER = new Set(['InternalServerError', 'ServiceUnavailable', 'InternalFailure']);

/** Name of an SDK error (the exception class name), or '' for anything else. */
export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : '';
}

/**
 * Turns DynamoDB's (and S3's) transient failures (throttling the SDK gave up on, server errors) into
 * `RetryableError`, so callers re-queue the work; anything else is returned unchanged.
 */
export function translateTransient(error: unknown, context: Record<string, unknown> = {}): unknown {
  const name = errorName(error);
  if (THROTTLING.has(name)) return new RetryableError('rate_limited', `DynamoDB throttled the request (${name})`, context, { cause: error });
  if (SERVER.has(name)) return new RetryableError('http_5xx', `DynamoDB failed the request (${name})`, context, { cause: error });
  return error;
}

/** Cancellation codes of a `TransactionCanceledException`, one per transaction item ('None' when fine). */
export function cancellationCodes(error: unknown): string[] {
  const reasons = (error as { CancellationReasons?: Array<{ Code?: string }> }).CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((r) => r.Code ?? 'None') : [];
}
