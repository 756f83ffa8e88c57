import { NotFoundError } from '../errors.js';
import { REGIONS } from '../extraction/regions.js';
import type { ExtractionRecord, RegionRole } from '../model.js';
import type { Page, PageRequest, PracticeItem, PracticeQueryRepository, ReviewFilter } from '../ports.js';
import { effectiveRecord, isPublic, toUtcIso } from '../practices/practice-record.js';
import type { StoryRepository } from './story-ports.js';
import { defaultStory, mergedRegionRoles, recordDate, storyOf, type RegionRow, type StoryItem } from './story-record.js';
import { buildTimeline, type TimelineView } from './timeline.js';

/**
 * Read use cases of stories, practice timelines and regions. The public sees approved
 * announcements only: a story without one is `NotFoundError`, a timeline shows its public events,
 * and a region counts public records.
 */

export type Audience = 'public' | 'editor';

export interface StoryQueryDeps {
  stories: StoryRepository;
}

/** A story with its members (for the audience) and its timeline. */
export interface StoryRead {
  story: StoryItem;
  members: PracticeItem[];
  timeline: TimelineView | null;
}

const regionNames = new Map(REGIONS.map((region) => [region.code, region.name]));

/** The story's merged content: distinct practices, regions with their strongest role, organisations. */
export function mergedContent(members: readonly PracticeItem[]): Pick<ExtractionRecord, 'practices' | 'regions' | 'organisations'> {
  const records = members.map(effectiveRecord);
  const practices = new Map<string, { name: string }>();
  for (const record of records) for (const p of record.practices) if (!practices.has(p.name.toLowerCase())) practices.set(p.name.toLowerCase(), { name: p.name });
  const organisations = new Map<string, { id: string; name: string }>();
  for (const record of records) for (const o of record.organisations) if (!organisations.has(o.id)) organisations.set(o.id, { id: o.id, name: o.name });
  const regions = [...mergedRegionRoles(records)].map(([code, role]) => ({ code, name: regionNames.get(code) ?? code, role }));
  return { practices: [...practices.values()], regions, organisations: [...organisations.values()] };
}

function byDate(a: PracticeItem, b: PracticeItem): number {
  const x = recordDate(a);
  const y = recordDate(b);
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
}

/** The members an audience sees, in publication order. */
async function visibleMembers(deps: StoryQueryDeps, storyId: string, audience: Audience): Promise<PracticeItem[]> {
  const members = await deps.stories.members(storyId);
  return members.filter((m) => audience === 'editor' || isPublic(m)).sort(byDate);
}

/** A timeline as the audience sees it (public: approved events only). */
export async function readTimeline(deps: StoryQueryDeps, timelineId: string, audience: Audience): Promise<TimelineView> {
  const stories = await deps.stories.timelineStories(timelineId);
  const events = [];
  for (const story of stories) {
    const members = await visibleMembers(deps, story.id, audience);
    if (members.length) events.push({ storyId: story.id, records: members.map(effectiveRecord) });
  }
  return buildTimeline(timelineId, events);
}

/** One story. The public gets it only while it holds an approved announcement. */
export async function readStory(deps: StoryQueryDeps, id: string, audience: Audience): Promise<StoryRead> {
  const members = await visibleMembers(deps, id, audience);
  const stored = await deps.stories.getStory(id);
  if (members.length === 0 && (audience === 'public' || !stored)) throw new NotFoundError(`story ${id} not found`, { id });
  const story = stored ?? defaultStory(id, members[0]!.extraction.title, members[0]!.createdAt);
  const title = story.title || (members[0] ? effectiveRecord(members[0]).title : '');
  const timeline = story.timelineId ? await readTimeline(deps, story.timelineId, audience) : members.length ? buildTimeline(id, [{ storyId: id, records: members.map(effectiveRecord) }]) : null;
  return { story: { ...story, title }, members, timeline };
}

