import { createHash } from 'node:crypto';
import { VersionConflictError } from '../errors.js';
import type { PracticeItem } from '../ports.js';
import { editorRequestFingerprint, idempotencyKeyReused } from '../practices/request-fingerprint.js';
import type { StoryAction } from './story-types.js';

/**
 * An editor request token on file for a story: the story version its request produced, the
 * request's fingerprint and the state of the story's articles it left. Rows written before a field
 * existed lack it, and count as matching.
 */
export interface SpentStoryRequest {
  version: number;
  request?: string | undefined;
  articles?: string | undefined;
}

/** What a story write stores beside its request token (see {@link SpentStoryRequest}). */
export interface StoryRequestToken {
  token: string;
  request: string;
  articles?: string;
}

/**
 * The fingerprint of a story request: its If-Match and its action, with the article lists read as
 * sets (`drop: [a, b]` and `drop: [b, a]` are one request), through the practices' fingerprint.
 */
export function storyRequestFingerprint(expectedVersion: number, action: StoryAction): string {
  const set = (ids: readonly string[]) => [...new Set(ids)].sort();
  switch (action.type) {
    case 'approve':
      return editorRequestFingerprint(expectedVersion, { type: 'approve', drop: set(action.drop) });
    case 'reject':
      return editorRequestFingerprint(expectedVersion, { type: 'reject', reason: action.reason.trim() });
    case 'split':
      return editorRequestFingerprint(expectedVersion, { type: 'split', articles: set(action.articles) });
    case 'merge':
      return editorRequestFingerprint(expectedVersion, action);
  }
}

/**
 * The state of a story's articles (which records, at which versions): a story's own version does
 * not move when one of its articles is decided alone, so a replay also needs the articles as the
 * request left them before it may answer with the story's current body.
 */
export function storyArticlesState(members: readonly PracticeItem[]): string {
  const rows = members.map((m) => `${m.id}@${m.editorial.version}`).sort();
  return createHash('sha256').update(rows.join('\n')).digest('base64url').slice(0, 22);
}

/**
 * Decides a story request against the token on file: `'replay'` when it is the same request and
 * nothing has changed since it was applied (the story at the version it produced, and, when
 * `articles` is given, its articles as it left them), `'apply'` when the token is unspent and the
 * story is at `expectedVersion`. Otherwise throws `VersionConflictError` with the current version
 * (a stale request, replayed or not), or, on the current version, `ValidationError` naming
 * Idempotency-Key (a spent token sent with a different request).
 */
export function answerStoryRequest(
  spent: SpentStoryRequest | null,
  request: string,
  story: { id: string; version: number; articles?: string },
  expectedVersion: number,
): 'replay' | 'apply' {
  if (spent) {
    const sameRequest = spent.request === undefined || spent.request === request;
    const sameArticles = spent.articles === undefined || story.articles === undefined || spent.articles === story.articles;
    if (sameRequest && sameArticles && spent.version === story.version) return 'replay';
  }
  if (story.version !== expectedVersion) {
    throw new VersionConflictError(`story ${story.id} is at version ${story.version}, not ${expectedVersion}`, { id: story.id, currentVersion: story.version });
  }
  if (spent) throw idempotencyKeyReused('story');
  return 'apply';
}
