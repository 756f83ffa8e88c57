/**
 * The rules every value must meet before it reaches storage, in one place: the API's zod schemas
 * (and so the OpenAPI document) and the core use cases apply the same ones. Each rule exists
 * because something downstream breaks without it: DynamoDB key and number limits, listing keys
 * built from ids, calendar arithmetic on dates.
 */

/** Largest page a listing returns. */
export const MAX_PAGE_SIZE = 100;

/** Catalogue ids (organisations, topics, platforms, sources): kebab-case. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest id: ids become parts of listing keys, and DynamoDB sort keys stop at 1 KB. */
export const MAX_ID_LENGTH = 64;
/** ISO 3166-2:RU codes as stored (upper case), e.g. `RU-MOW`. */
export const REGION_CODE_PATTERN = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

/**
 * Largest magnitude of a figure's value. DynamoDB refuses numbers beyond 38 digits or outside
 * 1e-130…1e126, and the SDK refuses integers beyond 2^53; no figure in the news comes near 1e15.
 */
export const MAX_FIGURE_MAGNITUDE = 1e15;
/** Smallest non-zero magnitude of a figure's value (subnormal floats are not storable numbers). */
export const MIN_FIGURE_MAGNITUDE = 1e-6;

/** True for a finite number DynamoDB and the SDK store exactly as given. */
export function isStorableFigure(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const magnitude = Math.abs(value);
  return magnitude === 0 || (magnitude >= MIN_FIGURE_MAGNITUDE && magnitude <= MAX_FIGURE_MAGNITUDE);
}

/** `YYYY-MM-DD`. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
/** `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `Z` or `±HH:MM`. */
export const ISO_DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

const daysIn = (year: number, month: number) => [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;

/**
 * The instant (epoch ms) of an ISO date or date-time when every part of it is real, else null.
 * `Date.parse` alone is not enough: it rolls `2023-02-30` over to 2 March and `24:00` to the next day.
 */
export function parseIsoInstant(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi, s, oh, om] = match.map((part) => (part === undefined ? undefined : Number(part)));
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > daysIn(y!, mo!)) return null;
  if (h !== undefined && (h > 23 || mi! > 59 || (s ?? 0) > 59)) return null;
  if (oh !== undefined && (oh > 23 || om! > 59)) return null;
  const ms = Date.parse(value);
  // An offset can carry 0000-01-01 or 9999-12-31 out of four-digit years, where ISO strings stop sorting.
  return Number.isNaN(ms) || ms < FIRST_INSTANT || ms > LAST_INSTANT ? null : ms;
}

const FIRST_INSTANT = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** True for an ISO date (`YYYY-MM-DD`) that exists in the calendar. */
export const isCalendarDate = (value: string): boolean => ISO_DATE_PATTERN.test(value) && parseIsoInstant(value) !== null;

/** True for an ISO date-time with an offset whose every part is real. */
export const isCalendarDateTime = (value: string): boolean => ISO_DATE_TIME_PATTERN.test(value) && parseIsoInstant(value) !== null;

/**
 * The inclusive UTC bound of a `from`/`to` filter value, as an ISO string, or null when it is not
 * a real date. A bare date is a whole UTC day: `to=2025-03-01` includes everything of that day.
 */
export function filterBound(value: string, field: 'from' | 'to'): string | null {
  const dateOnly = ISO_DATE_PATTERN.test(value);
  if (!dateOnly && !ISO_DATE_TIME_PATTERN.test(value)) return null;
  const ms = parseIsoInstant(value);
  if (ms === null) return null;
  if (!dateOnly) return new Date(ms).toISOString();
  return `${value}T${field === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// C0 controls but tab, line feed and carriage return; DEL and C1 controls; Unicode noncharacters.
// None means anything in a title or a reason, and XML (the Atom feed) cannot carry them.
const NOT_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFDD0-\uFDEF\uFFFE\uFFFF]|[\uD83F\uD87F\uD8BF\uD8FF\uD93F\uD97F\uD9BF\uD9FF\uDA3F\uDA7F\uDABF\uDAFF\uDB3F\uDB7F\uDBBF\uDBFF][\uDFFE\uDFFF]/;

/** What {@link isWellFormedText} asks of a text, for messages. */
export const WELL_FORMED_TEXT_RULE = 'well-formed Unicode text without control characters or noncharacters';

/**
 * True when a text is well-formed UTF-16 (no lone surrogates, which no store can encode
 * faithfully) and holds no control characters (tab and line breaks aside) or noncharacters.
 */
export const isWellFormedText = (value: string): boolean => !LONE_SURROGATE.test(value) && !NOT_TEXT.test(value);

/**
 * Subscriptions that may exist at once. Each event is delivered to every subscriber of its type
 * within the request or run that caused it, so this bounds that work and the `GET /webhooks` list.
 * Two editors subscribing at the same moment may pass it by one each (a soft limit).
 */
export const MAX_WEBHOOK_SUBSCRIPTIONS = 50;
