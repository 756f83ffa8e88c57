import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_DESIGN } from './table-design.js';

type AnyDynamoClient = DynamoDBClient | DynamoDBDocumentClient;

/** The key schema of the table or an index: partition key, then sort key. */
const keySchema = (keys: { partitionKey: { name: string }; sortKey: { name: string } }) =>
  [
    { AttributeName: keys.partitionKey.name, KeyType: 'HASH' },
    { AttributeName: keys.sortKey.name, KeyType: 'RANGE' },
  ] as const;

async function tableStatus(client: DynamoDBClient, tableName: string): Promise<string | null> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table?.TableStatus ?? null;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

/**
 * Creates the table from {@link TABLE_DESIGN} when it is missing and waits until it is ACTIVE.
 * Idempotent, also under concurrent callers: a create that loses the race just waits.
 * Used by the local runtime and tests; the deployed table comes from CDK.
 */
export async function ensureTable(anyClient: AnyDynamoClient, tableName: string, timeoutMs = 60_000): Promise<void> {
  // The document client forwards control-plane commands unchanged; only its types are narrower.
  const client = anyClient as DynamoDBClient;
  if ((await tableStatus(client, tableName)) === 'ACTIVE') return;
  const d = TABLE_DESIGN;
  const attributes = new Map<string, 'S'>();
  for (const key of [d.partitionKey, d.sortKey, ...d.globalSecondaryIndexes.flatMap((g) => [g.partitionKey, g.sortKey])]) {
    attributes.set(key.name, key.type);
  }
  let created = false;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: d.billingMode,
        AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
        KeySchema: [...keySchema(d)],
        GlobalSecondaryIndexes: d.globalSecondaryIndexes.map((g) => ({
          IndexName: g.indexName,
          KeySchema: [...keySchema(g)],
          Projection: { ProjectionType: g.projection.type, NonKeyAttributes: [...g.projection.nonKeyAttributes] },
        })),
      }),
    );
    created = true;
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const deadline = Date.now() + timeoutMs;
  while ((await tableStatus(client, tableName)) !== 'ACTIVE') {
    if (Date.now() > deadline) throw new Error(`table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (created) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: d.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
}
