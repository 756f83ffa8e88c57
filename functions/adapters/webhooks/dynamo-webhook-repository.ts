import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest, WebhookDelivery, WebhookRepository, WebhookSubscription } from '../../core/ports.js';
import { queryPartition } from '../dynamo/query-partition.js';
import { deliveryKey } from './delivery-key.js';

// Keys live beside the practice records in the one table (see adapters/dynamo/table-design.ts):
// `WEBHOOK#SUBSCRIPTIONS` / `<id>` for subscriptions (one partition: listing is one Query),
// `WEBHOOK#<id>` / `D#<startedAt>#<deliveryId>` for the delivery log (newest first, expires by TTL).
const SUBSCRIPTIONS_PK = 'WEBHOOK#SUBSCRIPTIONS';
const deliveriesPk = (subscriptionId: string) => `WEBHOOK#${subscriptionId}`;
const DELIVERY_RETENTION_SECONDS = 30 * 24 * 3600;

/** Webhook subscriptions and delivery log in the application's DynamoDB table. */
export class DynamoWebhookRepository implements WebhookRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(subscription: WebhookSubscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: SUBSCRIPTIONS_PK, sk: subscription.id, kind: 'webhook', data: subscription },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(id: string): Promise<WebhookSubscription | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: SUBSCRIPTIONS_PK, sk: id }, ConsistentRead: true }));
    return Item ? (Item['data'] as WebhookSubscription) : null;
  }

  async list(): Promise<WebhookSubscription[]> {
    return (await queryPartition(this.client, this.tableName, SUBSCRIPTIONS_PK)).map((item) => item['data'] as WebhookSubscription);
  }

  async delete(id: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: { pk: SUBSCRIPTIONS_PK, sk: id }, ReturnValues: 'ALL_OLD' }),
    );
    return Attributes !== undefined;
  }

  async recordDelivery(delivery: WebhookDelivery): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: deliveriesPk(delivery.subscriptionId),
          sk: `D#${deliveryKey(delivery)}`,
          kind: 'webhook-delivery',
          data: delivery,
          ttl: Math.floor(Date.parse(delivery.finishedAt) / 1000) + DELIVERY_RETENTION_SECONDS,
        },
      }),
    );
  }

  async listDeliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        // The partition holds deliveries only, so "before the cursor" needs no lower bound.
        KeyConditionExpression: page.after ? 'pk = :pk AND sk < :before' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: page.after
          ? { ':pk': deliveriesPk(subscriptionId), ':before': `D#${page.after}` }
          : { ':pk': deliveriesPk(subscriptionId), ':prefix': 'D#' },
        ScanIndexForward: false,
        // One more than asked tells whether a next page exists without a second round trip.
        Limit: page.limit + 1,
      }),
    );
    const rows = (result.Items ?? []).map((item) => item['data'] as WebhookDelivery);
    const items = rows.slice(0, page.limit);
    return { items, next: rows.length > page.limit ? deliveryKey(items[items.length - 1]!) : null };
  }
}
