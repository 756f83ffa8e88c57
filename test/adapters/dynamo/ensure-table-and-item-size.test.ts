import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { createDynamoClient } from '../../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { ensureTable } from '../../../functions/adapters/dynamo/ensure-table.js';
import { TABLE_DESIGN } from '../../../functions/adapters/dynamo/table-design.js';
import { simhash64 } from '../../../functions/core/dedupe/simhash.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { describeNeedingDynamoDbLocal, testConfig } from '../../support/stack.js';
import { freshTable } from './dynamo-test-support.js';

/** DynamoDB's item size: attribute names plus values, strings as UTF-8 (maps and numbers approximated by their JSON). */
const itemBytes = (item: Record<string, unknown>) =>
  Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(typeof value === 'string' ? value : JSON.stringify(value)), 0);

describeNeedingDynamoDbLocal('ensureTable', () => {
  it('creates the table from the design once, even for concurrent callers', async () => {
    const config = testConfig();
    const client = createDynamoClient(config);
    await Promise.all(Array.from({ length: 5 }, () => ensureTable(client, config.tableName)));
    await ensureTable(client, config.tableName);
    const { Table } = await (client as unknown as DynamoDBClient).send(new DescribeTableCommand({ TableName: config.tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema?.map((k) => k.AttributeName)).toEqual([TABLE_DESIGN.partitionKey.name, TABLE_DESIGN.sortKey.name]);
    expect(Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(TABLE_DESIGN.globalSecondaryIndexes.map((g) => g.indexName));
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });
});

describeNeedingDynamoDbLocal('DynamoPracticeRepository item size', () => {
  it('keeps a record far under 400 KB with a 1 MB body, a material change of it and 100 sources', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const huge = 'Практика «Цифровая приёмная» рекомендована к тиражированию в регионах. '.repeat(8_000);
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1_000_000);
    const first = practiceObservation(1);
    first.extraction.bodyText = huge;
    const { id } = await repo.recordObservation(first);
    for (let i = 0; i < 110; i += 1) {
      const duplicate = practiceObservation(1);
      duplicate.source = { ...duplicate.source, url: `https://mirror-${i}.example.ru/news/1`, title: 'Заголовок зеркала '.repeat(10) };
      await repo.recordObservation(duplicate, id);
    }
    const changed = practiceObservation(1);
    changed.extraction.title = 'Новый заголовок';
    changed.extraction.bodyText = `Другой текст. ${huge}`;
    changed.simhash = simhash64('совсем другой текст про дороги и мосты');
    changed.contentHash = 'changed';
    expect((await repo.recordObservation(changed)).kind).toBe('changed');
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: `P#${id}`, sk: 'R' } }));
    const size = itemBytes(Item!);
    console.info(`record item with 1 MB body, change and ${(JSON.parse(Item!.doc as string) as { sources: unknown[] }).sources.length} sources: ${size} bytes`);
    expect(size).toBeLessThan(300_000);
  }, 60_000);
});
