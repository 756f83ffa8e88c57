import { randomBytes, randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.js';
import type { Clock, WebhookEventType, WebhookRepository, WebhookSubscription, WebhookUrlRule } from '../ports.js';

/** What subscribing needs: the subscriptions, the URL rule and the clock. */
export interface SubscribeWebhookDependencies {
  webhooks: WebhookRepository;
  urls: WebhookUrlRule;
  clock: Clock;
}

/** An editor's request for a subscription; a secret is generated when none is given. */
export interface WebhookSubscriptionRequest {
  url: string;
  secret?: string | undefined;
  events: readonly WebhookEventType[];
  /** The editor subscribing, recorded as `createdBy`. */
  actor: string;
}

/**
 * Subscribes a URL to events: the URL must pass the webhook rule (public http(s) target), event
 * types are kept once each, and the stored subscription (secret included) is returned, the only
 * time the secret is shown. Throws `ValidationError` for a refused URL.
 */
export async function subscribeWebhook(deps: SubscribeWebhookDependencies, request: WebhookSubscriptionRequest): Promise<WebhookSubscription> {
  const url = await deps.urls.assertAllowed(request.url);
  const subscription: WebhookSubscription = {
    id: randomUUID(),
    url: url.toString(),
    secret: request.secret ?? randomBytes(32).toString('base64url'),
    events: [...new Set(request.events)],
    createdAt: deps.clock.now().toISOString(),
    createdBy: request.actor,
  };
  await deps.webhooks.create(subscription);
  return subscription;
}

/** Ends a subscription. Throws `NotFoundError` for an unknown id. */
export async function unsubscribeWebhook(deps: { webhooks: WebhookRepository }, id: string): Promise<void> {
  if (!(await deps.webhooks.delete(id))) throw new NotFoundError(`webhook ${id} not found`, { id });
}
