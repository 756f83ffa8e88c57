import { NotFoundError } from '../errors.js';
import { inUncertainQueue } from '../learning/uncertainty.js';
import type { ExtractionRecord } from '../model.js';
import type { Page, PageRequest, PracticeItem, PracticeQueryRepository, ReviewFilter } from '../ports.js';
import { effectiveRecord, isPublic } from '../practices/practice-identity.js';
import type { StoryRepository } from './story-ports.js';
import { defaultStory, mergedRegionRoles, recordDate, storyOf, utcIso, type StoryItem } from './story-record.js';
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

/** The story's merged content: distinct practices, regions with their strongest role, organisations. */
export function mergedContent(members: readonly PracticeItem[]): Pick<ExtractionRecord, 'practices' | 'regions' | 'organisations'> {
  const records = members.map(effectiveRecord);
  const practices = new Map<string, { name: string }>();
  for (const record of records) for (const p of record.practices) if (!practices.has(p.name.toLowerCase())) practices.set(p.name.toLowerCase(), { name: p.name });
  const organisations = new Map<string, { id: string; name: string }>();
  for (const record of records) for (const o of record.organisations) if (!organisations.has(o.id)) organisations.set(o.id, { id: o.id, name: o.name });
  const names = new Map(records.flatMap((r) => r.regions.map((region) => [region.code, region.name] as const)));
  const regions = [...mergedRegionRoles(records)].map(([code, role]) => ({ code, name: names.get(code) ?? code, role }));
  return { practices: [...practices.values()], regions, organisations: [...organisations.values()] };
}

function byDate(a: PracticeItem, b: PracticeItem): number {
  const x = recordDate(a);
  const y = recordDate(b);
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
}

/** The members an audience sees, in publication order. */
export async function visibleMembers(deps: StoryQueryDeps, storyId: string, audience: Audience): Promise<PracticeItem[]> {
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
    m.editorial.status === status &&
    (classified === 'all' || (classified === 'uncertain' ? inUncertainQueue(m) : m.extraction.isPracticeAnnouncement === (classified === 'positive')));
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
  const dates = members.map((m) => utcIso(effectiveRecord(m).publishedAt)).filter((d): d is string => d !== null).sort();
  return dates[0] ?? null;
}
