import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { BandLookups } from '../../../functions/adapters/dynamo/band-lookups.js';
import { LISTING_INDEX } from '../../../functions/adapters/dynamo/table-design.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';
import { freshTable } from './dynamo-test-support.js';

/** Records the parameters of every PartiQL statement a client sends; fails those `fail` picks (once each). */
function watchStatements(client: { send: unknown }, fail: (parameters: string[]) => boolean = () => false): string[][] {
  const sent: string[][] = [];
  const failed = new Set<string>();
  const send = (client.send as (command: object) => Promise<unknown>).bind(client);
  client.send = (command: object) => {
    if (command.constructor.name === 'ExecuteStatementCommand') {
      const parameters = (command as { input: { Parameters: string[] } }).input.Parameters;
      sent.push(parameters);
      const key = parameters.join();
      if (fail(parameters) && !failed.has(key)) {
        failed.add(key);
        return Promise.reject(Object.assign(new Error('injected'), { name: 'ProvisionedThroughputExceededException' }));
      }
    }
    return send(command);
  };
  return sent;
}

describeNeedingDynamoDbLocal('BandLookups: near-duplicate band lookups sent together', () => {
  /** Band rows of three records: r0 in bands a and b, r1 in b, r2 in c. */
  async function seed(tableName: string, client: Awaited<ReturnType<typeof freshTable>>['client']) {
    const run = `bl-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const band = (name: string) => `BAND#${run}:${name}`;
    const rows: Array<[string, string]> = [['r0', 'a'], ['r0', 'b'], ['r1', 'b'], ['r2', 'c']];
    for (const [id, name] of rows) {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: `P#${run}${id}`, sk: `X#${band(name)}`, gpk: band(name), gsk: `${run}${id}`, id: `${run}${id}`, ver: 1, txt: '0000000000000000' } }));
    }
    return { band, id: (id: string) => `${run}${id}` };
  }
  const ids = (rows: Array<Record<string, unknown>>) => rows.map((row) => row['id'] as string).sort();

  it('shares one statement among lookups asked while another is on its way, each getting only its bands', async () => {
    const { client, tableName } = await freshTable();
    const { band, id } = await seed(tableName, client);
    const sent = watchStatements(client as never);
    const lookups = new BandLookups(client, `"${tableName}"."${LISTING_INDEX}"`, 2000, 1);
    const [first, second, third, fourth] = await Promise.all([
      lookups.rows([band('a')]),
      lookups.rows([band('b'), band('x')]),
      lookups.rows([band('c')]),
      lookups.rows([band('y'), band('b')]),
    ]);
    expect(ids(first!)).toEqual([id('r0')]);
    expect(ids(second!)).toEqual([id('r0'), id('r1')]);
    expect(ids(third!)).toEqual([id('r2')]);
    expect(ids(fourth!)).toEqual([id('r0'), id('r1')]);
    // The first alone; the three that waited as one statement, band b asked once.
    expect(sent.length).toBe(2);
    expect(sent[1]!.filter((value) => value === band('b'))).toHaveLength(1);
  });

  it('asks every member again on its own when the shared statement fails', async () => {
    const { client, tableName } = await freshTable();
    const { band, id } = await seed(tableName, client);
    const sent = watchStatements(client as never, (parameters) => parameters.length > 1);
    const lookups = new BandLookups(client, `"${tableName}"."${LISTING_INDEX}"`, 2000, 1);
    const results = await Promise.all([lookups.rows([band('a')]), lookups.rows([band('b')]), lookups.rows([band('c')])]);
    expect(results.map(ids)).toEqual([[id('r0')], [id('r0'), id('r1')], [id('r2')]]);
    // Alone, the failed group (b, c), then b and c on their own.
    expect(sent.map((parameters) => parameters.length)).toEqual([1, 2, 1, 1]);
  });

  it('reads every member on its own when the group reaches its bound before the end of its rows', async () => {
    const { client, tableName } = await freshTable();
    const { band, id } = await seed(tableName, client);
    const sent: number[] = [];
    const send = (client.send as (command: object) => Promise<unknown>).bind(client);
    // A page is at most 1 MB, more than a test table holds: the group's page (three band values)
    // is made to say that more follows, which a crowded band would.
    (client as { send: unknown }).send = async (command: object) => {
      if (command.constructor.name !== 'ExecuteStatementCommand') return send(command);
      const parameters = (command as { input: { Parameters: string[] } }).input.Parameters;
      sent.push(parameters.length);
      const page = (await send(command)) as Record<string, unknown>;
      return parameters.length >= 3 ? { ...page, NextToken: 'more' } : page;
    };
    // A bound of one row a lookup: the group of two reads at most two, and its page holds four.
    const lookups = new BandLookups(client, `"${tableName}"."${LISTING_INDEX}"`, 1, 1);
    const results = await Promise.all([lookups.rows([band('c')]), lookups.rows([band('a'), band('b')]), lookups.rows([band('c')])]);
    expect(results.map(ids)).toEqual([[id('r2')], [id('r0'), id('r0'), id('r1')], [id('r2')]]);
    // Alone (c), the group (a, b, c) cut short, then its two members on their own.
    expect(sent).toEqual([1, 3, 2, 1]);
  });
});
