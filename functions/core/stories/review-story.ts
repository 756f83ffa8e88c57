import { NotFoundError, ValidationError } from '../errors.js';
import type { Clock, Notifier, PracticeItem, PracticeReviewRepository } from '../ports.js';
import { reviewPractice } from '../practices/review-practice.js';
import { effectiveRecord } from '../practices/practice-identity.js';
import { mergeStories, updateStory } from './merge-stories.js';
import type { StoryRepository } from './story-ports.js';
import { readStory, type StoryRead } from './story-queries.js';
import { answerStoryRequest, storyArticlesState, storyRequestFingerprint } from './story-requests.js';
import { defaultStory, nextStory, storyIdForSplit, type StoryAction, type StoryItem } from './story-record.js';

/** Dependencies of {@link reviewStory}. */
export interface ReviewStoryDeps {
  stories: StoryRepository;
  review: PracticeReviewRepository;
  notifier: Notifier;
  clock: Clock;
}

export interface ReviewStoryInput {
  id: string;
  /** The story version the editor saw (`If-Match`); 0 for a story nothing was decided about yet. */
  expectedVersion: number;
  action: StoryAction;
  actor: string;
  requestToken: string;
}

const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;
const STORY_ID = /^st-[A-Za-z0-9_-]{1,64}$/;

/** Checks a story action against the story's members; throws `ValidationError` naming the field. */
export function validateStoryAction(action: StoryAction, id: string, members: readonly PracticeItem[]): StoryAction {
  const ids = new Set(members.map((m) => m.id));
  switch (action.type) {
    case 'approve': {
      const drop = [...new Set(action.drop)];
      for (const recordId of drop) {
        if (!RECORD_ID.test(recordId) || !ids.has(recordId)) throw new ValidationError(`${recordId} is not an article of story ${id}`, { field: 'drop' });
      }
      if (drop.length === members.length) throw new ValidationError('approving a story needs at least one article kept; reject it instead', { field: 'drop' });
      return { type: 'approve', drop };
    }
    case 'reject': {
      const reason = action.reason.trim();
      if (!reason || reason.length > 2000) throw new ValidationError('a rejection needs a reason of 1 to 2000 characters', { field: 'reason' });
      return { type: 'reject', reason };
    }
    case 'split': {
      const articles = [...new Set(action.articles)];
      if (articles.length === 0) throw new ValidationError('a split names the articles to move', { field: 'articles' });
      for (const recordId of articles) {
        if (!RECORD_ID.test(recordId) || !ids.has(recordId)) throw new ValidationError(`${recordId} is not an article of story ${id}`, { field: 'articles' });
      }
      if (articles.length === members.length) throw new ValidationError('a split must leave at least one article in the story', { field: 'articles' });
      return { type: 'split', articles };
    }
    case 'merge': {
      if (!STORY_ID.test(action.from)) throw new ValidationError('from must be a story id', { field: 'from' });
      if (action.from === id) throw new ValidationError('a story cannot be merged into itself', { field: 'from' });
      return { type: 'merge', from: action.from };
    }
  }
}

/**
 * An editor's decision on a whole story, if the story is still at `expectedVersion`:
 * - approve: every pending article is approved except the dropped ones, which are rejected;
 * - reject: every pending article is rejected with the reason;
 * - split: the named articles move to a new story, and the two are kept apart from then on;
 * - merge: every article of another story moves here.
 * Each article changes in its own transaction with its own history row (as a single-record decision
 * does), then the story's version and history are written with the request token. A retried request
 * with the same token finishes what an interrupted one started and applies nothing twice; a spent
 * token answers only its own request while nothing has changed since (else 412, or 400 on the
 * current version).
 */
