/**
 * The shapes of story-level state, with no runtime code: readable by the console's type check,
 * which sees no Node modules (`story-record.ts` holds the rules and re-exports these).
 */

/** Story-level state, kept apart from the records. */
export interface StoryItem {
  id: string;
  /** Title of the article that founded the story (for lists and feeds). */
  title: string;
  /** The practice timeline the story is an event of, or null. */
  timelineId: string | null;
  /** Stories an editor split this one from: the machine never merges them again. */
  keptApart: string[];
  /** Set when an editor or a bridging article merged this story into another. */
  mergedInto: string | null;
  /** Why articles joined (newest last, at most {@link MAX_LINK_NOTES}). */
  links: StoryLinkNote[];
  /** Optimistic-locking version; 0 for a story with no stored item. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoryLinkNote {
  recordId: string;
  linkedTo: string;
  probability: number;
  reasons: string[];
  at: string;
}

/** One row of a story's append-only history. */
export interface StoryHistoryEntry {
  storyId: string;
  at: string;
  actor: string;
  action: 'created' | 'linked' | 'merged' | 'timeline' | StoryActionType;
  changes: Record<string, { from: unknown; to: unknown }>;
  version: number;
  reason?: string | null;
}

export type StoryActionType = 'approve' | 'reject' | 'split' | 'merge';

/** What an editor can do to a story. */
export type StoryAction =
  /** Approves every pending article except those dropped; dropped ones are rejected. */
  | { type: 'approve'; drop: string[] }
  | { type: 'reject'; reason: string }
  /** Moves the listed articles into a new story, kept apart from this one. */
  | { type: 'split'; articles: string[] }
  /** Moves every article of another story into this one. */
  | { type: 'merge'; from: string };
