import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { TransactionGroups } from '../../../functions/adapters/dynamo/transaction-groups.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';
import { freshTable } from './dynamo-test-support.js';

/** Counts the TransactWriteItems a document client sends. */
function countTransactions(client: { send: unknown }): () => number {
  let n = 0;
  const send = (client.send as (command: object) => Promise<unknown>).bind(client);
  client.send = (command: object) => {
    if (command.constructor.name === 'TransactWriteCommand') n += 1;
    return send(command);
  };
  return () => n;
}

describeNeedingDynamoDbLocal('TransactionGroups: independent transactions sent together', () => {
  const put = (tableName: string, pk: string, sk: string, condition = true) => ({
    Put: { TableName: tableName, Item: { pk, sk, v: 1 }, ...(condition ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}) },
  });

  it('applies every member, in fewer requests than members, while others are in flight', async () => {
    const { client, tableName } = await freshTable();
    const transactions = countTransactions(client as never);
    const groups = new TransactionGroups(client, 1);
    const run = `g-${Date.now()}`;
    await Promise.all(Array.from({ length: 8 }, (_, i) => groups.submit([put(tableName, `${run}-${i}`, 'R'), put(tableName, `${run}-${i}`, 'U')], 100)));
    // The first goes alone; the other seven wait for it and go as one.
    expect(transactions()).toBe(2);
    for (let i = 0; i < 8; i += 1) expect((await client.send(new GetCommand({ TableName: tableName, Key: { pk: `${run}-${i}`, sk: 'U' }, ConsistentRead: true }))).Item).toBeDefined();
  });

  it('gives a member whose condition fails its own cancellation, and applies the others of its group', async () => {
    const { client, tableName } = await freshTable();
    const groups = new TransactionGroups(client, 1);
    const run = `c-${Date.now()}`;
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `${run}-3`, sk: 'R', v: 0 } }));
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        groups.submit([put(tableName, `${run}-${i}`, 'R'), put(tableName, `${run}-${i}`, 'U')], 100).then(
          () => 'applied',
          (error: Error) => error.name,
        ),
      ),
    );
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'TransactionCanceledException', 'applied', 'applied']);
    // The failed member left nothing: its URL-like row was never written.
    expect((await client.send(new GetCommand({ TableName: tableName, Key: { pk: `${run}-3`, sk: 'U' }, ConsistentRead: true }))).Item).toBeUndefined();
    expect((await client.send(new GetCommand({ TableName: tableName, Key: { pk: `${run}-5`, sk: 'U' }, ConsistentRead: true }))).Item).toBeDefined();
  });

  it('never puts one item twice into a group: a member touching an item another member holds waits for the next group', async () => {
    const { client, tableName } = await freshTable();
    const transactions = countTransactions(client as never);
    const groups = new TransactionGroups(client, 1);
    const run = `k-${Date.now()}`;
    const shared = (i: number) => [put(tableName, `${run}-${i}`, 'R'), put(tableName, `${run}-shared`, 'S', false)];
    await Promise.all([0, 1, 2].map((i) => groups.submit(shared(i), 100)));
    // First alone; the second and third both touch the shared item, so they cannot go together.
    expect(transactions()).toBe(3);
  });
});
