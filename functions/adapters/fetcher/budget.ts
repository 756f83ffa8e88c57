import { NonRetryableError, type ErrorContext } from '../../core/errors.js';

// The clocks of a fetch: how long an attempt may spend on the network, and waits that end when
// the fetcher closes.

/**
 * The time an attempt may spend on the network. It runs only while a request is in flight, so
 * that waiting for a host's queue slot does not eat it; once spent, the request is aborted.
 */
export class Budget {
  private remaining: number;

  constructor(
    private readonly totalMs: number,
    private readonly context: ErrorContext,
  ) {
    this.remaining = totalMs;
  }

  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const expired = () => new NonRetryableError('timeout', `no complete response within ${this.totalMs} ms`, this.context);
    if (this.remaining <= 0) throw expired();
    const controller = new AbortController();
    const started = performance.now();
    const timer = setTimeout(() => controller.abort(expired()), this.remaining);
    try {
      return await task(controller.signal);
    } finally {
      clearTimeout(timer);
      this.remaining -= performance.now() - started;
    }
  }
}

/** Rejects with the signal's reason when it aborts first. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Sleeps, but wakes at once when `signal` aborts (the fetcher closes), so that no timer outlives it. */
export function sleepUntil(signal: AbortSignal): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', wake);
        resolve();
      }, ms);
      signal.addEventListener('abort', wake, { once: true });
    });
}
