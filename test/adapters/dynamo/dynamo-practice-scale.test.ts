import { beforeAll, expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import type { Page, PageRequest, PracticeItem } from '../../../functions/core/ports.js';
import { seedPractices } from '../../../scripts/bench/seed-practices.js';
import { freshTable } from './dynamo-test-support.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';

const N = 5_000;

async function pageThrough(list: (page: PageRequest) => Promise<Page<PracticeItem>>, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page = await list({ limit, after });
    ids.push(...page.items.map((i) => i.id));
    after = page.next;
  } while (after);
  return ids;
}

describeNeedingDynamoDbLocal('DynamoPracticeRepository with 5,000 records', () => {
  let repo: DynamoPracticeRepository;
  let ids: string[];

  beforeAll(async () => {
    const table = await freshTable();
    repo = new DynamoPracticeRepository(table.client, table.tableName);
    const started = Date.now();
    ids = await seedPractices(repo, N, { batchSize: 1000, concurrency: 32 });
    console.info(`seeded ${N} records in ${Date.now() - started} ms`);
  }, 120_000);

  it('returns every approved record exactly once when paging the public listing', async () => {
    const seen = await pageThrough((page) => repo.listPublic({}, page), 100);
    expect(seen).toHaveLength(N);
    expect(new Set(seen).size).toBe(N);
    expect(new Set(seen)).toEqual(new Set(ids));
  }, 60_000);

  it('returns every record of a region exactly once, newest first', async () => {
    const items: PracticeItem[] = [];
    let after: string | null = null;
    do {
      const page = await repo.listPublic({ region: 'RU-CHE' }, { limit: 37, after });
      items.push(...page.items);
      after = page.next;
    } while (after);
    const expected = ids.length && items.length;
    expect(expected).toBeGreaterThan(500);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items.every((i) => i.extraction.regions.some((r) => r.code === 'RU-CHE'))).toBe(true);
    const times = items.map((i) => Date.parse(i.extraction.publishedAt!));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    // Every seeded record naming the region, found independently of the index.
    const byRegion = await Promise.all(ids.slice(0, 200).map((id) => repo.get(id)));
    const sample = byRegion.filter((i) => i!.extraction.regions.some((r) => r.code === 'RU-CHE')).map((i) => i!.id);
    expect(sample.length).toBeGreaterThan(0);
    for (const id of sample) expect(items.map((i) => i.id)).toContain(id);
  }, 60_000);

  it('answers a region page quickly', async () => {
    const timings: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      const page = await repo.listPublic({ region: 'RU-MOW' }, { limit: 20 });
      timings.push(performance.now() - started);
      expect(page.items).toHaveLength(20);
    }
    timings.sort((a, b) => a - b);
    console.info(`region page of 20: median ${timings[25]!.toFixed(1)} ms, max ${timings.at(-1)!.toFixed(1)} ms`);
    expect(timings[25]).toBeLessThan(150);
  });
});
