import { createHash } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { EditorAction } from '../ports.js';
import type { StoryAction } from '../stories/story-types.js';

/**
 * What one editor request asks for (the version it edits and the action), as a short digest kept
 * beside its request token. A token only replays the request it was issued for: the same
 * Idempotency-Key sent with another action or another If-Match is a new request, so it meets the
 * version check (412) instead of receiving the earlier request's answer. Used for practices and,
 * with the story's version and action, for stories.
 */
export function editorRequestFingerprint(expectedVersion: number, action: EditorAction | StoryAction): string {
  return createHash('sha256').update(JSON.stringify([expectedVersion, action])).digest('base64url').slice(0, 22);
}

/** The refusal of a request token (Idempotency-Key) already spent on a different request to the same record or story. */
export function idempotencyKeyReused(target: 'practice' | 'story' = 'practice'): ValidationError {
  return new ValidationError(`this Idempotency-Key was already used for a different request on this ${target}; send a new key`, { header: 'Idempotency-Key' });
}
