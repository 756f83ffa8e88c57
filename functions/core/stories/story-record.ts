import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { ExtractionRecord, RegionRole } from '../model.js';
import type { HistoryEntry, PracticeItem } from '../ports.js';
import { effectiveRecord } from '../practices/practice-identity.js';
import { figureWeight, isDistinctiveFigure } from './figures.js';
import { surnameKey } from './transliterate.js';

/**
 * The storage-independent rules of stories, shared by every repository: identities, the keys that
 * find link candidates, and what a move between stories writes (the listing rows themselves are the
 * adapters', in `adapters/dynamo/story-index.ts`).
 *
 * A story is the set of records whose `storyId` names it: membership lives on the record, so that
 * a record and its story can never disagree. The story item itself keeps story-level state (its
 * practice timeline, the stories an editor kept it apart from, why articles joined, its version and
 * history) and may be missing for a story nothing was decided about yet.
 */

export type { StoryAction, StoryActionType, StoryHistoryEntry, StoryItem, StoryLinkNote } from './story-types.js';
import type { StoryHistoryEntry, StoryItem } from './story-types.js';

export const MAX_LINK_NOTES = 50;
/** Articles a story lists at most (an editor splits a story that grows beyond it). */
export const MAX_STORY_MEMBERS = 200;
/** Keys a record is findable by, for link candidates. */
export const MAX_LINK_KEYS = 10;
/** Regions a public record is listed under at most in the per-region view (each is one listing row). */
export const MAX_REGION_ROWS = 10;

function hashId(prefix: string, value: string): string {
  return `${prefix}${createHash('sha256').update(value, 'utf8').digest('base64url').slice(0, 24)}`;
}

/** The story a record founds: derived from the record's id, so a retried ingestion founds the same one. */
export function storyIdForRecord(recordId: string): string {
  return hashId('st-', `story|${recordId}`);
}

/** The story a split creates: derived from the story and the articles moved. */
export function storyIdForSplit(storyId: string, articles: readonly string[]): string {
  return hashId('st-', `split|${storyId}|${[...articles].sort().join(',')}`);
}

/** The timeline a story founds. */
export function timelineIdForStory(storyId: string): string {
  return hashId('tl-', `timeline|${storyId}`);
}

/** The story a record belongs to: its own founding story when it predates stories. */
export function storyOf(item: PracticeItem): string {
  return item.storyId ?? storyIdForRecord(item.id);
}

/** A story item for a story that has none stored yet. */
export function defaultStory(id: string, title: string, at: string): StoryItem {
  return { id, title, timelineId: null, keptApart: [], mergedInto: null, links: [], version: 0, createdAt: at, updatedAt: at };
}

/** ISO date-time in UTC, or null when the value is not a date. */
export function utcIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** The date a record is placed at in time: publication, else first observation. */
export function recordDate(item: PracticeItem): string {
  return utcIso(effectiveRecord(item).publishedAt) ?? utcIso(item.createdAt) ?? item.createdAt;
}

/**
 * Keys that find a record as a link candidate, most telling first: people (surname keys agree
 * across scripts), telling figures, regions. Organisations are left out: the ministry or the agency
 * is named in most announcements and would find everything.
 */
export function linkKeys(eff: Pick<ExtractionRecord, 'people' | 'figures' | 'regions'>): string[] {
  const keys = [
    ...eff.people.map((p) => `P:${surnameKey(p.name)}`).filter((k) => k.length > 4),
    ...eff.figures.map((f) => f.value).filter((v) => isDistinctiveFigure(v) && figureWeight(v) >= 1).map((v) => `F:${v}`),
    ...eff.regions.map((r) => `R:${r.code}`),
  ];
  return [...new Set(keys)].slice(0, MAX_LINK_KEYS);
}

/** How much sharing a key says about two records being one story (ranks candidates before scoring). */
export function linkKeyWeight(key: string): number {
  return key.startsWith('R:') ? 1 : 2;
}

const ROLE_RANK: Record<RegionRole, number> = { origin: 2, adopter: 1, mentioned: 0 };

/** The strongest role of each region over the given records. */
export function mergedRegionRoles(records: ReadonlyArray<{ regions: ReadonlyArray<{ code: string; role: RegionRole }> }>): Map<string, RegionRole> {
  const roles = new Map<string, RegionRole>();
  for (const record of records) {
    for (const region of record.regions) {
      const current = roles.get(region.code);
      if (current === undefined || ROLE_RANK[region.role] > ROLE_RANK[current]) roles.set(region.code, region.role);
    }
  }
  return roles;
}

/** One row of the per-region view (`PUBRG`), decoded. */
export interface RegionRow {
  code: string;
  recordId: string;
  storyId: string;
  role: RegionRole;
  date: string;
  title: string;
}

/**
 * Moves a record to another story: the next record (version + 1) and its history row. A machine
 * move (ingestion merging two stories) and an editor's split or merge write the same way.
 */
export function planStoryMove(item: PracticeItem, storyId: string, actor: string, at: string, reason: string): { item: PracticeItem; history: HistoryEntry } {
  const from = storyOf(item);
  if (from === storyId) throw new ValidationError(`record ${item.id} is already in story ${storyId}`, { id: item.id, storyId });
  const version = item.editorial.version + 1;
  const next: PracticeItem = { ...item, storyId, updatedAt: at, editorial: { ...item.editorial, version } };
  return {
    item: next,
    history: { practiceId: item.id, at, actor, action: 'story', changes: { storyId: { from, to: storyId } }, version, reason },
  };
}

/** The story item after a write: version + 1, with its history row. */
export function nextStory(story: StoryItem, changes: Partial<Omit<StoryItem, 'id' | 'version' | 'createdAt'>>, entry: Omit<StoryHistoryEntry, 'storyId' | 'version'>): { story: StoryItem; history: StoryHistoryEntry } {
  const version = story.version + 1;
  const next: StoryItem = { ...story, ...changes, links: (changes.links ?? story.links).slice(-MAX_LINK_NOTES), version, updatedAt: entry.at };
  return { story: next, history: { ...entry, storyId: story.id, version } };
}
