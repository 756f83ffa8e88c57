import { CriticalError, NonRetryableError, PipelineError, RetryableError, type ErrorContext } from '../../core/errors.js';
import type { Clock } from '../../core/ports.js';
import { SsrfBlockedError } from './ssrf-guard.js';

// What one attempt's failure means (its code, and by its class whether another attempt may help)
// and how the fetcher tries again: bounded, jittered exponential backoff, Retry-After honoured up
// to a cap.

/** Why an attempt's exchange failed; its class says whether another attempt may help. */
export interface AttemptFailure {
  error: PipelineError;
  retryAfterSeconds?: number;
}

/** A failure of the page's own exchange: the only kind {@link withRetries} tries again. */
export class AttemptError extends Error {
  constructor(readonly failure: AttemptFailure) {
    super(failure.error.message);
  }
}

/** Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** The failure an error status means: 429, 408 and 5xx may pass later, 403/451 are a block, other 4xx final. */
export function statusFailure(status: number, headers: Record<string, string>, context: ErrorContext, clock: Clock): AttemptFailure {
  const retryAfterSeconds = parseRetryAfter(headers['retry-after'], clock.now());
  const withRetryAfter = retryAfterSeconds !== undefined ? { ...context, retryAfterSeconds } : context;
  const after = retryAfterSeconds !== undefined ? { retryAfterSeconds } : {};
  if (status === 429) return { error: new RetryableError('rate_limited', 'the server rate-limits us (429)', withRetryAfter), ...after };
  if (status === 408) return { error: new RetryableError('timeout', 'the server timed out waiting for the request (408)', context) };
  if (status === 403 || status === 451) return { error: new NonRetryableError('blocked', `access refused (${status})`, context) };
  if (status >= 500) return { error: new RetryableError('http_5xx', `server error ${status}`, withRetryAfter), ...after };
  return { error: new NonRetryableError('http_4xx', `client error ${status}`, context) };
}

const NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT',
  'Z_DATA_ERROR', 'Z_BUF_ERROR', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_INVALID_HEADER_VALUE',
]);

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** Maps an error from the socket, the HTTP client, TLS or zlib to an error of the family (code and class). */
export function classifyTransportError(error: unknown, context: ErrorContext): AttemptFailure {
  const chain = causeChain(error);
  const pipelineError = chain.find((e): e is PipelineError => e instanceof PipelineError);
  if (pipelineError) {
    return { error: pipelineError instanceof SsrfBlockedError ? pipelineError.withContext(context) : pipelineError };
  }
  const codes = chain.map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === 'string');
  const message = error instanceof Error ? error.message : String(error);
  if (codes.includes('CONNECT_TIMEOUT')) return { error: new RetryableError('timeout', message, context, { cause: error }) };
  if (codes.some((c) => /CERT|SIGNATURE|ISSUER|^ERR_TLS|^ERR_SSL/.test(c))) {
    return { error: new NonRetryableError('network', `TLS failure: ${message}`, context, { cause: error }) };
  }
  // HPE_*: the peer spoke broken HTTP (bad chunking, bad headers, a short body).
  if (
    codes.some((c) => NETWORK_CODES.has(c) || c.startsWith('HPE_')) ||
    chain.some((e) => e instanceof Error && /socket|terminated|other side closed|premature|aborted/i.test(e.message))
  ) {
    return { error: new RetryableError('network', message, context, { cause: error }) };
  }
  // Errno-style codes are the operating system's socket errors; anything else is our bug.
  if (codes.some((c) => /^E[A-Z]+$/.test(c))) return { error: new RetryableError('network', message, context, { cause: error }) };
  return { error: new CriticalError(message, context, { cause: error }) };
}

/** Anything thrown while fetching, as an error of the family. */
export function toFetchError(error: unknown, context: ErrorContext): PipelineError {
  if (error instanceof PipelineError) return error;
  return classifyTransportError(error, context).error;
}

/** How often and how patiently to try again. */
export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** Base of the jittered exponential backoff. */
  baseDelayMs: number;
  /** Longest Retry-After waited for; a longer one fails at once with `rate_limited`. */
  maxRetryAfterSeconds: number;
  /** Source of jitter in [0, 1). */
  random: () => number;
  sleep: (ms: number) => Promise<void>;
  /** True once the fetcher is closing: no attempt is started or waited for any more. */
  stopped: () => boolean;
}

function backoff(attempt: number, policy: RetryPolicy): number {
  const base = policy.baseDelayMs * 2 ** attempt;
  return Math.round(base / 2 + policy.random() * (base / 2));
}

/**
 * Runs `attempt` until it succeeds, fails with anything but a retryable {@link AttemptError}, or
 * the policy's retries are spent. Throws an error of the family.
 */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, context: ErrorContext): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      // Only the page's own exchange is tried again: robots.txt verdicts are cached, and the
      // rest (SSRF, redirects, caps) would fail the same way.
      if (!(error instanceof AttemptError)) throw toFetchError(error, context);
      const failure = error.failure;
      if (!failure.error.retryable || tried >= policy.retries || policy.stopped()) throw failure.error;
      let delay = backoff(tried, policy);
      if (failure.retryAfterSeconds !== undefined) {
        if (failure.retryAfterSeconds > policy.maxRetryAfterSeconds) {
          throw new RetryableError('rate_limited', `asked to wait ${failure.retryAfterSeconds} s, more than the ${policy.maxRetryAfterSeconds} s we wait`, {
            ...failure.error.context,
            retryAfterSeconds: failure.retryAfterSeconds,
          });
        }
        delay = Math.max(delay, failure.retryAfterSeconds * 1000);
      }
      await policy.sleep(delay);
      if (policy.stopped()) throw failure.error;
    }
  }
}
