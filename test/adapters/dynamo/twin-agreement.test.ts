import { expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import type { EditorAction, PracticeFilter, ReviewFilter } from '../../../functions/core/ports.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { freshTable } from './dynamo-test-support.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';

type Repo = MemoryPracticeRepository | DynamoPracticeRepository;

async function allIds(list: (after: string | null) => Promise<{ items: Array<{ id: string }>; next: string | null }>): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page = await list(after);
    ids.push(...page.items.map((i) => i.id));
    after = page.next;
  } while (after);
  return ids;
}

describeNeedingDynamoDbLocal('the in-memory twin and the DynamoDB repository', () => {
  it('end in the same state after the same random workload', async () => {
    const table = await freshTable();
    const repos: Repo[] = [new MemoryPracticeRepository(), new DynamoPracticeRepository(table.client, table.tableName)];
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 48271) >>> 0) % 2147483647;
      return seed / 2147483647;
    };
    const outcomes: string[][] = [[], []];
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      const observation = practiceObservation(100 + i, { announcement: random() < 0.7 });
      const results = await Promise.all(repos.map((r) => r.recordObservation(structuredClone(observation))));
      results.forEach((r, n) => outcomes[n]!.push(r.kind));
      ids.push(results[0]!.id);
    }
    const actions: EditorAction[] = [
      { type: 'approve' },
      { type: 'reject', reason: 'не практика' },
      { type: 'set-announcement', value: true },
      { type: 'set-announcement', value: false },
      { type: 'edit', overrides: { regions: [{ code: 'RU-KAM', name: 'Камчатский край', role: 'origin' }] } },
      { type: 'edit', overrides: { topics: ['education'], title: 'Правка' } },
    ];
    for (let step = 0; step < 80; step += 1) {
      const id = ids[Math.floor(random() * ids.length)]!;
      const action = actions[Math.floor(random() * actions.length)]!;
      const current = (await repos[0]!.get(id))!.editorial.version;
      const expectedVersion = random() < 0.15 ? current - 1 : current;
      const results = await Promise.all(
        repos.map((r) =>
          r
            .applyEditorAction({ id, expectedVersion, action, actor: 'editor', requestToken: `step-${step}`, at: `2025-02-01T00:00:${String(step % 60).padStart(2, '0')}.000Z` })
            .then((item) => `ok:${item.editorial.version}:${item.editorial.status}`)
            .catch((error: Error) => error.name),
        ),
      );
      outcomes[0]!.push(results[0]!);
      outcomes[1]!.push(results[1]!);
      if (step % 10 === 0) {
        const changed = practiceObservation(100 + (step % 30), { extractorVersion: `v-${step}` });
        const machine = await Promise.all(repos.map((r) => r.recordObservation(structuredClone(changed))));
        machine.forEach((r, n) => outcomes[n]!.push(r.kind));
      }
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(outcomes[0]!.filter((o) => o === 'VersionConflictError').length).toBeGreaterThan(0);

    const publicFilters: PracticeFilter[] = [{}, { region: 'RU-KAM' }, { region: 'RU-MOW' }, { topic: 'education' }, { organisation: 'asi' }, { q: 'правка' }, { from: '2024-01-01T20:00:00Z' }];
    const reviewFilters: ReviewFilter[] = [{}, { classified: 'negative' }, { classified: 'all' }, { status: 'approved' }, { status: 'rejected', region: 'RU-KAM' }];
    for (const filter of publicFilters) {
      const [memory, dynamo] = await Promise.all(repos.map((r) => allIds((after) => r.listPublic(filter, { limit: 4, after }))));
      expect({ filter, ids: dynamo }).toEqual({ filter, ids: memory });
    }
    for (const filter of reviewFilters) {
      const [memory, dynamo] = await Promise.all(repos.map((r) => allIds((after) => r.listReview(filter, { limit: 3, after }))));
      expect({ filter, ids: dynamo }).toEqual({ filter, ids: memory });
    }
    for (const id of ids) {
      const [memory, dynamo] = await Promise.all(repos.map((r) => r.get(id)));
      expect(dynamo).toEqual(memory);
      const [h1, h2] = await Promise.all(repos.map((r) => r.history(id, { limit: 100 })));
      expect(h2!.items).toEqual(h1!.items);
    }
  }, 120_000);
});
