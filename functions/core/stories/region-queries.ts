import { NotFoundError } from '../errors.js';
import type { RegionRole } from '../model.js';
import { effectiveRecord } from '../practices/practice-identity.js';
import regionNameData from './region-names.json' with { type: 'json' };
import { readStory, readTimeline, visibleMembers, type StoryQueryDeps, type StoryRead } from './story-queries.js';
import type { RegionRow } from './story-record.js';
import { buildTimeline, type TimelineView } from './timeline.js';

/**
 * Read use cases of regions: every federal subject with the practices it originated, adopted or is
 * mentioned in, one subject with its practices and their timelines, and its stories for a feed.
 * Public records only.
 */

const regionNames = new Map(Object.entries(regionNameData.regions));

export interface RegionPractice {
  /** The timeline's id, or the story's when the practice has told no other story yet. */
  id: string;
  timelineId: string | null;
  role: RegionRole;
  title: string;
  latestAt: string;
  stories: string[];
}

export interface RegionSummary {
  code: string;
  name: string;
  originated: number;
  adopted: number;
  mentioned: number;
  latest: { storyId: string; title: string; publishedAt: string } | null;
}

/**
 * The role of each region in one practice, from its public rows: the origin is the region named
 * origin in most of its stories; a region named origin or adopter elsewhere in the practice took it
 * up (an adoption story's own subject is often written as the subject of its headline); the rest
 * are mentioned.
 */
export function practiceRoles(rows: readonly RegionRow[]): Map<string, RegionRole> {
  const originVotes = new Map<string, Set<string>>();
  for (const row of rows) if (row.role === 'origin') originVotes.set(row.code, (originVotes.get(row.code) ?? new Set()).add(row.storyId));
  const top = Math.max(0, ...[...originVotes.values()].map((s) => s.size));
  const origins = new Set([...originVotes].filter(([, s]) => s.size === top && top > 0).map(([code]) => code));
  const roles = new Map<string, RegionRole>();
  for (const row of rows) {
    const role: RegionRole = origins.has(row.code) ? 'origin' : row.role === 'mentioned' ? 'mentioned' : 'adopter';
    const current = roles.get(row.code);
    if (!current || (role === 'origin' ? 2 : role === 'adopter' ? 1 : 0) > (current === 'origin' ? 2 : current === 'adopter' ? 1 : 0)) roles.set(row.code, role);
  }
  return roles;
}

/** Groups rows by practice (timeline, else story), using the stories' items for their timelines. */
async function practicesOf(deps: StoryQueryDeps, rows: readonly RegionRow[]): Promise<Map<string, { timelineId: string | null; rows: RegionRow[] }>> {
  const stories = new Map((await deps.stories.getStories([...new Set(rows.map((r) => r.storyId))])).map((s) => [s.id, s]));
  const practices = new Map<string, { timelineId: string | null; rows: RegionRow[] }>();
  for (const row of rows) {
    const timelineId = stories.get(row.storyId)?.timelineId ?? null;
    const key = timelineId ?? row.storyId;
    const entry = practices.get(key) ?? { timelineId, rows: [] };
    entry.rows.push(row);
    practices.set(key, entry);
  }
  return practices;
}

/** Every federal subject with the practices it originated, adopted or is mentioned in (public records), and its latest story. */
export async function listRegions(deps: StoryQueryDeps): Promise<RegionSummary[]> {
  const rows = await deps.stories.regionRows();
  const practices = await practicesOf(deps, rows);
  const counts = new Map<string, { originated: number; adopted: number; mentioned: number }>();
  for (const { rows: practiceRows } of practices.values()) {
    for (const [code, role] of practiceRoles(practiceRows)) {
      const c = counts.get(code) ?? { originated: 0, adopted: 0, mentioned: 0 };
      c[role === 'origin' ? 'originated' : role === 'adopter' ? 'adopted' : 'mentioned'] += 1;
      counts.set(code, c);
    }
  }
  const latest = new Map<string, RegionRow>();
  for (const row of rows) if (!latest.has(row.code) || row.date > latest.get(row.code)!.date) latest.set(row.code, row);
  return [...regionNames]
    .map(([code, name]) => {
      const c = counts.get(code) ?? { originated: 0, adopted: 0, mentioned: 0 };
      const row = latest.get(code);
      return { code, name, ...c, latest: row ? { storyId: row.storyId, title: row.title, publishedAt: row.date } : null };
    })
    .sort((a, b) => (a.code < b.code ? -1 : 1));
}