export async function reviewStory(deps: ReviewStoryDeps, input: ReviewStoryInput): Promise<StoryRead> {
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 0) {
    throw new ValidationError('expected version must be a non-negative integer', { field: 'If-Match' });
  }
  if (!input.actor.trim()) throw new ValidationError('the editor is unknown', { field: 'actor' });
  const members = await deps.stories.members(input.id);
  const stored = await deps.stories.getStory(input.id);
  if (members.length === 0 || stored?.mergedInto) throw new NotFoundError(`story ${input.id} not found`, { id: input.id, ...(stored?.mergedInto ? { mergedInto: stored.mergedInto } : {}) });
  const current: StoryItem = stored ?? defaultStory(input.id, effectiveRecord(members[0]!).title, members[0]!.createdAt);
  // As for a single practice: a spent token replays only its own request, and only while the story
  // (and its articles) are as that request left them; a stale request is a 412 either way.
  const request = storyRequestFingerprint(input.expectedVersion, input.action);
  const spent = await deps.stories.storyRequest(input.id, input.requestToken);
  if (answerStoryRequest(spent, request, { id: input.id, version: current.version, articles: storyArticlesState(members) }, input.expectedVersion) === 'replay') {
    return readStory(deps, input.id, 'editor');
  }
  const at = deps.clock.now().toISOString();
  const action = validateStoryAction(input.action, input.id, members);
  const token = (recordId: string) => `${input.requestToken}:${recordId}`;
  let changes: Partial<StoryItem> = {};
  let historyChanges: Record<string, { from: unknown; to: unknown }> = {};
  let reason: string | null = null;
  switch (action.type) {
    case 'approve':
    case 'reject': {
      const decided: string[] = [];
      for (const member of members) {
        const drop = action.type === 'reject' || action.drop.includes(member.id);
        if (drop ? member.editorial.status === 'rejected' : member.editorial.status !== 'pending') continue;
        const recordAction = drop
          ? { type: 'reject' as const, reason: action.type === 'reject' ? action.reason : `dropped from story ${input.id}` }
          : { type: 'approve' as const };
        await reviewPractice(
          { repository: deps.review, notifier: deps.notifier, clock: deps.clock },
          { id: member.id, expectedVersion: member.editorial.version, action: recordAction, actor: input.actor, requestToken: token(member.id) },
        );
        decided.push(`${member.id}:${drop ? 'rejected' : 'approved'}`);
      }
      historyChanges = { articles: { from: null, to: decided } };
      reason = action.type === 'reject' ? action.reason : null;
      break;
    }
    case 'split': {
      const newId = storyIdForSplit(input.id, action.articles);
      for (const recordId of action.articles) {
        await deps.stories.moveRecord({ id: recordId, storyId: newId, actor: input.actor, at, reason: `split from story ${input.id}`, requestToken: token(recordId) });
      }
      const moved = members.filter((m) => action.articles.includes(m.id));
      // The new story's id comes from the articles: splitting the same ones off again after they were
      // merged back finds the earlier story, marked merged; it comes back, or they would be hidden in it.
      await updateStory(deps.stories, newId, () => defaultStory(newId, effectiveRecord(moved[0]!).title, at), (existing) =>
        existing.version === 0 || existing.mergedInto
          ? {
              changes: { mergedInto: null, keptApart: [...new Set([...existing.keptApart, input.id])], timelineId: current.timelineId },
              entry: {
                at,
                actor: input.actor,
                action: 'split',
                changes: {
                  articles: { from: null, to: action.articles },
                  splitFrom: { from: null, to: input.id },
                  ...(existing.mergedInto ? { mergedInto: { from: existing.mergedInto, to: null } } : {}),
                },
                reason: null,
              },
            }
          : null,
      );
      changes = { keptApart: [...new Set([...current.keptApart, newId])] };
      historyChanges = { articles: { from: action.articles, to: null }, keptApart: { from: current.keptApart, to: changes.keptApart } };
      break;
    }
    case 'merge': {
      const from = await deps.stories.members(action.from);
      if (from.length === 0) throw new NotFoundError(`story ${action.from} not found`, { id: action.from });
      await mergeStories(deps.stories, action.from, input.id, input.actor, at, `merged by ${input.actor}`, input.requestToken);
      const source = await deps.stories.getStory(action.from);
      changes = {
        keptApart: current.keptApart.filter((other) => other !== action.from),
        ...(current.timelineId === null && source?.timelineId ? { timelineId: source.timelineId } : {}),
      };
      historyChanges = { articles: { from: null, to: from.map((m) => m.id) }, mergedFrom: { from: null, to: action.from } };
      break;
    }
  }
  // The article moves above may have written the story (a merge carries a timeline over): plan on the latest.
  const latest = (await deps.stories.getStory(input.id)) ?? current;
  const { story, history } = nextStory(latest, changes, { at, actor: input.actor, action: action.type, changes: historyChanges, reason });
  // The articles as this request leaves them, for its replays. A merge's new members may reach the
  // membership index late, so a merge records none and its replays rest on the story's version.
  const articles = action.type === 'merge' ? undefined : storyArticlesState(await deps.stories.members(input.id));
  await deps.stories.putStory(story, latest.version, history, { token: input.requestToken, request, ...(articles ? { articles } : {}) });
  return readStory(deps, input.id, 'editor');
}
