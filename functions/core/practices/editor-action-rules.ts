import * as z from 'zod/mini';
import { ValidationError } from '../errors.js';
import { REGION_ROLES, type OverridableField } from '../model.js';
import type { EditorAction } from '../ports.js';
import {
  ID_PATTERN,
  isCalendarDateTime,
  isStorableFigure,
  isWellFormedText,
  ISO_DATE_TIME_PATTERN,
  MAX_FIGURE_MAGNITUDE,
  MAX_ID_LENGTH,
  MIN_FIGURE_MAGNITUDE,
  REGION_CODE_PATTERN,
  WELL_FORMED_TEXT_RULE,
} from '../validation.js';
// Before any schema here is built: English messages, as zod's classic API gives them.
import '../zod-setup.js';

// The rules of an editor's action, apart from the use case: the API's schemas (and the console's
// types, checked without node's types) import them, so this file needs nothing from node.

const WELL_FORMED = `must be ${WELL_FORMED_TEXT_RULE}`;
/** Text an editor types: trimmed, bounded, well-formed Unicode; not empty unless `min` is 0. */
const text = (max: number, min = 1) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max), z.refine(isWellFormedText, WELL_FORMED));
const catalogueId = z.string().check(z.maxLength(MAX_ID_LENGTH), z.regex(ID_PATTERN, `a kebab-case id of at most ${MAX_ID_LENGTH} characters`));
const MAX_LIST = 50;
const list = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.maxLength(MAX_LIST));

/**
 * What an editor may store in each overridable field (`null` in an edit removes the override). Every limit is one that storage or a later
 * step needs (ids become listing keys, numbers must be storable, dates must exist), so that any
 * accepted edit leaves a record that can still be approved and published. The API's schemas and
 * its OpenAPI document are built from these.
 */
export const OVERRIDE_FIELD_SCHEMAS = {
  title: text(2000),
  lead: text(5000, 0),
  isPracticeAnnouncement: z.boolean(),
  practices: list(z.strictObject({ name: text(500) })),
  regions: list(z.strictObject({ code: z.string().check(z.regex(REGION_CODE_PATTERN, 'an ISO 3166-2:RU code such as RU-MOW')), name: text(500), role: z.enum(REGION_ROLES) })),
  organisations: list(z.strictObject({ id: catalogueId, name: text(500) })),
  people: list(z.strictObject({ name: text(500), role: z.nullable(text(500, 0)) })),
  platforms: list(z.strictObject({ id: catalogueId, name: text(500) })),
  figures: list(
    z.strictObject({
      value: z
        .number()
        .check(
          z.minimum(-MAX_FIGURE_MAGNITUDE),
          z.maximum(MAX_FIGURE_MAGNITUDE),
          z.refine(isStorableFigure, `must be 0 or between ${MIN_FIGURE_MAGNITUDE} and ${MAX_FIGURE_MAGNITUDE} in magnitude`),
          z.meta({ description: `0, or a magnitude between ${MIN_FIGURE_MAGNITUDE} and ${MAX_FIGURE_MAGNITUDE}` }),
        ),
      text: text(500, 0),
    }),
  ),
  topics: list(catalogueId),
  publishedAt: z
    .string()
    .check(z.regex(ISO_DATE_TIME_PATTERN, 'an ISO 8601 date-time with offset'), z.refine(isCalendarDateTime, 'not a real date and time'), z.meta({ format: 'date-time' })),
} satisfies { [K in OverridableField]: z.ZodMiniType };

/** Serialised size one edit may add: several of them together still fit DynamoDB's 400 KB item with the audit row. */
export const MAX_EDIT_BYTES = 64 * 1024;

/** Checks an editor action against the model; throws `ValidationError` naming the bad field. */
export function validateEditorAction(action: EditorAction): EditorAction {
  switch (action.type) {
    case 'approve':
      return { type: 'approve' };
    case 'reject': {
      const reason = typeof action.reason === 'string' ? action.reason.trim() : '';
      if (!reason) throw new ValidationError('a rejection needs a non-empty reason', { field: 'reason' });
      if (reason.length > 2000) throw new ValidationError('the reason is longer than 2000 characters', { field: 'reason' });
      if (!isWellFormedText(reason)) throw new ValidationError(`the reason must be ${WELL_FORMED_TEXT_RULE}`, { field: 'reason' });
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
        const schema = Object.hasOwn(OVERRIDE_FIELD_SCHEMAS, field) ? (OVERRIDE_FIELD_SCHEMAS[field as OverridableField] as z.ZodMiniType) : undefined;
        if (!schema) throw new ValidationError(`${field} cannot be overridden`, { field });
        if (value === null) {
          overrides[field] = null;
          continue;
        }
        const parsed = schema.safeParse(value);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const where = [field, ...(issue?.path ?? []).map(String)].join('.');
          throw new ValidationError(`${where}: ${issue?.message ?? 'invalid value'}`, { field: where });
        }
        overrides[field] = parsed.data;
      }
      if (new TextEncoder().encode(JSON.stringify(overrides)).length > MAX_EDIT_BYTES) {
        throw new ValidationError(`an edit may hold at most ${MAX_EDIT_BYTES} bytes of overrides`, { field: 'overrides' });
      }
      return { type: 'edit', overrides: overrides as Extract<EditorAction, { type: 'edit' }>['overrides'] };
    }
    default:
      throw new ValidationError('unknown action', { field: 'type' });
  }
}
