import { randomUUID } from 'node:crypto';
import { NonRetryableError, PipelineError, RetryableError } from '../../core/errors.js';
import {
  STRICT_WEBHOOK_URL_POLICY,
  systemClock,
  type Clock,
  type NotificationEvent,
  type Notifier,
  type WebhookDelivery,
  type WebhookRepository,
  type WebhookSubscription,
  type WebhookUrlPolicy,
} from '../../core/ports.js';
import { signWebhookBody } from './signature.js';
import { assertWebhookUrlAllowed } from './url-policy.js';

export interface WebhookNotifierOptions {
  repository: WebhookRepository;
  policy?: WebhookUrlPolicy;
  /** Attempts per delivery, first included (default 3). */
  attempts?: number;
  /** Backoff base and cap in milliseconds (default 500 and 5000): full jitter over base × 2^(n-1). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per-attempt time limit (default 5000 ms). */
  timeoutMs?: number;
  /**
   * Time budget of one delivery, all attempts and waits included (default 8000 ms): publishing
   * runs inside the request or run that caused the event, which has its own deadline.
   */
  deadlineMs?: number;
  clock?: Clock;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  logger?: { error(message: string, ...extra: unknown[]): void };
}

/** Body of every webhook POST. */
export interface WebhookPayload {
  id: string;
  type: NotificationEvent['type'];
  event: NotificationEvent;
}

/** The failure an answer's status means: 5xx, 408, 425 and 429 may pass later, anything else is final. */
function statusFailure(status: number): PipelineError {
  const message = `HTTP ${status}`;
  if (status >= 500) return new RetryableError('http_5xx', message, { status });
  if (status === 408) return new RetryableError('timeout', message, { status });
  if (status === 425 || status === 429) return new RetryableError('rate_limited', message, { status });
  return new NonRetryableError('http_4xx', message, { status });
}

/**
 * The `Notifier` of webhooks: POSTs each event, HMAC-signed, to every subscriber of its type,
 * retrying network errors, timeouts, 5xx, 408 and 429 with bounded exponential backoff and jitter,
 * and records one delivery-log row per subscriber. It never throws into the publishing flow.
 */
export class WebhookNotifier implements Notifier {
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly policy: WebhookUrlPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: WebhookNotifierOptions) {
    this.attempts = Math.max(1, Math.min(options.attempts ?? 3, 10));
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.deadlineMs = options.deadlineMs ?? 8000;
    this.policy = options.policy ?? STRICT_WEBHOOK_URL_POLICY;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async publish(event: NotificationEvent): Promise<void> {
    try {
      const subscribers = (await this.options.repository.list()).filter((s) => s.events.includes(event.type));
      await Promise.all(subscribers.map((s) => this.deliver(s, event)));
    } catch (error) {
      this.options.logger?.error('webhook publishing failed', { eventType: event.type, error });
    }
  }

  /** Delivers one event to one subscriber with retries and records the outcome; never throws. */
  async deliver(subscription: WebhookSubscription, event: NotificationEvent): Promise<WebhookDelivery> {
    const id = randomUUID();
    const startedAt = this.clock.now().toISOString();
    const body = JSON.stringify({ id, type: event.type, event } satisfies WebhookPayload);
    let attempts = 0;
    let lastError: string | null = null;
    let lastStatusCode: number | null = null;
    let delivered = false;
    const deadline = Date.now() + this.deadlineMs;
    while (attempts < this.attempts && !delivered) {
      if (attempts > 0) {
        const cap = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempts - 1));
        const delay = Math.round(this.random() * cap);
        // A retry that could not finish before the deadline is not started.
        if (Date.now() + delay + 100 > deadline) break;
        await this.sleep(delay);
      }
      attempts += 1;
      try {
        lastStatusCode = await this.attempt(subscription, id, event, body, Math.max(100, Math.min(this.timeoutMs, deadline - Date.now())));
        lastError = null;
        delivered = true;
      } catch (error) {
        const failure = error instanceof PipelineError ? error : new RetryableError('network', String(error));
        lastError = failure.message;
        lastStatusCode = failure.context.status ?? null;
        // The error's class alone says whether another attempt may help.
        if (!failure.retryable) break;
      }
    }
    const delivery: WebhookDelivery = {
      id,
      subscriptionId: subscription.id,
      eventType: event.type,
      status: delivered ? 'delivered' : 'failed',
      attempts,
      lastStatusCode,
      lastError,
      startedAt,
      finishedAt: this.clock.now().toISOString(),
    };
    try {
      await this.options.repository.recordDelivery(delivery);
    } catch (error) {
      this.options.logger?.error('webhook delivery log write failed', { subscriptionId: subscription.id, error });
    }
    return delivery;
  }

  private async attempt(subscription: WebhookSubscription, deliveryId: string, event: NotificationEvent, body: string, timeoutMs: number): Promise<number> {
    try {
      await assertWebhookUrlAllowed(subscription.url, this.policy);
    } catch (error) {
      throw new NonRetryableError('ssrf_blocked', `target refused: ${(error as Error).message}`, {}, { cause: error });
    }
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    let response: Response;
    try {
      response = await fetch(subscription.url, {
        method: 'POST',
        // A redirect could lead anywhere, including internal addresses: never follow one.
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'practice-watch-webhooks/1',
          'x-webhook-id': subscription.id,
          'x-delivery-id': deliveryId,
          'x-event-type': event.type,
          'x-timestamp': timestamp,
          'x-signature': signWebhookBody(subscription.secret, timestamp, body),
        },
        body,
      });
    } catch (error) {
      const name = (error as Error).name;
      throw name === 'TimeoutError' ? new RetryableError('timeout', 'timeout') : new RetryableError('network', `network error: ${(error as Error).message}`, {}, { cause: error });
    }
    // The answer's body is not needed; cancelling it frees the connection without reading an unbounded body.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return response.status;
    throw statusFailure(response.status);
  }
}
