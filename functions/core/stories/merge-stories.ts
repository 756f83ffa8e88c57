import { VersionConflictError } from '../errors.js';
import type { StoryRepository } from './story-ports.js';
import { defaultStory, nextStory, type StoryHistoryEntry, type StoryItem } from './story-record.js';

/** Story writes shared by ingestion (a bridging article) and editors (merge): no linking model needed. */

const WRITE_ATTEMPTS = 4;

/** Reads, changes and writes a story item, retrying when another writer got there first. */
export async function updateStory(
  stories: StoryRepository,
  id: string,
  fallback: () => StoryItem,
  change: (story: StoryItem) => { changes: Partial<StoryItem>; entry: Omit<StoryHistoryEntry, 'storyId' | 'version'> } | null,
): Promise<StoryItem> {
  for (let attempt = 1; ; attempt += 1) {
    const current = (await stories.getStory(id)) ?? fallback();
    const planned = change(current);
    if (!planned) return current;
    const { story, history } = nextStory(current, planned.changes, planned.entry);
    try {
      return await stories.putStory(story, current.version, history);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= WRITE_ATTEMPTS) throw error;
    }
  }
}

/** Moves every record of `from` into `into`, marks `from` as merged, and carries its timeline over. */
export async function mergeStories(stories: StoryRepository, from: string, into: string, actor: string, at: string, reason: string, requestToken = `merge:${from}:${into}`): Promise<void> {
  for (const member of await stories.members(from)) {
    await stories.moveRecord({ id: member.id, storyId: into, actor, at, reason, requestToken: `${requestToken}:${member.id}` });
  }
  const source = await stories.getStory(from);
  await updateStory(stories, from, () => defaultStory(from, '', at), (story) =>
    story.mergedInto === into
      ? null
      : {
          changes: { mergedInto: into, timelineId: null },
          entry: { at, actor, action: 'merged', changes: { mergedInto: { from: story.mergedInto, to: into } }, reason },
        },
  );
  const timelineId = source?.timelineId;
  if (timelineId) {
    await updateStory(stories, into, () => defaultStory(into, '', at), (story) =>
      story.timelineId ? null : { changes: { timelineId }, entry: { at, actor, action: 'timeline', changes: { timelineId: { from: null, to: timelineId } }, reason: `merged with ${from}` } },
    );
  }
}

