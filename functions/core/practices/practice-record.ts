import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import { NEAR_DUPLICATE_MAX_DISTANCE, hammingDistance, simhashBands } from '../dedupe/simhash.js';
import { normaliseForMatching, wordsOf } from '../extraction/normalise.js';
import type { ExtractionRecord, OverridableField, SourceReference } from '../model.js';
import type {
  ArticleObservation,
  EditorAction,
  HistoryEntry,
  PracticeFilter,
  PracticeItem,
  ReviewFilter,
} from '../ports.js';

/**
 * The storage-independent rules of practice records, shared by every repository so that the
 * DynamoDB adapter and its in-memory twin cannot disagree: identity, effective values (machine
 * fields merged with overrides), what an observation or an editor action does to a record, which
 * listings a record belongs to, and how a filter is served.
 */

/** `bodyText` kept in the record; the full text lives in the raw page. UTF-8 bytes. */
export const MAX_BODY_BYTES = 100_000;
/** Previous body kept in `change` so that editors see what changed. UTF-8 bytes. */
export const MAX_PREVIOUS_BODY_BYTES = 50_000;
/** Most sources a record lists; later near-duplicates only get a URL row. */
export const MAX_SOURCES = 100;
/**
 * Listing keys per record and kind. Every key is one index row, and a status change rewrites the
 * rows in one transaction (100 items at most): with these caps a record has at most 39 listing
 * rows plus 4 SimHash bands, so old and new rows together stay under 90 (in practice fewer: only
 * pending records are listed in the review queue by region, organisation, topic and source). Values beyond a cap are
 * still matched as secondary filters, but the record is not reachable through their own index.
 */
export const INDEX_CAPS = { regions: 5, organisations: 5, topics: 5, sources: 3 } as const;
/** Index rows a listing request examines at most before it returns what it has and a cursor. */
export const LISTING_READ_BUDGET = 1000;
/** Largest page a listing returns. */
export const MAX_PAGE_LIMIT = 100;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Cuts a text to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so that no character is cut in half.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return decoder.decode(bytes.subarray(0, end));
}

/** Identity of a record: SHA-256 (base64url, 32 characters) of its primary article's canonical URL. */
export function practiceIdForUrl(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('base64url').slice(0, 32);
}

/** Key of a URL's lookup row. */
export function urlKey(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('base64url');
}

/** The machine fields with the editors' overrides applied. */
export function effectiveRecord(item: PracticeItem): ExtractionRecord {
  const merged: ExtractionRecord = { ...item.extraction };
  for (const [field, value] of Object.entries(item.editorial.overrides) as Array<[OverridableField, unknown]>) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[field] = value;
  }
  return merged;
}

/** Whether the public sees the record: approved, and an announcement after overrides. */
export function isPublic(item: PracticeItem): boolean {
  return item.editorial.status === 'approved' && effectiveRecord(item).isPracticeAnnouncement;
}

/** ISO date-time in UTC, or null when the value is not a date. */
export function toUtcIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------------------------
// Observations (ingestion) and editor actions
// ---------------------------------------------------------------------------------------------

/** What the repository remembers about one URL: its record and what was last stored from it. */
export interface UrlRow {
  url: string;
  id: string;
  contentHash: string;
  extractorVersion: string;
}

export type ObservationPlan =
  | { kind: 'unchanged'; id: string }
  | {
      kind: 'created' | 'updated' | 'changed' | 'merged';
      id: string;
      item: PracticeItem;
      /** The record before this write (null on create): its index rows are the ones to replace. */
      previous: PracticeItem | null;
      history: HistoryEntry;
      urlRow: UrlRow;
      /** True when the URL row is new (conditional create), false when it is overwritten. */
      newUrl: boolean;
    };

const TRACKED_FIELDS = [
  'title',
  'lead',
  'publishedAt',
  'isPracticeAnnouncement',
  'practices',
  'regions',
  'organisations',
  'topics',
] as const satisfies ReadonlyArray<keyof ExtractionRecord>;

