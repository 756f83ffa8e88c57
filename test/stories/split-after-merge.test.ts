import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { storageBackends } from '../support/stack.js';
import { readJson, startApiHarness, type ApiHarness, type Backend } from '../handlers/api-harness.js';

describe.each<Backend>(storageBackends(['memory', 'dynamo']))('splitting the same articles off again after a merge, over %s storage', (backend) => {
  let h: ApiHarness;
  let auth: Record<string, string>;
  beforeAll(async () => {
    h = await startApiHarness(backend);
    auth = { authorization: `Bearer ${await h.token('olga')}` };
  }, 60_000);
  afterAll(() => h?.close());

  const patchStory = (id: string, body: unknown, version: string) =>
    fetch(`${h.baseUrl}/stories/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth, 'if-match': version }, body: JSON.stringify(body) });
  const etag = async (id: string) => (await fetch(`${h.baseUrl}/review/stories/${id}`, { headers: auth })).headers.get('etag')!;

  it('brings the split-off story back (no longer merged, kept apart again) instead of hiding the article in a merged story', async () => {
    const storyId = `st-resplit-${backend}`;
    const a = (await h.repo.recordObservation({ ...practiceObservation(7310), storyId })).id;
    const b = (await h.repo.recordObservation({ ...practiceObservation(7311), storyId })).id;
    const split = await readJson(await patchStory(storyId, { action: 'split', articles: [b] }, '"0"'));
    const newId = split.keptApart[0] as string;
    expect((await patchStory(storyId, { action: 'merge', from: newId }, await etag(storyId))).status).toBe(200);
    expect(await h.repo.getStory(newId)).toMatchObject({ mergedInto: storyId });

    const again = await patchStory(storyId, { action: 'split', articles: [b] }, await etag(storyId));
    expect(again.status).toBe(200);
    expect((await readJson(again)).keptApart).toEqual([newId]);
    expect((await h.repo.get(b))?.storyId).toBe(newId);
    expect(await h.repo.getStory(newId)).toMatchObject({ mergedInto: null, keptApart: [storyId] });
    // The split-off story can be decided on again (a merged one answers 404).
    const decided = await patchStory(newId, { action: 'approve' }, await etag(newId));
    expect(decided.status).toBe(200);
    expect((await readJson(decided)).articles.map((x: { id: string; status: string }) => [x.id, x.status])).toEqual([[b, 'approved']]);
    expect((await h.repo.members(storyId)).map((m) => m.id)).toEqual([a]);
    expect((await h.repo.storyHistory(newId, { limit: 10 })).items.map((e) => e.action)).toEqual(['split', 'merged', 'split', 'approve']);
  });
});
