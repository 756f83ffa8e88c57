import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelLineOf } from '../../functions/core/learning/labelled-example.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { patch, readJson, startApiHarness, type ApiHarness, type Backend } from '../handlers/api-harness.js';
import { storageBackends } from '../support/stack.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe.each<Backend>(storageBackends(['memory', 'dynamo']))('uncertain items and editors\' verdicts over %s storage', (backend) => {
  let h: ApiHarness;
  const ids = new Map<number, string>();

  beforeAll(async () => {
    h = await startApiHarness(backend);
    // Confidences on both sides of the boundary, in and out of the band, created in this order.
    for (const [i, confidence] of [0.95, 0.62, 0.05, 0.48, 0.21, 0.79, 0.5, 0.81].entries()) {
      const observation = practiceObservation(9100 + i);
      const extraction = { ...observation.extraction, confidence, isPracticeAnnouncement: confidence >= 0.5, people: [{ name: 'Иван Петров', role: null }] };
      ids.set(Math.round(confidence * 100), (await h.repo.recordObservation({ ...observation, extraction })).id);
    }
  }, 60_000);
  afterAll(() => h?.close());

  const queue = async (token: string, query = '&limit=100') =>
    (await readJson(await fetch(`${h.baseUrl}/review?classified=uncertain${query}`, { headers: auth(token) }))) as { items: Array<{ id: string; confidence: number }>; nextCursor: string | null };

  it('lists the pending items within the band, closest to the decision boundary first, on both sides of it', async () => {
    const token = await h.token('alice');
    const page = await queue(token);
    expect(page.items.map((item) => ids.get(Math.round(item.confidence * 100)))).toEqual([50, 48, 62, 21, 79].map((c) => ids.get(c)));
    // Paging keeps the order.
    const first = await queue(token, '&limit=2');
    expect(first.items).toHaveLength(2);
    const second = (await readJson(await fetch(`${h.baseUrl}/review?classified=uncertain&limit=100&cursor=${first.nextCursor}`, { headers: auth(token) }))) as { items: Array<{ id: string }> };
    expect([...first.items, ...second.items].map((item) => item.id)).toEqual(page.items.map((item) => item.id));
    // Nothing decided is uncertain.
    expect((await queue(token, '&status=approved&limit=100')).items).toEqual([]);
  });

  it('keeps an editor\'s "is not an announcement" as a labelled example, and the item leaves the uncertain queue', async () => {
    const token = await h.token('bob');
    const id = ids.get(62)!;
    const response = await patch(h, id, { action: 'set-announcement', value: false }, { ...auth(token), 'if-match': '"1"' });
    expect(response.status).toBe(200);
    expect((await queue(token)).items.map((item) => item.id)).not.toContain(id);
    const [example] = (await h.labels.list()).filter((e) => e.practiceId === id);
    const record = (await h.repo.get(id))!;
    expect(example).toMatchObject({
      practiceId: id,
      isPracticeAnnouncement: false,
      regions: null,
      organisations: null,
      people: null,
      machine: { isPracticeAnnouncement: true, confidence: 0.62 },
      extractorVersion: record.extraction.extractorVersion,
      editor: 'bob',
      title: record.extraction.title,
    });
    expect(example!.text).toContain(record.extraction.bodyText);
    // Exported as a line of a labelled set: the judged field is said, the rest is the machine's.
    expect(labelLineOf(example!)).toMatchObject({ file: `texts/${id}.txt`, isPracticeAnnouncement: false, judged: ['isPracticeAnnouncement'], editor: 'bob' });
  });

  it('keeps corrections of regions and people with an approval, and forgets a withdrawn verdict', async () => {
    const token = await h.token('carol');
    const id = ids.get(48)!;
    let response = await patch(h, id, { action: 'edit', overrides: { regions: [{ code: 'RU-TA', name: 'Республика Татарстан', role: 'origin' }], people: [] } }, { ...auth(token), 'if-match': '"1"' });
    expect(response.status).toBe(200);
    response = await patch(h, id, { action: 'set-announcement', value: true }, { ...auth(token), 'if-match': '"2"' });
    expect(response.status).toBe(200);
    let example = (await h.labels.list()).find((e) => e.practiceId === id)!;
    expect(example).toMatchObject({ isPracticeAnnouncement: true, regions: ['RU-TA'], people: [], organisations: null, editor: 'carol' });
    expect(labelLineOf(example).judged).toEqual(['isPracticeAnnouncement', 'regions', 'people']);
    response = await patch(h, id, { action: 'edit', overrides: { regions: null, people: null, isPracticeAnnouncement: null } }, { ...auth(token), 'if-match': '"3"' });
    expect(response.status).toBe(200);
    expect((await h.labels.list()).some((e) => e.practiceId === id)).toBe(false);
    // An approval of an announcement confirms the classification.
    const approved = ids.get(95)!;
    expect((await patch(h, approved, { action: 'approve' }, { ...auth(token), 'if-match': '"1"' })).status).toBe(200);
    example = (await h.labels.list()).find((e) => e.practiceId === approved)!;
    expect(example).toMatchObject({ isPracticeAnnouncement: true, regions: null, editor: 'carol' });
  });

  it('refuses an unknown classified filter with 400', async () => {
    const response = await fetch(`${h.baseUrl}/review?classified=maybe`, { headers: auth(await h.token()) });
    expect(response.status).toBe(400);
  });
});
