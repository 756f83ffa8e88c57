import type { Page, PageRequest, PracticeItem } from '../ports.js';
import type { RegionRow, StoryHistoryEntry, StoryItem } from './story-record.js';
import type { SpentStoryRequest, StoryRequestToken } from './story-requests.js';

/**
 * Stories in storage, beside the practice records (the same table, the same transactions). Every
 * read is served by a key or an index; writes are versioned (`VersionConflictError` with the current
 * version) and, for editors, idempotent by request token.
 */
export interface StoryRepository {
  /**
   * Records findable by any of `keys` (see `linkKeys`) placed within `windowDays` of `around`, the
   * ones sharing the most telling keys first, at most `limit`.
   */
  findLinkCandidates(keys: readonly string[], around: string, windowDays: number, limit: number): Promise<PracticeItem[]>;
  /** Announcement records naming any of `regions`, newest first, at most `limit` (practice timelines). */
  findPracticeCandidates(regions: readonly string[], limit: number): Promise<PracticeItem[]>;
  /**
   * The records of a story, oldest first (at most `MAX_STORY_MEMBERS`); with `newest`, only the
   * `newest` most recently created ones (still oldest first), so that a caller running on every
   * ingested article reads a bounded number of records however large the story grows.
   */
  members(storyId: string, options?: { newest?: number }): Promise<PracticeItem[]>;
  getStory(id: string): Promise<StoryItem | null>;
  getStories(ids: readonly string[]): Promise<StoryItem[]>;
  /**
   * Writes a story item if the stored one is still at `expectedVersion` (0: none stored), with its
   * history row; with `request`, its token row too (the version written, the request's fingerprint
   * and articles state), and a write whose token is spent is decided by `answerStoryRequest`: the
   * same request on the version it produced is a no-op returning the stored item, anything else a
   * `VersionConflictError` or, on the current version, a `ValidationError` naming Idempotency-Key.
   * Throws `VersionConflictError`.
   */
  putStory(story: StoryItem, expectedVersion: number, history: StoryHistoryEntry, request?: StoryRequestToken): Promise<StoryItem>;
  /** The editor request spent with `requestToken` on the story, or null if none was. */
  storyRequest(id: string, requestToken: string): Promise<SpentStoryRequest | null>;
  /** The stories of a timeline, oldest first. */
  timelineStories(timelineId: string): Promise<StoryItem[]>;
  /**
   * Moves a record to `storyId` (version + 1, a history row `story`), idempotent by request token;
   * a no-op when the record is there already.
   */
  moveRecord(input: { id: string; storyId: string; actor: string; at: string; reason: string; requestToken: string }): Promise<PracticeItem>;
  /** Rows of the per-region view of public records, all regions or one (newest first), bounded. */
  regionRows(code?: string): Promise<RegionRow[]>;
  storyHistory(id: string, page: PageRequest): Promise<Page<StoryHistoryEntry>>;
}
