import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { seedPractices } from '../../../scripts/bench/seed-practices.js';
import { freshTable } from './dynamo-test-support.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';

describeNeedingDynamoDbLocal('DynamoPracticeRepository.importRecords', () => {
  it('writes every row although batches come back partly unprocessed or throttled', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    let partial = 0;
    let throttled = 0;
    let calls = 0;
    const send = client.send.bind(client) as (command: object) => Promise<unknown>;
    // DynamoDB Local always processes whole batches; real DynamoDB may hand back any part of one.
    (client as { send: unknown }).send = async (command: object) => {
      if (!(command instanceof BatchWriteCommand)) return send(command);
      calls += 1;
      if (calls % 4 === 0) {
        throttled += 1;
        throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
      }
      const requests = command.input.RequestItems![tableName]!;
      if (requests.length < 2 || calls % 3 !== 0) return send(command);
      partial += 1;
      const half = Math.ceil(requests.length / 2);
      await send(new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(0, half) } }));
      return { UnprocessedItems: { [tableName]: requests.slice(half) } };
    };
    const ids = await seedPractices(repo, 150, { batchSize: 50 });
    expect(partial).toBeGreaterThan(0);
    expect(throttled).toBeGreaterThan(0);
    const listed: string[] = [];
    let after: string | null = null;
    do {
      const page = await repo.listPublic({}, { limit: 100, after });
      listed.push(...page.items.map((i) => i.id));
      after = page.next;
    } while (after);
    expect(new Set(listed)).toEqual(new Set(ids));
    expect(listed).toHaveLength(150);
    const histories = await Promise.all(ids.slice(0, 20).map((id) => repo.history(id, { limit: 10 })));
    expect(histories.every((h) => h.items.map((e) => e.action).join() === 'created,approve')).toBe(true);
  }, 90_000);
});
