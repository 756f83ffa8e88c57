import type { ExtractionRecord } from '../model.js';
import type { Clock, PracticeItem } from '../ports.js';
import { effectiveRecord } from '../practices/practice-identity.js';
import { assignStory, linkPractice, type StoryAssignment } from './clustering.js';
import { STORY_WINDOW_DAYS } from './features.js';
import { profileOf, type ArticleProfile } from './profile.js';
import type { StoryRepository } from './story-ports.js';
import { mergeStories, updateStory } from './merge-stories.js';
import { defaultStory, linkKeys, storyIdForRecord, storyOf, timelineIdForStory } from './story-record.js';

/** What story linking at ingestion talks to. */
export interface StoryLinkingDeps {
  stories: StoryRepository;
  clock: Clock;
}

/** Link candidates scored per arriving article (the rest are ranked out by shared keys). */
const CANDIDATES = 40;
/** Announcements of the same regions compared for practice timelines. */
const PRACTICE_CANDIDATES = 60;
/**
 * A story's own articles compared for practice timelines: its newest ones (the arriving article
 * among them). Reading and scoring every member made each link cost grow with the story (a practice
 * adopted by dozens of regions gathers hundreds of articles); the newest dozen carry its regions
 * and its practice as well, and a story this small or smaller is compared exactly as before.
 */
export const TIMELINE_MEMBERS = 12;

/** The story choice for a new record, to be written with it. */
export interface StoryChoice {
  storyId: string;
  assignment: StoryAssignment;
}

/**
 * Before a new record is written: the story it joins. Its link candidates are the stored records
 * sharing people, telling figures or regions with it within the story window; the best-linked story
 * wins, and stories the article bridges are merged afterwards ({@link completeStoryLinking}).
 */
export async function chooseStory(deps: StoryLinkingDeps, recordId: string, record: ExtractionRecord): Promise<StoryChoice> {
  const profile = profileOf(recordId, record);
  const around = record.publishedAt ?? deps.clock.now().toISOString();
  const candidates = (await deps.stories.findLinkCandidates(linkKeys(record), around, STORY_WINDOW_DAYS, CANDIDATES)).filter((c) => c.id !== recordId);
  const members = candidates.map((item) => ({ profile: profileOf(item.id, effectiveRecord(item)), storyId: storyOf(item) }));
  const sizes = new Map<string, number>();
  for (const member of members) sizes.set(member.storyId, (sizes.get(member.storyId) ?? 0) + 1);
  const items = new Map((await deps.stories.getStories([...sizes.keys()])).map((story) => [story.id, story]));
  const assignment = assignStory(profile, members, {
    sizes,
    keptApart: (a, b) => Boolean(items.get(a)?.keptApart.includes(b) || items.get(b)?.keptApart.includes(a)),
  });
  return { storyId: assignment.storyId ?? storyIdForRecord(recordId), assignment };
}

/**
 * After the new record is written: merges the stories it bridged into the one it joined, notes why
 * it joined, and, for an announcement, puts the story on its practice's timeline (linking it to
 * earlier stories of the same practice: selected, awarded, adopted elsewhere).
 */
export async function completeStoryLinking(deps: StoryLinkingDeps, item: PracticeItem, choice: StoryChoice): Promise<void> {
  const at = deps.clock.now().toISOString();
  let target = choice.storyId;
  for (const merged of choice.assignment.merge) await mergeStories(deps.stories, merged, target, 'system', at, `bridged by ${item.id}`);
  if (choice.assignment.storyId === null) target = await joinConcurrentTelling(deps, item, target, at);
  const notes = choice.assignment.links.slice(0, 3).map((link) => ({ recordId: item.id, linkedTo: link.articleId, probability: link.decision.probability, reasons: link.decision.reasons.slice(0, 6), at }));
  const title = effectiveRecord(item).title;
  await updateStory(deps.stories, target, () => defaultStory(target, title, at), (story) => ({
    changes: { links: [...story.links, ...notes] },
    entry: {
      at,
      actor: 'system',
      action: story.version === 0 ? 'created' : 'linked',
      changes: { articles: { from: null, to: item.id } },
      reason: notes[0] ? notes[0].reasons.slice(0, 3).join('; ') : null,
    },
  }));
  if (effectiveRecord(item).isPracticeAnnouncement) await linkTimeline(deps, target, at);
}

