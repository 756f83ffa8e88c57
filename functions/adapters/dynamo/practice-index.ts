import { createHash } from 'node:crypto';
import { simhashBands } from '../../core/dedupe/simhash.js';
import { ValidationError } from '../../core/errors.js';
import { normaliseForMatching, wordsOf } from '../../core/extraction/normalise.js';
import { effectiveRecord, isPublic } from '../../core/practices/practice-identity.js';
import { inUncertainQueue, uncertaintyKey } from '../../core/learning/uncertainty.js';
import type { PracticeFilter, PracticeItem, ReviewFilter } from '../../core/ports.js';
import { filterBound, MAX_PAGE_SIZE } from '../../core/validation.js';

// The listings of practice records as the table's listing index holds them: one row per listing a
// record belongs to, and how a filter is served from one listing. The in-memory twin of the
// repository keeps the very same rows, so that the two cannot disagree.

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
/** Largest page a listing returns (the API's limit, from core). */
export const MAX_PAGE_LIMIT = MAX_PAGE_SIZE;

/** Key of a URL's lookup row. */
export function urlKey(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('base64url');
}

/** ISO date-time in UTC, or null when the value is not a date. */
export function toUtcIso(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

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
  // The uncertain queue: closest to the decision boundary first, then oldest.
  if (inUncertainQueue(item)) entries.push({ ...base, gpk: 'REVU#pending', gsk: `${uncertaintyKey(item.extraction.confidence)}#${item.createdAt}#${item.id}` });
  if (/^[0-9a-f]{16}$/.test(item.simhash)) {
    // A band row carries the whole hash (in `txt`, which the index projects): a near-duplicate
    // lookup checks the distance on the row and reads only the records that are near.
    for (const band of simhashBands(item.simhash)) entries.push({ ...base, flt: [], txt: item.simhash, gpk: `BAND#${band}`, gsk: item.id });
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
  // A bare date is a whole UTC day; a date that does not exist (2023-02-30) is refused, never rolled over.
  const iso = filterBound(value, field);
  if (!iso) throw new ValidationError(`${field} is not a real ISO date or date-time`, { field, value });
  return iso;
}

/** Normalised words of a free-text query. */
export function queryWords(q: string | undefined): string[] {
  return q ? distinct(wordsOf(normaliseForMatching(q))) : [];
}

function planFilters(filter: PracticeFilter): { kind: string; from: string | null; to: string | null; residual: boolean; any: boolean; matches: ListingPlan['matches'] } {
  const from = bound(filter.from, 'from');
  const to = bound(filter.to, 'to');
  // DynamoDB refuses an inverted key range (a 500 before this check), and an empty range is a mistake worth saying.
  if (from && to && from > to) throw new ValidationError('from is after to', { field: 'from' });
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
  if (classified === 'uncertain') {
    // Only pending records are uncertain (a decided one has been judged); other filters are matched in memory.
    if (status !== 'pending') return { gpk: 'REVU#none', descending: false, lower: null, upper: null, filtered: false, matches: () => false };
    return { gpk: 'REVU#pending', descending: false, lower: null, upper: null, filtered: planned.any || from !== null || to !== null, matches };
  }
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

/**
 * Listing rows a record's own write keeps in step when derived rows are projected later (see
 * `core/projection`): the SimHash bands (near-duplicate checks within the same run), the review
 * queue by status, by verdict and the uncertain queue (the editors' queues, read-your-writes), and
 * the story's member rows. Public listings, the review queue by region, organisation, topic and
 * source, the per-region view, link candidates (`LK#`: the writing instance keeps them in memory
 * for its own story linking until then) and search postings follow through the projector.
 */
export function writtenWithRecord(gpk: string): boolean {
  return gpk.startsWith('BAND#') || gpk.startsWith('REVC#') || /^REV#[a-z]+#ALL$/.test(gpk) || gpk === 'REVU#pending' || gpk.startsWith('STORY#');
}