/** JSON with object keys sorted: stored maps (DynamoDB's among them) do not keep key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): HistoryEntry['changes'] {
  const changes: HistoryEntry['changes'] = {};
  for (const field of fields) {
    if (!same(before[field], after[field])) changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  return changes;
}

const MAX_LIST = 100;
const MAX_SHORT_TEXT_BYTES = 4_000;
/** Serialised size a record may reach; DynamoDB's item limit is 400 KB, the rest is headroom. */
export const RECORD_BUDGET_BYTES = 300_000;

function capStrings<T>(value: T, maxBytes: number): T {
  if (typeof value === 'string') return truncateUtf8(value, maxBytes) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? truncateUtf8(v, maxBytes) : v])) as T;
}

/**
 * What of an extraction a record keeps: the body up to {@link MAX_BODY_BYTES}, short texts and
 * lists bounded, each list entry's strings too.
 */
function capExtraction(extraction: ExtractionRecord, maxList = MAX_LIST, maxEntryBytes = 1_000): ExtractionRecord {
  const list = <T>(items: T[]) => items.slice(0, maxList).map((item) => capStrings(item, maxEntryBytes));
  return {
    ...extraction,
    title: truncateUtf8(extraction.title, MAX_SHORT_TEXT_BYTES),
    lead: extraction.lead === null ? null : truncateUtf8(extraction.lead, MAX_SHORT_TEXT_BYTES),
    bodyText: truncateUtf8(extraction.bodyText, MAX_BODY_BYTES),
    reasons: list(extraction.reasons),
    practices: list(extraction.practices),
    regions: list(extraction.regions),
    organisations: list(extraction.organisations),
    people: list(extraction.people),
    platforms: list(extraction.platforms),
    figures: list(extraction.figures),
    topics: list(extraction.topics),
  };
}

/** Serialised size of a record, as stored. */
export function recordBytes(item: PracticeItem): number {
  return Buffer.byteLength(JSON.stringify(item));
}

/**
 * Makes a record fit {@link RECORD_BUDGET_BYTES} so that no write can hit DynamoDB's 400 KB
 * limit: machine-side material shrinks first (body, previous body, sources, machine lists);
 * editors' overrides are never cut, and if they alone do not fit the action is refused.
 */
export function fitForStorage(item: PracticeItem): PracticeItem {
  const steps: Array<(i: PracticeItem) => PracticeItem> = [
    (i) => ({ ...i, extraction: { ...i.extraction, bodyText: truncateUtf8(i.extraction.bodyText, 30_000) } }),
    (i) => (i.change ? { ...i, change: { ...i.change, previousBodyText: truncateUtf8(i.change.previousBodyText, 10_000) } } : i),
    (i) => ({ ...i, sources: i.sources.slice(0, 20) }),
    (i) => ({ ...i, extraction: capExtraction(i.extraction, 10, 300) }),
  ];
  let fitted = item;
  for (const step of steps) {
    if (recordBytes(fitted) <= RECORD_BUDGET_BYTES) return fitted;
    fitted = step(fitted);
  }
  if (recordBytes(fitted) > RECORD_BUDGET_BYTES) {
    throw new ValidationError('the record with these overrides would be too large to store', { id: item.id });
  }
  return fitted;
}

function capSource(source: SourceReference): SourceReference {
  return { ...source, title: truncateUtf8(source.title, 1_000) };
}

function normalisedTitle(title: string): string {
  return wordsOf(normaliseForMatching(title)).join(' ');
}

function historyEntry(item: PracticeItem, at: string, actor: string, action: HistoryEntry['action'], changes: HistoryEntry['changes'], reason: string | null = null): HistoryEntry {
  return { practiceId: item.id, at, actor, action, changes, version: item.editorial.version, reason };
}

