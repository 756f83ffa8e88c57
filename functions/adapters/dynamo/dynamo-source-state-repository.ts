import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { VersionConflictError } from '../../core/errors.js';
import type { SourceState, SourceStateRepository } from '../../core/ports.js';
import { errorName, translateTransient } from './dynamo-errors.js';
import { queryPartition } from './query-partition.js';

/** Every source's state lives under one partition, so listing them is one Query, not a Scan. */
const SOURCE_PK = 'SOURCE';

/**
 * Source validators and health, one item per source. A write succeeds only while the stored
 * version is `expectedVersion` (0: not stored yet) and stores the state at `expectedVersion + 1`;
 * otherwise `VersionConflictError` carries the current version.
 */
export class DynamoSourceStateRepository implements SourceStateRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(sourceId: string): Promise<SourceState | null> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: SOURCE_PK, sk: sourceId }, ConsistentRead: true }));
    return Item ? (Item.doc as SourceState) : null;
  }

  async list(): Promise<SourceState[]> {
    return (await queryPartition(this.client, this.tableName, SOURCE_PK)).map((item) => item['doc'] as SourceState);
  }

  async put(state: SourceState, expectedVersion: number): Promise<void> {
    const version = expectedVersion + 1;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: SOURCE_PK, sk: state.sourceId, ver: version, doc: { ...state, version } },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'ver = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw translateTransient(error, { sourceId: state.sourceId });
      const current = await this.get(state.sourceId);
      throw new VersionConflictError(`source ${state.sourceId} is at version ${current?.version ?? 0}, not ${expectedVersion}`, {
        sourceId: state.sourceId,
        currentVersion: current?.version ?? 0,
      });
    }
  }
}
