import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moscowDay, sourceActivity } from '../../functions/core/practices/source-activity.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { readJson, startApiHarness, type ApiHarness } from './api-harness.js';

const DAY = 86_400_000;

describe('GET /sources/activity', () => {
  let h: ApiHarness;
  const now = new Date();
  // Midnight in Moscow two days ago, as a UTC instant.
  const twoDaysAgo = Date.parse(`${moscowDay(new Date(now.getTime() - 2 * DAY))}T00:00:00+03:00`);

  const record = async (i: number, epoch: number, approve: boolean) => {
    const { id } = await h.repo.recordObservation(practiceObservation(i, { epoch }));
    if (approve) await h.repo.applyEditorAction({ id, expectedVersion: 1, action: { type: 'approve' }, actor: 'seed', requestToken: `t${i}`, at: new Date().toISOString() });
  };

  beforeAll(async () => {
    h = await startApiHarness('memory');
    // practiceObservation(i) publishes at epoch + 37 min × i from source i mod 10 (0: mos-ru-news, 1: economy-gov-ru).
    await record(0, twoDaysAgo, true);
    await record(10, twoDaysAgo, true);
    await record(20, twoDaysAgo - 740 * 60_000 + DAY, true); // yesterday 00:00 Moscow
    await record(1, twoDaysAgo, true);
    await record(30, twoDaysAgo, false); // pending: not public, not counted
    await record(40, twoDaysAgo - 100 * DAY, true); // outside the window
  });
  afterAll(() => h?.close());

  it('counts approved items per Moscow publication day per source, oldest day first, today last', async () => {
    const res = await fetch(`${h.baseUrl}/sources/activity?days=3`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/public/);
    const body = (await readJson(res)) as { days: string[]; items: Array<{ sourceId: string; counts: number[]; total: number; truncated: boolean }> };
    expect(body.days).toEqual([moscowDay(new Date(now.getTime() - 2 * DAY)), moscowDay(new Date(now.getTime() - DAY)), moscowDay(now)]);
    expect(body.items.map((i) => i.sourceId)).toEqual(h.sources.map((s) => s.id));
    const of = (id: string) => body.items.find((i) => i.sourceId === id)!;
    expect(of('mos-ru-news')).toEqual({ sourceId: 'mos-ru-news', counts: [2, 1, 0], total: 3, truncated: false });
    expect(of('economy-gov-ru')).toMatchObject({ counts: [1, 0, 0], total: 1 });
    expect(body.items.filter((i) => !['mos-ru-news', 'economy-gov-ru'].includes(i.sourceId)).every((i) => i.total === 0)).toBe(true);
  });

  it('defaults to 30 days and refuses windows it does not serve', async () => {
    const body = (await readJson(await fetch(`${h.baseUrl}/sources/activity`))) as { days: string[] };
    expect(body.days).toHaveLength(30);
    for (const bad of ['0', '61', 'x', '1e1', '5&extra=1']) expect((await fetch(`${h.baseUrl}/sources/activity?days=${bad}`)).status, bad).toBe(400);
  });

  it('reads at most maxItemsPerSource items per source and says when it stopped early', async () => {
    const activity = await sourceActivity({ queries: h.repo }, { sourceIds: ['mos-ru-news'], days: 3, now, maxItemsPerSource: 2 });
    expect(activity.items[0]).toMatchObject({ total: 2, truncated: true });
  });
});
