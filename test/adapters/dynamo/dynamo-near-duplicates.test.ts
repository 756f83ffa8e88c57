import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { hammingDistance, simhashBands } from '../../../functions/core/dedupe/simhash.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';
import { freshTable } from './dynamo-test-support.js';

/** Counts the record reads (BatchGet) a document client sends. */
function countBatchGets(client: { send: unknown }): () => number {
  let reads = 0;
  const send = (client.send as (command: object) => Promise<unknown>).bind(client);
  client.send = (command: object) => {
    if (command.constructor.name === 'BatchGetCommand') reads += 1;
    return send(command);
  };
  return () => reads;
}

/** Counts the PartiQL statements (band lookups) a document client sends. */
function countStatements(client: { send: unknown }): () => number {
  let statements = 0;
  const send = (client.send as (command: object) => Promise<unknown>).bind(client);
  client.send = (command: object) => {
    if (command.constructor.name === 'ExecuteStatementCommand') statements += 1;
    return send(command);
  };
  return () => statements;
}

/** `hash` with the bits of `mask` flipped in its last band (the first band unchanged, so they share it). */
const flipLast = (hash: string, mask: number) => hash.slice(0, 12) + (parseInt(hash.slice(12), 16) ^ mask).toString(16).padStart(4, '0');

describeNeedingDynamoDbLocal('DynamoPracticeRepository: near-duplicate candidates', () => {
  it('reads only the records within the near-duplicate distance, judged on the band rows', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const observation = practiceObservation(11);
    const { id } = await repo.recordObservation(observation);
    const reads = countBatchGets(client as never);

    // Shares three bands but differs in 12 bits: found by the Query, never read.
    const far = flipLast(observation.simhash, 0x0fff);
    expect(hammingDistance(far, observation.simhash)).toBe(12);
    expect(await repo.findNearDuplicateCandidates(far)).toEqual([]);
    expect(reads()).toBe(0);

    // Within 3 bits: read and returned.
    const near = flipLast(observation.simhash, 0x0007);
    expect((await repo.findNearDuplicateCandidates(near)).map((item) => item.id)).toEqual([id]);
    expect(reads()).toBe(1);
  });

  it('finds a near record that shares only a crowded band, whatever the band rows ahead of it', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const observation = practiceObservation(13);
    const { id } = await repo.recordObservation(observation);
    const band = simhashBands(observation.simhash)[0]!;
    // 40 far records' rows in the same band, sorting before the near one (more than a page of 20 once was).
    const farHash = flipLast(observation.simhash, 0xffff);
    for (let i = 0; i < 40; i += 1) {
      const other = `0000far${String(i).padStart(2, '0')}`;
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: `P#${other}`, sk: `X#BAND#${band}`, gpk: `BAND#${band}`, gsk: other, id: other, ver: 1, d: '2025-01-01T00:00:00.000Z', txt: farHash } }));
    }
    // One bit flipped in each of the other three bands: 3 bits away, and only band 0 is shared.
    const flip = (hex: string, at: number) => hex.slice(0, at) + (parseInt(hex[at]!, 16) ^ 1).toString(16) + hex.slice(at + 1);
    const near = flip(flip(flip(observation.simhash, 4), 8), 12);
    expect(hammingDistance(near, observation.simhash)).toBe(3);
    expect(simhashBands(near).filter((b) => simhashBands(observation.simhash).includes(b))).toEqual([band]);
    expect((await repo.findNearDuplicateCandidates(near)).map((item) => item.id)).toEqual([id]);
  });

  it('still reads a candidate whose band row predates the hash on it (left to the caller to check)', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const observation = practiceObservation(12);
    const { id } = await repo.recordObservation(observation);
    // An old band row: no hash in `txt`.
    const band = simhashBands(observation.simhash)[0]!;
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `P#${id}`, sk: `X#BAND#${band}`, gpk: `BAND#${band}`, gsk: id, id, ver: 1, d: '2025-01-01T00:00:00.000Z', txt: '' } }));
    const far = flipLast(observation.simhash, 0x0fff);
    expect((await repo.findNearDuplicateCandidates(far)).map((item) => item.id)).toEqual([id]);
  });

  it('answers lookups asked at once with shared statements, each with exactly its own candidates', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const stored = await Promise.all([21, 22, 23].map(async (i) => {
      const observation = practiceObservation(i);
      return { hash: observation.simhash, id: (await repo.recordObservation(observation)).id };
    }));
    // Per stored record: one hash 2 bits away (near), one 12 bits away in its last band (far, shares three bands).
    const asks = stored.flatMap(({ hash, id }) => [
      { hash: flipLast(hash, 0x0003), expected: [id] },
      { hash: flipLast(hash, 0x0fff), expected: [] },
    ]);
    // Twelve lookups asked at once, as a listing's entries ask them, and each asked alone afterwards.
    const lookups = [...asks, ...asks];
    const statements = countStatements(client as never);
    const together = await Promise.all(lookups.map(({ hash }) => repo.findNearDuplicateCandidates(hash)));
    const shared = statements();
    expect(together.map((found) => found.map((item) => item.id))).toEqual(lookups.map(({ expected }) => expected));
    expect(shared).toBeLessThan(lookups.length);
    const alone: string[][] = [];
    for (const { hash } of lookups) alone.push((await repo.findNearDuplicateCandidates(hash)).map((item) => item.id));
    expect(alone).toEqual(together.map((found) => found.map((item) => item.id)));
    expect(statements() - shared).toBe(lookups.length);
  });
});
