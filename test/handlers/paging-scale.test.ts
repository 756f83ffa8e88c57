import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPractices } from '../../scripts/bench/seed-practices.js';
import { readJson, startApiHarness, type ApiHarness } from './api-harness.js';

describe('GET /practices paging at scale (in-memory storage, real HTTP)', () => {
  let h: ApiHarness;
  let ids: string[];
  beforeAll(async () => {
    h = await startApiHarness('memory');
    ids = await seedPractices(h.repo, 5000);
  }, 180_000);
  afterAll(() => h?.close());

  it('returns each of 5,000 records exactly once through signed cursors', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: Response = await fetch(`${h.baseUrl}/practices?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(response.status).toBe(200);
      const body = await readJson(response);
      seen.push(...body.items.map((p: { id: string }) => p.id));
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor && pages < 200);
    expect(seen).toHaveLength(5000);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(pages).toBe(50);
  }, 120_000);
});
