import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { describeNeedingDynamoDbLocal } from '../support/stack.js';
import { startApiHarness, type ApiHarness, type Backend } from '../handlers/api-harness.js';
import { openApiChecker } from './openapi-conformance.js';
import { ingestRecord, pairSetRecords } from './support.js';

let records: Map<string, ExtractionRecord>;
beforeAll(() => {
  records = pairSetRecords();
});

function storyApiSpec(backend: Backend) {
  let h: ApiHarness;
  let auth: Record<string, string>;
  const conforms = openApiChecker();
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${h.baseUrl}${path}`, { headers });
  const patchStory = (id: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${h.baseUrl}/stories/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...auth, ...headers }, body: JSON.stringify(body) });

  beforeAll(async () => {
    h = await startApiHarness(backend);
    auth = { authorization: `Bearer ${await h.token('olga')}` };
  });
  afterAll(() => h?.close());

  it('serves a story only once approved, with its Russian and English articles side by side', async () => {
    const ru = await ingestRecord(h.repo, records.get('s01a-mos-ru-news')!);
    const en = await ingestRecord(h.repo, records.get('s01b-madeinrussia-en')!);
    expect(en.storyId).toBe(ru.storyId);
    const storyId = ru.storyId!;
    await conforms('/stories/{id}', 'GET', await get(`/stories/${storyId}`)).then(() => undefined);
    expect((await get(`/stories/${storyId}`)).status).toBe(404);

    const editorView = await get(`/review/stories/${storyId}`, auth);
    const version = editorView.headers.get('etag')!;
    const editorStory = (await conforms('/review/stories/{id}', 'GET', editorView)) as { articles: Array<{ id: string; status: string }>; links: unknown[] };
    expect(editorStory.articles.map((a) => a.id).sort()).toEqual([ru.id, en.id].sort());
    expect(editorStory.links.length).toBeGreaterThan(0);

    const approved = (await conforms('/stories/{id}', 'PATCH', await patchStory(storyId, { action: 'approve' }, { 'if-match': version }))) as { articles: Array<{ status: string }>; version: number };
    expect(approved.articles.map((a) => a.status)).toEqual(['approved', 'approved']);

    const story = (await conforms('/stories/{id}', 'GET', await get(`/stories/${storyId}`))) as {
      articles: Array<{ language: string; sourceId: string; publishedAt: string }>;
      regions: Array<{ code: string; role: string }>;
      organisations: Array<{ id: string }>;
      timeline: { origins: string[] };
    };
    expect(story.articles.map((a) => [a.language, a.sourceId])).toEqual([['ru', 'mos-ru-news'], ['en', 'madeinrussia-ru']]);
    expect(story.regions).toEqual(expect.arrayContaining([{ code: 'RU-MOW', name: 'Москва', role: 'origin' }]));
    expect(story.organisations.map((o) => o.id)).toEqual(expect.arrayContaining(['minek', 'asi']));
    const practice = (await (await get(`/practices/${ru.id}`)).json()) as { storyId: string };
    expect(practice.storyId).toBe(storyId);
  });

  it('answers /regions and /regions/{code} from approved records, with the practice timeline, and an Atom feed per region', async () => {
    const regions = (await conforms('/regions', 'GET', await get('/regions'))) as { items: Array<{ code: string; originated: number; mentioned: number; latest: unknown }> };
    expect(regions.items.length).toBe(89);
    expect(regions.items.find((r) => r.code === 'RU-MOW')).toMatchObject({ originated: 1, latest: expect.objectContaining({ title: expect.any(String) }) });
    expect(regions.items.find((r) => r.code === 'RU-CHE')).toMatchObject({ originated: 0, mentioned: 1 });
    expect(regions.items.find((r) => r.code === 'RU-TA')).toMatchObject({ originated: 0, adopted: 0, mentioned: 0, latest: null });

    const moscow = (await conforms('/regions/{code}', 'GET', await get('/regions/ru-mow'))) as { practices: Array<{ role: string; stories: string[]; timeline: { events: unknown[] } }> };
    expect(moscow.practices).toHaveLength(1);
    expect(moscow.practices[0]).toMatchObject({ role: 'origin' });
    expect(moscow.practices[0]!.timeline.events).toHaveLength(1);

    const feed = (await conforms('/regions/{code}/feed.atom', 'GET', await get('/regions/RU-MOW/feed.atom'))) as string;
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(feed) as { feed: { entry: { title: { '#text': string }; link: Array<{ '@_href': string }> } } };
    expect(parsed.feed.entry.title['#text']).toMatch(/Москв|практик/i);
    expect(parsed.feed.entry.link.map((l) => l['@_href'])).toEqual(expect.arrayContaining([expect.stringMatching(/\/stories\/st-/)]));
    // A pending article of the region (the same practice adopted elsewhere, on its timeline) stays private.
    const pending = await ingestRecord(h.repo, records.get('s03c-mos-ru-news')!);
    const pendingStory = (await (await get(`/review/stories/${pending.storyId}`, auth)).json()) as { timelineId: string | null };
    const approvedStory = (await (await get(`/review/stories/${moscow.practices[0]!.stories[0]}`, auth)).json()) as { timelineId: string | null };
    expect(pendingStory.timelineId).not.toBeNull();
    expect(pendingStory.timelineId).toBe(approvedStory.timelineId);
    const after = (await (await get('/regions/RU-MOW')).json()) as typeof moscow;
    expect(after.practices).toHaveLength(1);
    expect(after.practices[0]!.timeline.events).toHaveLength(1);
    const feedAfter = new XMLParser({ ignoreAttributes: false }).parse(await (await get('/regions/RU-MOW/feed.atom')).text()) as { feed: { entry: unknown } };
    expect(Array.isArray(feedAfter.feed.entry)).toBe(false);
    expect((await get(`/stories/${pending.storyId}`)).status).toBe(404);
    await conforms('/regions/{code}', 'GET', await get('/regions/RU-XX'));
    expect((await get('/regions/RU-XX')).status).toBe(404);
    expect((await get('/regions/not-a-code')).status).toBe(400);
    expect((await get('/regions/RU-MOW/feed.atom?limit=0')).status).toBe(400);
    expect((await get('/stories/nope')).status).toBe(400);
  });

  it('splits and merges stories with history, under If-Match', async () => {
    const a = await ingestRecord(h.repo, records.get('s12a-gov74-ru')!);
    const b = await ingestRecord(h.repo, records.get('s12b-gubernator74-ru')!);
    expect(b.storyId).toBe(a.storyId);
    const storyId = a.storyId!;
    expect((await patchStory(storyId, { action: 'split', articles: [b.id] }, {})).status).toBe(428);
    const stale = await patchStory(storyId, { action: 'split', articles: [b.id] }, { 'if-match': '"99"' });
    await conforms('/stories/{id}', 'PATCH', stale);
    expect(stale.status).toBe(412);
    const bad = await patchStory(storyId, { action: 'split', articles: [a.id, b.id] }, { 'if-match': (await get(`/review/stories/${storyId}`, auth)).headers.get('etag')! });
    expect(bad.status).toBe(400);

    const version = (await get(`/review/stories/${storyId}`, auth)).headers.get('etag')!;
    const split = (await conforms('/stories/{id}', 'PATCH', await patchStory(storyId, { action: 'split', articles: [b.id] }, { 'if-match': version }))) as { articles: Array<{ id: string }>; keptApart: string[] };
    expect(split.articles.map((x) => x.id)).toEqual([a.id]);
    const newId = split.keptApart[0]!;
    const moved = (await (await get(`/review/stories/${newId}`, auth)).json()) as { articles: Array<{ id: string }>; keptApart: string[] };
    expect(moved.articles.map((x) => x.id)).toEqual([b.id]);
    expect(moved.keptApart).toEqual([storyId]);

    const again = (await get(`/review/stories/${storyId}`, auth)).headers.get('etag')!;
    const merged = (await (await patchStory(storyId, { action: 'merge', from: newId }, { 'if-match': again })).json()) as { articles: Array<{ id: string }>; keptApart: string[] };
    expect(merged.articles.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(merged.keptApart).toEqual([]);
    const history = (await conforms('/stories/{id}/history', 'GET', await get(`/stories/${storyId}/history`, auth))) as { items: Array<{ action: string; actor: string }> };
    expect(history.items.map((x) => x.action)).toEqual(expect.arrayContaining(['split', 'merge']));
    expect(history.items.filter((x) => x.action === 'split' || x.action === 'merge').every((x) => x.actor === 'olga')).toBe(true);
  });

  it('groups the review queue by story, so a story is decided once', async () => {
    const queue = (await conforms('/review/stories', 'GET', await get('/review/stories?limit=50', auth))) as { items: Array<{ id: string; articles: Array<{ id: string }> }> };
    const ids = queue.items.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const chelyabinsk = queue.items.find((s) => s.articles.length === 2);
    expect(chelyabinsk).toBeDefined();
    expect((await get('/review/stories')).status).toBe(401);
  });
}

describe('story API on the in-memory repository', () => storyApiSpec('memory'));
describeNeedingDynamoDbLocal('story API on DynamoDB Local', () => storyApiSpec('dynamo'));
