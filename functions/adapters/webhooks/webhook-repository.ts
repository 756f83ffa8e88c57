import type { NotificationEvent, Page, PageRequest } from '../../core/ports.js';

/** Event types a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['practice.pending', 'practice.approved', 'source.failing'] as const satisfies readonly NotificationEvent['type'][];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A subscriber: where to POST which events, and the secret that signs them. */
export interface WebhookSubscription {
  id: string;
  url: string;
  /** Shared secret of the HMAC signature; shown once, at creation. */
  secret: string;
  events: WebhookEventType[];
  createdAt: string;
  createdBy: string;
}

/** The outcome of delivering one event to one subscriber, after all attempts. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventType: WebhookEventType;
  status: 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last attempt, when the subscriber answered. */
  lastStatusCode: number | null;
  lastError: string | null;
  startedAt: string;
  finishedAt: string;
}

/**
 * Webhook subscriptions and their delivery log. Listing never scans: subscriptions share one
 * partition, and each subscription's deliveries another (newest first).
 */
export interface WebhookRepository {
  create(subscription: WebhookSubscription): Promise<void>;
  get(id: string): Promise<WebhookSubscription | null>;
  list(): Promise<WebhookSubscription[]>;
  /** Removes a subscription; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
  recordDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Deliveries of one subscription, newest first. */
  listDeliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>>;
}