/**
 * An article that started a story of its own looks again once it is stored: a telling of the same news
 * written at the same moment (two sources fetched together) was not yet there to be found before. If one
 * links now, the two stories become one, the later-named merged into the earlier so that both articles,
 * each looking again, make the same move. Returns the story the article ends in.
 */
async function joinConcurrentTelling(deps: StoryLinkingDeps, item: PracticeItem, own: string, at: string): Promise<string> {
  const again = await chooseStory(deps, item.id, effectiveRecord(item));
  const other = again.assignment.storyId;
  if (other === null || other === own) return own;
  const stories = await deps.stories.getStories([own, other]);
  // The other article may have made the move already: the article then is in the story its own went into.
  const ownStory = stories.find((story) => story.id === own);
  if (ownStory?.mergedInto) return ownStory.mergedInto;
  if (stories.some((story) => story.keptApart.includes(own) || story.keptApart.includes(other) || story.mergedInto)) return own;
  const [into, from] = [own, other].sort() as [string, string];
  await mergeStories(deps.stories, from, into, 'system', at, `told at the same time as ${item.id}`);
  return into;
}

function profilesOf(items: readonly PracticeItem[]): ArticleProfile[] {
  return items.map((item) => profileOf(item.id, effectiveRecord(item)));
}

/**
 * Puts a story on a practice timeline: compares its newest announcements ({@link TIMELINE_MEMBERS})
 * with earlier announcements of the same regions (any date), and joins the timeline of the stories of the same practice, founding one
 * when none has a timeline yet. Timelines the story bridges are merged into the oldest.
 */
export async function linkTimeline(deps: StoryLinkingDeps, storyId: string, at: string): Promise<string | null> {
  const members = await deps.stories.members(storyId, { newest: TIMELINE_MEMBERS });
  const regions = [...new Set(members.flatMap((m) => effectiveRecord(m).regions.map((r) => r.code)))];
  if (regions.length === 0) return null;
  const candidates = (await deps.stories.findPracticeCandidates(regions, PRACTICE_CANDIDATES)).filter((c) => storyOf(c) !== storyId);
  const byStory = new Map<string, PracticeItem[]>();
  for (const candidate of candidates) byStory.set(storyOf(candidate), [...(byStory.get(storyOf(candidate)) ?? []), candidate]);
  const own = { storyId, articles: profilesOf(members) };
  const linked = [...byStory].filter(([id, items]) => linkPractice(own, { storyId: id, articles: profilesOf(items) }) !== null).map(([id]) => id);
  if (linked.length === 0) return (await deps.stories.getStory(storyId))?.timelineId ?? null;
  const stories = await deps.stories.getStories([storyId, ...linked]);
  const timelines = [...new Set(stories.map((s) => s.timelineId).filter((t): t is string => t !== null))].sort();
  const oldest = [...stories].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1))[0];
  const timelineId = timelines[0] ?? timelineIdForStory(oldest?.id ?? linked.sort()[0]!);
  const toMove = new Set([storyId, ...linked]);
  for (const other of timelines.slice(1)) for (const story of await deps.stories.timelineStories(other)) toMove.add(story.id);
  for (const id of [...toMove].sort()) {
    await updateStory(deps.stories, id, () => defaultStory(id, '', at), (story) =>
      story.timelineId === timelineId || story.mergedInto
        ? null
        : { changes: { timelineId }, entry: { at, actor: 'system', action: 'timeline', changes: { timelineId: { from: story.timelineId, to: timelineId } }, reason: `same practice as ${storyId}` } },
    );
  }
  return timelineId;
}