/**
 * Decides what recording one observed article does. `existing` is the record already holding the
 * URL (with the URL's row), `mergeTarget` the record a near-duplicate joins when the URL is new.
 * Machine writes never touch overrides or decisions, except that a material change of the primary
 * article sends the record back to `pending` with the previous title and text kept in `change`.
 */
export function planObservation(input: {
  observation: ArticleObservation;
  existing: { item: PracticeItem; urlRow: UrlRow } | null;
  mergeInto?: string | undefined;
  mergeTarget?: PracticeItem | null;
}): ObservationPlan {
  const { observation: obs, existing } = input;
  const url = obs.source.url;
  const urlRow: UrlRow = { url, id: '', contentHash: obs.contentHash, extractorVersion: obs.extraction.extractorVersion };
  if (existing) {
    const { item: old } = existing;
    urlRow.id = old.id;
    if (existing.urlRow.contentHash === obs.contentHash && existing.urlRow.extractorVersion === obs.extraction.extractorVersion) {
      return { kind: 'unchanged', id: old.id };
    }
    const version = old.editorial.version + 1;
    const sources = old.sources.map((s) => (s.url === url ? capSource(obs.source) : s));
    if (old.extraction.url !== url && old.extraction.url !== obs.extraction.url) {
      const item: PracticeItem = { ...old, sources, updatedAt: obs.observedAt, editorial: { ...old.editorial, version } };
      const history = historyEntry(item, obs.observedAt, 'system', 'machine-update', { [`source:${url}`]: { from: existing.urlRow.contentHash, to: obs.contentHash } });
      return { kind: 'updated', id: old.id, item: fitForStorage(item), previous: old, history, urlRow, newUrl: false };
    }
    const material =
      old.contentHash !== obs.contentHash &&
      (normalisedTitle(old.extraction.title) !== normalisedTitle(obs.extraction.title) ||
        hammingDistance(old.simhash, obs.simhash) > NEAR_DUPLICATE_MAX_DISTANCE);
    const item: PracticeItem = {
      ...old,
      extraction: capExtraction(obs.extraction),
      sources,
      simhash: obs.simhash,
      contentHash: obs.contentHash,
      updatedAt: obs.observedAt,
      editorial: material ? { ...old.editorial, status: 'pending', rejectReason: null, version } : { ...old.editorial, version },
      change: material
        ? {
            detectedAt: obs.observedAt,
            previousTitle: truncateUtf8(old.extraction.title, MAX_SHORT_TEXT_BYTES),
            previousBodyText: truncateUtf8(old.extraction.bodyText, MAX_PREVIOUS_BODY_BYTES),
          }
        : (old.change ?? null),
    };
    const changes = diff(old.extraction as unknown as Record<string, unknown>, item.extraction as unknown as Record<string, unknown>, [...TRACKED_FIELDS, 'extractorVersion']);
    if (old.contentHash !== obs.contentHash) changes.contentHash = { from: old.contentHash, to: obs.contentHash };
    if (material && old.editorial.status !== 'pending') changes.status = { from: old.editorial.status, to: 'pending' };
    const history = historyEntry(item, obs.observedAt, 'system', material ? 'changed' : 'machine-update', changes);
    return { kind: material ? 'changed' : 'updated', id: old.id, item: fitForStorage(item), previous: old, history, urlRow, newUrl: false };
  }
  if (input.mergeInto !== undefined) {
    const target = input.mergeTarget;
    if (!target) throw new NotFoundError(`record ${input.mergeInto} to merge into does not exist`, { id: input.mergeInto });
    urlRow.id = target.id;
    if (target.sources.some((s) => s.url === url)) return { kind: 'unchanged', id: target.id };
    const sources: SourceReference[] = target.sources.length < MAX_SOURCES ? [...target.sources, capSource(obs.source)] : target.sources;
    const item: PracticeItem = {
      ...target,
      sources,
      updatedAt: obs.observedAt,
      editorial: { ...target.editorial, version: target.editorial.version + 1 },
    };
    const history = historyEntry(item, obs.observedAt, 'system', 'merged', { sources: { from: null, to: url } });
    return { kind: 'merged', id: target.id, item: fitForStorage(item), previous: target, history, urlRow, newUrl: true };
  }
  const id = practiceIdForUrl(url);
  urlRow.id = id;
  const item: PracticeItem = {
    id,
    extraction: capExtraction(obs.extraction),
    sources: [capSource(obs.source)],
    editorial: { status: 'pending', reviewer: null, reviewedAt: null, rejectReason: null, overrides: {}, version: 1 },
    simhash: obs.simhash,
    contentHash: obs.contentHash,
    createdAt: obs.observedAt,
    updatedAt: obs.observedAt,
    change: null,
    ...(obs.storyId ? { storyId: obs.storyId } : {}),
  };
  const history = historyEntry(item, obs.observedAt, 'system', 'created', {});
  return { kind: 'created', id, item: fitForStorage(item), previous: null, history, urlRow, newUrl: true };
}

