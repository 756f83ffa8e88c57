import { expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';
import { freshTable } from './dynamo-test-support.js';

/** Counts the GetCommands a document client sends. */
function countGets(client: { send: unknown }): () => number {
  let gets = 0;
  const send = (client.send as (command: object) => Promise<unknown>).bind(client);
  client.send = (command: object) => {
    if (command.constructor.name === 'GetCommand') gets += 1;
    return send(command);
  };
  return () => gets;
}

describeNeedingDynamoDbLocal('DynamoPracticeRepository: the lookup before a recording is not read twice', () => {
  it('records a new URL after findByUrl with one read of its URL row, and an unchanged one with no further read', async () => {
    const { client, tableName } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const gets = countGets(client as never);
    const observation = practiceObservation(1);
    expect(await repo.findByUrl(observation.source.url)).toBeNull();
    expect(await repo.recordObservation(observation)).toMatchObject({ kind: 'created' });
    expect(gets()).toBe(1);

    const before = gets();
    expect((await repo.findByUrl(observation.source.url))?.id).toBeDefined();
    expect(await repo.recordObservation(observation)).toMatchObject({ kind: 'unchanged' });
    // URL row and record, read once by findByUrl and reused.
    expect(gets() - before).toBe(2);
  });

  it('is not fooled by a stale lookup: another writer in between makes the first attempt fail its condition and the retry read afresh', async () => {
    const { client, tableName } = await freshTable();
    const first = new DynamoPracticeRepository(client, tableName);
    const other = new DynamoPracticeRepository(client, tableName);
    const observation = practiceObservation(2);
    expect(await first.findByUrl(observation.source.url)).toBeNull();
    const created = await other.recordObservation(observation);
    expect(created.kind).toBe('created');
    // `first` still holds "no such URL": its create must not make a second record.
    const outcome = await first.recordObservation({ ...observation, observedAt: '2025-06-01T00:00:00.000Z' });
    expect(outcome).toEqual({ kind: 'unchanged', id: created.id });
    expect((await first.findByUrl(observation.source.url))?.id).toBe(created.id);

    // A stale record version: `other` changes the record after `first` looked it up.
    const changedText = { ...observation, contentHash: 'changed-1', extraction: { ...observation.extraction, bodyText: `${observation.extraction.bodyText} Дополнено.` } };
    await first.findByUrl(observation.source.url);
    await other.recordObservation({ ...changedText, observedAt: '2025-06-02T00:00:00.000Z' });
    const again = await first.recordObservation({ ...observation, contentHash: 'changed-2', observedAt: '2025-06-03T00:00:00.000Z' });
    expect(again.id).toBe(created.id);
    const history = await first.history(created.id, { limit: 50 });
    expect(history.items.map((h) => h.version)).toEqual([...history.items.map((h) => h.version)].sort((a, b) => a - b));
    expect(new Set(history.items.map((h) => h.version)).size).toBe(history.items.length);
    expect((await first.get(created.id))?.editorial.version).toBe(history.items.length);
  });
});