/** Whether a code names a federal subject of the catalogue. */
export function isRegionCode(code: string): boolean {
  return regionNames.has(code);
}

export interface RegionRead extends Omit<RegionSummary, 'latest'> {
  practices: Array<RegionPractice & { timeline: TimelineView }>;
}

/** Practices a region read lists at most (newest first). */
const REGION_PRACTICES = 50;

/**
 * One federal subject: its practices (newest first) with their timelines, and the same counts as
 * {@link listRegions} gives it. `NotFoundError` for an unknown code. Timelines are read for the listed
 * practices only.
 */
export async function readRegion(deps: StoryQueryDeps, code: string): Promise<RegionRead> {
  const name = regionNames.get(code);
  if (!name) throw new NotFoundError(`region ${code} not found`, { code });
  const practices = [...(await practicesOf(deps, await deps.stories.regionRows()))].filter(([, p]) => p.rows.some((row) => row.code === code));
  const latestOf = (rows: readonly RegionRow[]) => maxDate(rows.filter((row) => row.code === code));
  practices.sort(([, a], [, b]) => (latestOf(b.rows) > latestOf(a.rows) ? 1 : latestOf(b.rows) < latestOf(a.rows) ? -1 : 0));
  const listed: Array<RegionPractice & { timeline: TimelineView }> = [];
  const counts = { originated: 0, adopted: 0, mentioned: 0 };
  for (const [id, { timelineId, rows }] of practices) {
    const role: RegionRole = practiceRoles(rows).get(code) ?? 'mentioned';
    counts[role === 'origin' ? 'originated' : role === 'adopter' ? 'adopted' : 'mentioned'] += 1;
    if (listed.length >= REGION_PRACTICES) continue;
    const own = rows.filter((row) => row.code === code);
    const latestRow = own.reduce((a, b) => (b.date > a.date ? b : a));
    const timeline = timelineId ? await readTimeline(deps, timelineId, 'public') : await readStoryTimeline(deps, id);
    listed.push({ id, timelineId, role, title: latestRow.title, latestAt: latestRow.date, stories: [...new Set(rows.map((r) => r.storyId))], timeline });
  }
  return { code, name, ...counts, practices: listed };
}

function maxDate(rows: readonly RegionRow[]): string {
  return rows.reduce((max, row) => (row.date > max ? row.date : max), '');
}

async function readStoryTimeline(deps: StoryQueryDeps, storyId: string): Promise<TimelineView> {
  const members = await visibleMembers(deps, storyId, 'public');
  return buildTimeline(storyId, members.length ? [{ storyId, records: members.map(effectiveRecord) }] : []);
}

/** Public stories naming a region, newest first (the region's Atom feed). */
export async function regionStories(deps: StoryQueryDeps, code: string, limit: number): Promise<StoryRead[]> {
  if (!regionNames.has(code)) throw new NotFoundError(`region ${code} not found`, { code });
  const rows = await deps.stories.regionRows(code);
  const ids: string[] = [];
  for (const row of [...rows].sort((a, b) => (b.date > a.date ? 1 : b.date < a.date ? -1 : 0))) {
    if (!ids.includes(row.storyId)) ids.push(row.storyId);
    if (ids.length >= limit) break;
  }
  const reads: StoryRead[] = [];
  for (const id of ids) {
    try {
      reads.push(await readStory(deps, id, 'public'));
    } catch (error) {
      // A row may outlive its story's last public member by the index's propagation delay.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return reads;
}