/**
 * Applies an editor action to a record (already checked to be at the expected version): the next
 * record and its history row. Overrides are stored beside the machine fields, never into them.
 */
export function planEditorAction(item: PracticeItem, action: EditorAction, actor: string, at: string): { item: PracticeItem; history: HistoryEntry } {
  const editorial = { ...item.editorial, overrides: { ...item.editorial.overrides }, version: item.editorial.version + 1 };
  let changes: HistoryEntry['changes'] = {};
  let reason: string | null = null;
  switch (action.type) {
    case 'approve':
    case 'reject': {
      const status = action.type === 'approve' ? 'approved' : 'rejected';
      if (action.type === 'reject') {
        if (!action.reason?.trim()) throw new ValidationError('a rejection needs a reason', { field: 'reason' });
        reason = action.reason.trim();
      }
      changes.status = { from: item.editorial.status, to: status };
      Object.assign(editorial, { status, reviewer: actor, reviewedAt: at, rejectReason: reason });
      break;
    }
    case 'edit': {
      const before = effectiveRecord(item) as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(action.overrides) as Array<[OverridableField, unknown]>) {
        if (value === undefined) continue;
        if (value === null) delete editorial.overrides[field];
        else (editorial.overrides as Record<string, unknown>)[field] = value;
      }
      const after = effectiveRecord({ ...item, editorial }) as unknown as Record<string, unknown>;
      changes = diff(before, after, Object.keys(action.overrides));
      break;
    }
    case 'set-announcement': {
      changes.isPracticeAnnouncement = { from: effectiveRecord(item).isPracticeAnnouncement, to: action.value };
      editorial.overrides.isPracticeAnnouncement = action.value;
      break;
    }
  }
  const decided = action.type === 'approve' || action.type === 'reject';
  const next: PracticeItem = { ...item, editorial, updatedAt: at, change: decided ? null : (item.change ?? null) };
  return { item: fitForStorage(next), history: { practiceId: item.id, at, actor, action: action.type, changes, version: editorial.version, reason } };
}

// ---------------------------------------------------------------------------------------------
// Listings: index entries and query plans
// ---------------------------------------------------------------------------------------------

/**
 * One entry of one listing: `gpk` names the listing, `gsk` orders it. `flt` holds filter tokens
 * (`R:<region>`, `O:<org>`, `T:<topic>`, `S:<source>`, `C:pos|neg`), `txt` the normalised words of
 * the title and practice names, `d` the publication instant (UTC) used for `from`/`to`.
 */
