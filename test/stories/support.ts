import path from 'node:path';
import { recordFingerprints } from '../../functions/core/dedupe/simhash.js';
import type { ExtractionRecord } from '../../functions/core/model.js';
import type { ArticleObservation, Clock, PracticeItem, PracticeRepository } from '../../functions/core/ports.js';
import { practiceIdForUrl } from '../../functions/core/practices/practice-identity.js';
import { chooseStory, completeStoryLinking } from '../../functions/core/stories/link-story.js';
import type { StoryRepository } from '../../functions/core/stories/story-ports.js';
import { loadPairSet } from '../../scripts/stories/pair-set.js';

/** The pair set's extraction records, by article id (extracted once per test file). */
export function pairSetRecords(): Map<string, ExtractionRecord> {
  const { articles } = loadPairSet(path.resolve(import.meta.dirname, '..', 'story-pairs'));
  return new Map(articles.map((a) => [a.label.id, a.record]));
}

export const fixedClock = (iso: string): Clock => ({ now: () => new Date(iso) });

export function observationOf(record: ExtractionRecord, observedAt = '2025-01-01T00:00:00.000Z'): ArticleObservation {
  return {
    extraction: record,
    source: { sourceId: record.sourceId, url: record.url, title: record.title, publishedAt: record.publishedAt, rawKey: null, fetchedAt: observedAt },
    ...recordFingerprints(record),
    observedAt,
  };
}

/** What ingestion does for a new article: choose its story, write it with the record, complete the linking. */
export async function ingestRecord(repo: PracticeRepository & StoryRepository, record: ExtractionRecord, clock: Clock = fixedClock('2025-01-01T00:00:00Z')): Promise<PracticeItem> {
  const deps = { stories: repo, clock };
  const choice = await chooseStory(deps, practiceIdForUrl(record.url), record);
  const outcome = await repo.recordObservation({ ...observationOf(record, clock.now().toISOString()), storyId: choice.storyId });
  const item = (await repo.get(outcome.id))!;
  await completeStoryLinking(deps, item, choice);
  return (await repo.get(outcome.id))!;
}
