import * as z from 'zod';
import { ValidationError } from '../errors.js';
import { REGION_ROLES, type OverridableField } from '../model.js';
import type { Clock, EditorAction, Notifier, PracticeItem, PracticeReviewRepository } from '../ports.js';

const text = z.string().trim().min(1).max(500);
const OVERRIDE_SCHEMAS: { [K in OverridableField]: z.ZodType } = {
  title: z.string().trim().min(1).max(2000),
  lead: z.string().trim().max(5000).nullable(),
  isPracticeAnnouncement: z.boolean(),
  practices: z.array(z.object({ name: text }).strict()).max(50),
  regions: z
    .array(z.object({ code: z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/), name: text, role: z.enum(REGION_ROLES) }).strict())
    .max(50),
  organisations: z.array(z.object({ id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/), name: text }).strict()).max(50),
  people: z.array(z.object({ name: text, role: z.string().max(500).nullable() }).strict()).max(50),
  platforms: z.array(z.object({ id: z.string().min(1).max(100), name: text }).strict()).max(50),
  figures: z.array(z.object({ value: z.number().finite(), text: z.string().max(500) }).strict()).max(50),
  topics: z.array(z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)).max(50),
  publishedAt: z
    .string()
    .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)), 'an ISO 8601 date-time with offset')
    .nullable(),
};

/** Checks an editor action against the model; throws `ValidationError` naming the bad field. */
export function validateEditorAction(action: EditorAction): EditorAction {
  switch (action.type) {
    case 'approve':
      return { type: 'approve' };
    case 'reject': {
      const reason = typeof action.reason === 'string' ? action.reason.trim() : '';
      if (!reason) throw new ValidationError('a rejection needs a non-empty reason', { field: 'reason' });
      if (reason.length > 2000) throw new ValidationError('the reason is longer than 2000 characters', { field: 'reason' });
      return { type: 'reject', reason };
    }
    case 'set-announcement':
      if (typeof action.value !== 'boolean') throw new ValidationError('value must be true or false', { field: 'value' });
      return { type: 'set-announcement', value: action.value };
    case 'edit': {
      const entries = Object.entries(action.overrides ?? {});
      if (entries.length === 0) throw new ValidationError('an edit needs at least one field', { field: 'overrides' });
      const overrides: Record<string, unknown> = {};
      for (const [field, value] of entries) {
        const schema = OVERRIDE_SCHEMAS[field as OverridableField];
        if (!schema) throw new ValidationError(`${field} cannot be overridden`, { field });
        if (value === null) {
          overrides[field] = null;
          continue;
        }
        const parsed = schema.safeParse(value);
        if (!parsed.success) throw new ValidationError(`${field}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`, { field });
        overrides[field] = parsed.data;
      }
      return { type: 'edit', overrides: overrides as Extract<EditorAction, { type: 'edit' }>['overrides'] };
    }
    default:
      throw new ValidationError('unknown action', { field: 'type' });
  }
}

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
  if (action.type === 'approve' && item.editorial.status === 'approved') {
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