export interface IndexEntry {
  gpk: string;
  gsk: string;
  id: string;
  /** The record's version when the row was written: lets a reader reuse a record it already holds. */
  ver: number;
  flt: string[];
  txt: string;
  d: string;
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

const ROLE_ORDER = { origin: 0, adopter: 1, mentioned: 2 } as const;

/** Every listing entry the record belongs to in its current state. */
export function indexEntries(item: PracticeItem): IndexEntry[] {
  const eff = effectiveRecord(item);
  const regions = distinct([...eff.regions].sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]).map((r) => r.code));
  const organisations = distinct(eff.organisations.map((o) => o.id));
  const topics = distinct(eff.topics);
  const sources = distinct([eff.sourceId, ...item.sources.map((s) => s.sourceId)]);
  const verdict = item.extraction.isPracticeAnnouncement ? 'pos' : 'neg';
  const flt = [
    ...regions.map((r) => `R:${r}`),
    ...organisations.map((o) => `O:${o}`),
    ...topics.map((t) => `T:${t}`),
    ...sources.map((s) => `S:${s}`),
    `C:${verdict}`,
  ].slice(0, 60);
  const txt = wordsOf(normaliseForMatching([eff.title, ...eff.practices.map((p) => p.name)].join(' ')))
    .join(' ')
    .slice(0, 1000);
  const d = toUtcIso(eff.publishedAt) ?? toUtcIso(item.createdAt) ?? item.createdAt;
  const kinds = [
    'ALL',
    ...regions.slice(0, INDEX_CAPS.regions).map((r) => `R#${r}`),
    ...organisations.slice(0, INDEX_CAPS.organisations).map((o) => `O#${o}`),
    ...topics.slice(0, INDEX_CAPS.topics).map((t) => `T#${t}`),
    ...sources.slice(0, INDEX_CAPS.sources).map((s) => `S#${s}`),
  ];
  const base = { id: item.id, ver: item.editorial.version, flt, txt, d };
  const entries: IndexEntry[] = [];
  if (isPublic(item)) for (const kind of kinds) entries.push({ ...base, gpk: `PUB#${kind}`, gsk: `${d}#${item.id}` });
  const status = item.editorial.status;
  // Only the pending queue is worked through by filter; decided records are browsed through their
  // status listing with filters matched in memory, which keeps approvals small and cheap.
  for (const kind of status === 'pending' ? kinds : ['ALL']) entries.push({ ...base, gpk: `REV#${status}#${kind}`, gsk: `${item.createdAt}#${item.id}` });
  entries.push({ ...base, gpk: `REVC#${status}#${verdict}`, gsk: `${item.createdAt}#${item.id}` });
  if (/^[0-9a-f]{16}$/.test(item.simhash)) {
    for (const band of simhashBands(item.simhash)) entries.push({ ...base, flt: [], txt: '', gpk: `BAND#${band}`, gsk: item.id });
  }
  return entries;
}

/** How a listing request is served: one listing, read in one direction, with the rest filtered in memory. */
export interface ListingPlan {
  gpk: string;
  descending: boolean;
  /** Inclusive bounds on `gsk`, when the listing is ordered by publication date. */
  lower: string | null;
  upper: string | null;
  /** False when the listing itself is the answer and `matches` accepts every entry in range. */
  filtered: boolean;
  matches(entry: Pick<IndexEntry, 'flt' | 'txt' | 'd'>): boolean;
}

function bound(value: string | undefined, field: 'from' | 'to'): string | null {
  if (value === undefined || value === '') return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  // A bare date is a whole UTC day: `to=2025-03-01` includes everything published that day.
  const iso = toUtcIso(dateOnly ? `${value}T${field === 'from' ? '00:00:00.000' : '23:59:59.999'}Z` : value);
  if (!iso) throw new ValidationError(`${field} is not an ISO date or date-time`, { field, value });
  return iso;
}

/** Normalised words of a free-text query. */
export function queryWords(q: string | undefined): string[] {
  return q ? distinct(wordsOf(normaliseForMatching(q))) : [];
}

