import { expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { seedPractices } from '../../../scripts/bench/seed-practices.js';
import { freshTable } from './dynamo-test-support.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';

describeNeedingDynamoDbLocal('DynamoPracticeRepository record cache', () => {
  it('serves a repeated listing with one Query, and a changed record fresh from the table', async () => {
    const { client, tableName } = await freshTable();
    const reads: string[] = [];
    const send = client.send.bind(client) as (command: object) => Promise<unknown>;
    (client as { send: unknown }).send = (command: object) => {
      reads.push(command.constructor.name);
      return send(command);
    };
    const repo = new DynamoPracticeRepository(client, tableName);
    const ids = await seedPractices(repo, 30);

    const first = await repo.listPublic({}, { limit: 10 });
    expect(first.items).toHaveLength(10);
    reads.length = 0;
    const again = await repo.listPublic({}, { limit: 10 });
    expect(again.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect(reads).toEqual(['QueryCommand']);

    // An editor's change bumps the version on the record and on its listing rows: no stale copy.
    const target = first.items[0]!;
    expect(ids).toContain(target.id);
    await repo.applyEditorAction({ id: target.id, expectedVersion: target.editorial.version, action: { type: 'edit', overrides: { title: 'Новое название практики' } }, actor: 'editor', requestToken: 'cache-test-1', at: new Date().toISOString() });
    let fresh = await repo.listPublic({}, { limit: 10 });
    // The index is eventually consistent: give it a moment if the first read is behind.
    for (let i = 0; i < 20 && fresh.items.find((x) => x.id === target.id)?.editorial.version === target.editorial.version; i++) {
      await new Promise((r) => setTimeout(r, 50));
      fresh = await repo.listPublic({}, { limit: 10 });
    }
    const changed = fresh.items.find((i) => i.id === target.id)!;
    expect(changed.editorial.version).toBe(target.editorial.version + 1);
    expect(changed.editorial.overrides.title).toBe('Новое название практики');
    // Records handed out from the cache cannot be changed by a caller.
    expect(Object.isFrozen(changed.editorial)).toBe(true);
  }, 60_000);
});
