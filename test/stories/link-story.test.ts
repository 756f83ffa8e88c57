import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { storyOf } from '../../functions/core/stories/story-record.js';
import { chooseStory, completeStoryLinking } from '../../functions/core/stories/link-story.js';
import { practiceIdForUrl } from '../../functions/core/practices/practice-identity.js';
import { fixedClock, ingestRecord, observationOf, pairSetRecords } from './support.js';

let records: Map<string, ExtractionRecord>;
const r = (id: string) => records.get(id)!;

beforeAll(() => {
  records = pairSetRecords();
});

describe('story linking at ingestion (in-memory repository)', () => {
  it('puts the Russian and English tellings of the seed news into one story, and a template twin into its own', async () => {
    const repo = new MemoryPracticeRepository();
    const ru = await ingestRecord(repo, r('s01a-mos-ru-news'));
    const en = await ingestRecord(repo, r('s01b-madeinrussia-en'));
    const other = await ingestRecord(repo, r('s02a-mos-ru-news'));
    expect(en.storyId).toBe(ru.storyId);
    expect(other.storyId).not.toBe(ru.storyId);
    expect((await repo.members(ru.storyId!)).map((m) => m.id).sort()).toEqual([ru.id, en.id].sort());
    const story = await repo.getStory(ru.storyId!);
    expect(story?.links.some((note) => note.recordId === en.id && note.reasons.some((reason) => /same figures/.test(reason)))).toBe(true);
  });

  it('puts two tellings written at the same moment (neither saw the other before its write) into one story', async () => {
    const repo = new MemoryPracticeRepository();
    const deps = { stories: repo, clock: fixedClock('2025-01-01T00:00:00Z') };
    const records = [r('s01a-mos-ru-news'), r('s01b-madeinrussia-en')];
    // Both choose before either is written, as two sources fetched together do.
    const choices = await Promise.all(records.map((record) => chooseStory(deps, practiceIdForUrl(record.url), record)));
    expect(choices[0]!.storyId).not.toBe(choices[1]!.storyId);
    const items = [];
    for (const [k, record] of records.entries()) {
      const outcome = await repo.recordObservation({ ...observationOf(record), storyId: choices[k]!.storyId });
      items.push((await repo.get(outcome.id))!);
    }
    await Promise.all(items.map((item, k) => completeStoryLinking(deps, item, choices[k]!)));
    const [ru, en] = await Promise.all(items.map((item) => repo.get(item.id)));
    expect(storyOf(en!)).toBe(storyOf(ru!));
    const other = [choices[0]!.storyId, choices[1]!.storyId].sort()[1]!;
    expect((await repo.getStory(other))?.mergedInto).toBe(storyOf(ru!));
  });

  it('keeps near-identical stories about different regions apart', async () => {
    const repo = new MemoryPracticeRepository();
    const ids = [];
    for (const id of ['s05a-govvrn-ru', 's06a-lipetsk-ru', 's07a-kursk-ru', 's05b-riavrn-ru']) ids.push(await ingestRecord(repo, r(id)));
    expect(new Set(ids.map(storyOf)).size).toBe(3);
    expect(ids[3]!.storyId).toBe(ids[0]!.storyId);
  });

  it('merges two stories when an article bridges them, with the move in each record\'s history', async () => {
    const repo = new MemoryPracticeRepository();
    // Two tellings stored in separate stories (as if linked before the model knew better), then one that links to both.
    const a = await repo.recordObservation({ ...observationOf(r('s12c-economy-gov-ru')), storyId: 'st-a' });
    const b = await repo.recordObservation({ ...observationOf(r('s12b-gubernator74-ru')), storyId: 'st-b' });
    const c = await ingestRecord(repo, r('s12d-madeinrussia-en'));
    const all = await Promise.all([a.id, b.id, c.id].map((id) => repo.get(id)));
    expect(new Set(all.map((item) => storyOf(item!))).size).toBe(1);
    const moved = all.find((item) => item!.id !== c.id && item!.storyId !== (item!.id === a.id ? 'st-a' : 'st-b'))!;
    const history = await repo.history(moved.id, { limit: 10 });
    expect(history.items.at(-1)).toMatchObject({ action: 'story', actor: 'system', reason: `bridged by ${c.id}` });
    const merged = await repo.getStory(moved.id === a.id ? 'st-a' : 'st-b');
    expect(merged?.mergedInto).toBe(c.storyId);
  });

  it('puts a later adoption of a practice on the timeline of its selection', async () => {
    const repo = new MemoryPracticeRepository();
    const selected = await ingestRecord(repo, r('s12a-gov74-ru'));
    await ingestRecord(repo, r('s12d-madeinrussia-en'));
    const adopted = await ingestRecord(repo, r('s13a-kurganobl-ru'));
    expect(adopted.storyId).not.toBe(selected.storyId);
    const [first, second] = await repo.getStories([selected.storyId!, adopted.storyId!]);
    expect(first?.timelineId).toBeTruthy();
    expect(second?.timelineId).toBe(first?.timelineId);
    const unrelated = await ingestRecord(repo, r('s25a-samregion-ru'));
    expect((await repo.getStory(unrelated.storyId!))?.timelineId ?? null).toBeNull();
  });
});
