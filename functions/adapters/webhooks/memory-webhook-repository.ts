import type { Page, PageRequest, WebhookDelivery, WebhookRepository, WebhookSubscription } from '../../core/ports.js';
import { deliveryKey } from './delivery-key.js';

/** In-memory webhook storage with the Dynamo adapter's semantics (tests and the benchmark). */
export class MemoryWebhookRepository implements WebhookRepository {
  private readonly subscriptions = new Map<string, WebhookSubscription>();
  private readonly deliveries = new Map<string, WebhookDelivery[]>();

  async create(subscription: WebhookSubscription): Promise<void> {
    this.subscriptions.set(subscription.id, structuredClone(subscription));
  }

  async get(id: string): Promise<WebhookSubscription | null> {
    const found = this.subscriptions.get(id);
    return found ? structuredClone(found) : null;
  }

  async list(): Promise<WebhookSubscription[]> {
    return [...this.subscriptions.values()].sort((a, b) => a.id.localeCompare(b.id)).map((s) => structuredClone(s));
  }

  async delete(id: string): Promise<boolean> {
    this.deliveries.delete(id);
    return this.subscriptions.delete(id);
  }

  async recordDelivery(delivery: WebhookDelivery): Promise<void> {
    const list = this.deliveries.get(delivery.subscriptionId) ?? [];
    list.push(structuredClone(delivery));
    this.deliveries.set(delivery.subscriptionId, list);
  }

  async listDeliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const sorted = [...(this.deliveries.get(subscriptionId) ?? [])].sort((a, b) =>
      deliveryKey(b).localeCompare(deliveryKey(a)),
    );
    const start = page.after ? sorted.findIndex((d) => deliveryKey(d) < page.after!) : 0;
    const from = start === -1 ? sorted.length : start;
    const items = sorted.slice(from, from + page.limit);
    const next = from + page.limit < sorted.length && items.length > 0 ? deliveryKey(items[items.length - 1]!) : null;
    return { items: items.map((d) => structuredClone(d)), next };
  }
}