// ---------------------------------------------------------------------------------------------
// Regions
// ---------------------------------------------------------------------------------------------

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
  return REGIONS.map((region) => {
    const c = counts.get(region.code) ?? { originated: 0, adopted: 0, mentioned: 0 };
    const row = latest.get(region.code);
    return { code: region.code, name: region.name, ...c, latest: row ? { storyId: row.storyId, title: row.title, publishedAt: row.date } : null };
  }).sort((a, b) => (a.code < b.code ? -1 : 1));
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

/** One federal subject: its practices (newest first) with their timelines. `NotFoundError` for an unknown code. */
export async function readRegion(deps: StoryQueryDeps, code: string): Promise<RegionRead> {
  const name = regionNames.get(code);
  if (!name) throw new NotFoundError(`region ${code} not found`, { code });
  const own = await deps.stories.regionRows(code);
  const practices = await practicesOf(deps, own);
  const listed: Array<RegionPractice & { timeline: TimelineView }> = [];
  const counts = { originated: 0, adopted: 0, mentioned: 0 };
  const ordered = [...practices].sort(([, a], [, b]) => (maxDate(b.rows) > maxDate(a.rows) ? 1 : -1));
  for (const [id, { timelineId, rows }] of ordered) {
    const timeline = timelineId ? await readTimeline(deps, timelineId, 'public') : await readStoryTimeline(deps, id);
    // The region's role in the practice as the whole timeline shows it.
    const role: RegionRole = timeline.origins.includes(code) ? 'origin' : timeline.adopters.some((a) => a.region === code) ? 'adopter' : (practiceRoles(rows).get(code) ?? 'mentioned');
    counts[role === 'origin' ? 'originated' : role === 'adopter' ? 'adopted' : 'mentioned'] += 1;
    if (listed.length >= REGION_PRACTICES) continue;
    const latestRow = rows.reduce((a, b) => (b.date > a.date ? b : a));
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

// ---------------------------------------------------------------------------------------------
// Review queue, grouped by story
// ---------------------------------------------------------------------------------------------

/**
 * A page of the review queue with each record's story in its place: a story is listed once, where
 * its oldest queued article stands in the queue, with all its articles, so an editor decides once.
 */
export async function reviewStories(
  deps: StoryQueryDeps & { queries: PracticeQueryRepository },
  filter: ReviewFilter,
  page: PageRequest,
): Promise<Page<StoryRead>> {
  const queue = await deps.queries.listReview(filter, page);
  const status = filter.status ?? 'pending';
  const classified = filter.classified ?? 'positive';
  // With narrower filters an earlier article may be outside the queue: then a story is only listed once per page.
  const narrowed = ['region', 'organisation', 'source', 'topic', 'from', 'to', 'q'].some((k) => filter[k as keyof ReviewFilter] !== undefined);
  const queued = (m: PracticeItem) =>
    m.editorial.status === status && (classified === 'all' || m.extraction.isPracticeAnnouncement === (classified === 'positive'));
  const seen = new Set<string>();
  const items: StoryRead[] = [];
  for (const record of queue.items) {
    const storyId = storyOf(record);
    if (seen.has(storyId)) continue;
    seen.add(storyId);
    const members = (await deps.stories.members(storyId)).sort(byDate);
    // Listed where its first article with the queue's status stands (by creation, as the queue is ordered).
    const first = members.filter(queued).sort((a, b) => (`${a.createdAt}#${a.id}` < `${b.createdAt}#${b.id}` ? -1 : 1))[0];
    if (!narrowed && first && first.id !== record.id && `${first.createdAt}#${first.id}` < `${record.createdAt}#${record.id}`) continue;
    const stored = await deps.stories.getStory(storyId);
    const story = stored ?? defaultStory(storyId, effectiveRecord(members[0] ?? record).title, (members[0] ?? record).createdAt);
    items.push({ story: { ...story, title: story.title || effectiveRecord(members[0] ?? record).title }, members: members.length ? members : [record], timeline: null });
  }
  return { items, next: queue.next };
}

/** Earliest publication among a story's members (ISO), or null. */
export function storyDate(members: readonly PracticeItem[]): string | null {
  const dates = members.map((m) => toUtcIso(effectiveRecord(m).publishedAt)).filter((d): d is string => d !== null).sort();
  return dates[0] ?? null;
}
