import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { startApiHarness, type ApiHarness, type Backend } from '../handlers/api-harness.js';
import { ingestRecord, pairSetRecords } from '../stories/support.js';
import { storageBackends } from '../support/stack.js';

// A story decision is an editor's verdict on each of its articles, so the learning loop keeps it as
// it keeps the same decision made on one practice.
describe.each<Backend>(storageBackends(['memory', 'dynamo']))('story decisions as labelled examples over %s storage', (backend) => {
  let h: ApiHarness;
  let records: Map<string, ExtractionRecord>;
  let auth: Record<string, string>;
  const patchStory = async (id: string, body: unknown) => {
    const version = (await fetch(`${h.baseUrl}/review/stories/${id}`, { headers: auth })).headers.get('etag')!;
    return fetch(`${h.baseUrl}/stories/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth, 'if-match': version }, body: JSON.stringify(body) });
  };

  beforeAll(async () => {
    records = pairSetRecords();
    h = await startApiHarness(backend);
    auth = { authorization: `Bearer ${await h.token('olga')}` };
  }, 60_000);
  afterAll(() => h?.close());

  it('keeps an approval of a story as a confirmation of each kept announcement, and nothing for a dropped article', async () => {
    const ru = await ingestRecord(h.repo, records.get('s01a-mos-ru-news')!);
    const en = await ingestRecord(h.repo, records.get('s01b-madeinrussia-en')!);
    expect(en.storyId).toBe(ru.storyId);
    expect([ru, en].map((item) => item.extraction.isPracticeAnnouncement)).toEqual([true, true]);
    const response = await patchStory(ru.storyId!, { action: 'approve', drop: [en.id] });
    expect(response.status).toBe(200);
    const examples = await h.labels.list();
    const kept = examples.find((e) => e.practiceId === ru.id);
    expect(kept).toMatchObject({ practiceId: ru.id, isPracticeAnnouncement: true, regions: null, editor: 'olga', extractorVersion: ru.extraction.extractorVersion });
    expect(examples.some((e) => e.practiceId === en.id)).toBe(false);
  });

  it('keeps nothing for a rejected story', async () => {
    const a = await ingestRecord(h.repo, records.get('s12a-gov74-ru')!);
    const b = await ingestRecord(h.repo, records.get('s12b-gubernator74-ru')!);
    expect(b.storyId).toBe(a.storyId);
    const before = (await h.labels.list()).length;
    expect((await patchStory(a.storyId!, { action: 'reject', reason: 'out of scope' })).status).toBe(200);
    expect((await h.labels.list()).length).toBe(before);
  });
});