function planFilters(filter: PracticeFilter): { kind: string; from: string | null; to: string | null; residual: boolean; any: boolean; matches: ListingPlan['matches'] } {
  const from = bound(filter.from, 'from');
  const to = bound(filter.to, 'to');
  const tokens: string[] = [];
  if (filter.region) tokens.push(`R:${filter.region}`);
  if (filter.organisation) tokens.push(`O:${filter.organisation}`);
  if (filter.topic) tokens.push(`T:${filter.topic}`);
  if (filter.source) tokens.push(`S:${filter.source}`);
  const kind = filter.region
    ? `R#${filter.region}`
    : filter.organisation
      ? `O#${filter.organisation}`
      : filter.topic
        ? `T#${filter.topic}`
        : filter.source
          ? `S#${filter.source}`
          : 'ALL';
  const words = queryWords(filter.q);
  // The listing named by `kind` already implies its own token; anything else is matched in memory.
  const residual = tokens.length > (kind === 'ALL' ? 0 : 1) || words.length > 0;
  const matches = (entry: Pick<IndexEntry, 'flt' | 'txt' | 'd'>) => {
    if (from && entry.d < from) return false;
    if (to && entry.d > to) return false;
    if (tokens.length && !tokens.every((t) => entry.flt.includes(t))) return false;
    if (words.length) {
      // Prefix match on word starts: Russian inflects endings, so "цифров" finds "цифровой".
      const haystack = ` ${entry.txt}`;
      if (!words.every((w) => haystack.includes(` ${w}`))) return false;
    }
    return true;
  };
  return { kind, from, to, residual, any: tokens.length > 0 || words.length > 0, matches };
}

/** The plan of a public listing: newest first, approved announcements only. */
export function planPublicListing(filter: PracticeFilter): ListingPlan {
  const { kind, from, to, residual, matches } = planFilters(filter);
  return { gpk: `PUB#${kind}`, descending: true, lower: from, upper: to ? `${to}#\uffff` : null, filtered: residual, matches };
}

/** The plan of a review-queue listing: oldest first by creation. */
export function planReviewListing(filter: ReviewFilter): ListingPlan {
  const status = filter.status ?? 'pending';
  const classified = filter.classified ?? 'positive';
  const planned = planFilters(filter);
  const { from, to, matches } = planned;
  // Decided records are only listed by status (see indexEntries): their filters are all matched in memory.
  const kind = status === 'pending' ? planned.kind : 'ALL';
  const residual = status === 'pending' ? planned.residual : planned.any;
  const verdict = classified === 'all' ? null : classified === 'positive' ? 'pos' : 'neg';
  // The review queue is ordered by creation, so publication bounds are matched in memory.
  const filtered = residual || from !== null || to !== null;
  if (kind === 'ALL' && verdict) return { gpk: `REVC#${status}#${verdict}`, descending: false, lower: null, upper: null, filtered, matches };
  return {
    gpk: `REV#${status}#${kind}`,
    descending: false,
    lower: null,
    upper: null,
    filtered: filtered || verdict !== null,
    matches: (entry) => (verdict === null || entry.flt.includes(`C:${verdict}`)) && matches(entry),
  };
}

/** Clamps a requested page size to 1…{@link MAX_PAGE_LIMIT}. */
export function clampLimit(limit: number): number {
  if (!Number.isFinite(limit)) return 20;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

/** Encodes a listing position (the `gsk` of the last entry examined) as an opaque token. */
export function encodePosition(gsk: string): string {
  return Buffer.from(gsk, 'utf8').toString('base64url');
}

/** Decodes a token of {@link encodePosition}; a malformed token is a validation error. */
export function decodePosition(token: string | null | undefined): string | null {
  if (!token) return null;
  const gsk = Buffer.from(token, 'base64url').toString('utf8');
  if (!gsk || gsk.includes('\ufffd')) throw new ValidationError('malformed cursor', { field: 'cursor' });
  return gsk;
}
