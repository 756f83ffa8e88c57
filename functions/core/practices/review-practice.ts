import { ValidationError } from '../errors.js';
import type { Clock, EditorAction, Notifier, PracticeItem, PracticeReviewRepository } from '../ports.js';
import { validateEditorAction } from './editor-action-rules.js';
import { isPublic } from './practice-identity.js';

export { MAX_EDIT_BYTES, OVERRIDE_FIELD_SCHEMAS, validateEditorAction } from './editor-action-rules.js';

/** Dependencies of {@link reviewPractice}. */
export interface ReviewPracticeDeps {
  repository: PracticeReviewRepository;
  notifier: Notifier;
  clock: Clock;
}

/** An editor's request: act on record `id` if it is still at `expectedVersion` (from `If-Match`). */
export interface ReviewPracticeInput {
  id: string;
  expectedVersion: number;
  action: EditorAction;
  actor: string;
  /** Idempotency key of the request: the same token applies the action at most once. */
  requestToken: string;
}

/**
 * Applies one editor action: validates it, writes it with its history row in one transaction
 * (`VersionConflictError` with the current version when `expectedVersion` is stale), then
 * announces approvals through the notifier, whose failures never undo the decision.
 */
export async function reviewPractice(deps: ReviewPracticeDeps, input: ReviewPracticeInput): Promise<PracticeItem> {
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) {
    throw new ValidationError('expected version must be a positive integer', { field: 'If-Match' });
  }
  if (!input.actor.trim()) throw new ValidationError('the editor is unknown', { field: 'actor' });
  if (!input.requestToken.trim()) throw new ValidationError('a request token is required', { field: 'requestToken' });
  const action = validateEditorAction(input.action);
  const at = deps.clock.now().toISOString();
  const item = await deps.repository.applyEditorAction({ ...input, action, at });
  // Only what the public can see is announced: approving a record that is not an announcement stays quiet.
  if (action.type === 'approve' && isPublic(item)) {
    try {
      await deps.notifier.publish({
        type: 'practice.approved',
        practiceId: item.id,
        title: item.editorial.overrides.title ?? item.extraction.title,
        reviewer: item.editorial.reviewer ?? input.actor,
        at: item.editorial.reviewedAt ?? at,
      });
    } catch {
      // The Notifier contract says it must not throw; a broken one must still not undo an approval.
    }
  }
  return item;
}
