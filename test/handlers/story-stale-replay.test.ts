import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleObservation } from '../../functions/core/ports.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { storageBackends } from '../support/stack.js';
import { patch, readJson, startApiHarness, type ApiHarness, type Backend } from './api-harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const inStory = (i: number, storyId: string): ArticleObservation => ({ ...practiceObservation(i), storyId });

// The story twin of stale-replay.test.ts: a story decision's request token replays only its own
// request, and only while the story and its articles are as that request left them.
describe.each<Backend>(storageBackends(['memory', 'dynamo']))('an idempotent story replay over %s storage', (backend) => {
  let h: ApiHarness;
  let anna: string;
  let boris: string;
  beforeAll(async () => {
    h = await startApiHarness(backend);
    [anna, boris] = await Promise.all([h.token('anna'), h.token('boris')]);
  }, 60_000);
  afterAll(() => h?.close());

  const patchStory = (id: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${h.baseUrl}/stories/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const etag = async (id: string) => (await fetch(`${h.baseUrl}/review/stories/${id}`, { headers: auth(anna) })).headers.get('etag')!;
  const expect412 = async (response: Response, currentVersion: number) => {
    expect(response.status).toBe(412);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({ status: 412, currentVersion });
  };

  it('keep/drop approvals: A approves at 0, B decides after, A re-sends with If-Match "0" → 412; a spent key with another request → 412 stale, 400 current', async () => {
    const storyId = `st-replay-approve-${backend}`;
    const a = (await h.repo.recordObservation(inStory(7210, storyId))).id;
    const b = (await h.repo.recordObservation(inStory(7211, storyId))).id;
    expect(await etag(storyId)).toBe('"0"');
    const approve = () => patchStory(storyId, { action: 'approve', drop: [b] }, { ...auth(anna), 'if-match': '"0"' });

    const first = await approve();
    expect(first.status).toBe(200);
    expect(await readJson(first)).toMatchObject({ version: 1 });
    // An immediate retry is still a replay: same answer, nothing written.
    const retried = await approve();
    expect(retried.status).toBe(200);
    expect(await readJson(retried)).toMatchObject({ version: 1 });

    // B rejects the kept article on its own: the story's version stays 1, but its articles moved on,
    // so A's replay may no longer answer with them.
    const kept = await h.repo.get(a);
    expect((await patch(h, a, { action: 'reject', reason: 'не практика' }, { ...auth(boris), 'if-match': `"${kept!.editorial.version}"` })).status).toBe(200);
    await expect412(await approve(), 1);

    // B decides the story: A's replay is stale by the story's own version.
    expect((await patchStory(storyId, { action: 'reject', reason: 'не практика' }, { ...auth(boris), 'if-match': '"1"' })).status).toBe(200);
    await expect412(await approve(), 2);

    // The same with an explicit Idempotency-Key.
    const keyed = { ...auth(anna), 'if-match': '"2"', 'idempotency-key': 'anna-story-1' };
    expect((await patchStory(storyId, { action: 'approve', drop: [b, b] }, keyed)).status).toBe(200);
    expect((await patchStory(storyId, { action: 'approve', drop: [b] }, keyed)).status).toBe(200);
    expect((await patchStory(storyId, { action: 'reject', reason: 'снова нет' }, { ...auth(boris), 'if-match': '"3"' })).status).toBe(200);
    await expect412(await patchStory(storyId, { action: 'approve', drop: [b] }, keyed), 4);
    // A spent key with another request is not a replay: stale → 412; on the current version → 400.
    await expect412(await patchStory(storyId, { action: 'approve', drop: [] }, keyed), 4);
    const reused = await patchStory(storyId, { action: 'approve', drop: [b] }, { ...keyed, 'if-match': '"4"' });
    expect(reused.status).toBe(400);
    expect(await readJson(reused)).toMatchObject({ type: 'urn:practice-watch:problem:validation', header: 'Idempotency-Key' });

    expect(await h.repo.getStory(storyId)).toMatchObject({ version: 4 });
    expect((await h.repo.storyHistory(storyId, { limit: 100 })).items.map((e) => [e.action, e.actor])).toEqual([
      ['approve', 'anna'],
      ['reject', 'boris'],
      ['approve', 'anna'],
      ['reject', 'boris'],
    ]);
  });

  it('split and merge: a split re-sent after a merge is 412, a merge re-sent after a split is 412, a spent key on the current version is 400', async () => {
    const storyId = `st-replay-split-${backend}`;
    const [c, d, e] = [
      (await h.repo.recordObservation(inStory(7220, storyId))).id,
      (await h.repo.recordObservation(inStory(7221, storyId))).id,
      (await h.repo.recordObservation(inStory(7222, storyId))).id,
    ];
    const split = () => patchStory(storyId, { action: 'split', articles: [e] }, { ...auth(anna), 'if-match': '"0"' });
    const first = await split();
    expect(first.status).toBe(200);
    const afterSplit = await readJson(first);
    expect(afterSplit.articles.map((x: { id: string }) => x.id).sort()).toEqual([c, d].sort());
    const newId = afterSplit.keptApart[0] as string;
    expect((await split()).status).toBe(200);

    // B merges the split-off story back: A's split, re-sent, must not answer with the merged story.
    const version = await etag(storyId);
    const merge = () => patchStory(storyId, { action: 'merge', from: newId }, { ...auth(boris), 'if-match': version });
    const merged = await merge();
    expect(merged.status).toBe(200);
    expect((await readJson(merged)).articles).toHaveLength(3);
    const afterMerge = Number(JSON.parse(await etag(storyId)));
    await expect412(await split(), afterMerge);
    expect((await h.repo.members(storyId)).map((m) => m.id).sort()).toEqual([c, d, e].sort());
    // The merge replays until someone else writes.
    expect((await merge()).status).toBe(200);

    const keyed = { ...auth(anna), 'if-match': `"${afterMerge}"`, 'idempotency-key': 'anna-story-2' };
    expect((await patchStory(storyId, { action: 'split', articles: [d] }, keyed)).status).toBe(200);
    const afterSecondSplit = Number(JSON.parse(await etag(storyId)));
    await expect412(await merge(), afterSecondSplit);
    const reused = await patchStory(storyId, { action: 'split', articles: [c] }, { ...keyed, 'if-match': `"${afterSecondSplit}"` });
    expect(reused.status).toBe(400);
    expect(await readJson(reused)).toMatchObject({ header: 'Idempotency-Key' });
    expect((await h.repo.members(storyId)).map((m) => m.id).sort()).toEqual([c, e].sort());
    expect(await h.repo.getStory(storyId)).toMatchObject({ version: afterSecondSplit });
  });
});
