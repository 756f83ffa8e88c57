import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What part of a partition to read, and how. */
export interface PartitionQuery {
  /** Only the items whose sort key begins with this. */
  skPrefix?: string;
  consistentRead?: boolean;
  /** A `ProjectionExpression` of plain attribute names. */
  projection?: string;
}

/** Every item of one partition of the table (or of its sort keys under a prefix), page after page (a Query, never a Scan). */
export async function queryPartition(client: DynamoDBDocumentClient, tableName: string, pk: string, options: PartitionQuery = {}): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: options.skPrefix === undefined ? 'pk = :pk' : 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ...(options.skPrefix === undefined ? {} : { ':prefix': options.skPrefix }) },
        ...(options.consistentRead ? { ConsistentRead: true } : {}),
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
