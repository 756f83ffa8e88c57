import { NotFoundError, VersionConflictError } from '../../core/errors.js';
import { planEditorAction } from '../../core/practices/plan-editor-action.js';
import { planObservation, type UrlRow } from '../../core/practices/plan-observation.js';
import { isPublic } from '../../core/practices/practice-identity.js';
import { editorRequestFingerprint, idempotencyKeyReused } from '../../core/practices/request-fingerprint.js';
import { answerStoryRequest, type SpentStoryRequest, type StoryRequestToken } from '../../core/stories/story-requests.js';
import { simhashBands } from '../../core/dedupe/simhash.js';
import { fitForStorage } from '../dynamo/item-budget.js';
import type { StoryRepository } from '../../core/stories/story-ports.js';
import {
  MAX_STORY_MEMBERS,
  linkKeyWeight,
  planStoryMove,
  storyOf,
  type RegionRow,
  type StoryHistoryEntry,
  type StoryItem,
} from '../../core/stories/story-record.js';
import { decodeRegionRows, storyIndexEntries, storyItemIndexEntries } from '../dynamo/story-index.js';
import {
  LISTING_READ_BUDGET,
  clampLimit,
  decodePosition,
  encodePosition,
  indexEntries,
  planPublicListing,
  planReviewListing,
  type IndexEntry,
  type ListingPlan,
} from '../dynamo/practice-index.js';
import { planIndexChange } from '../../core/search/index-change.js';
import type { MemorySearchIndex } from './memory-search-index.js';
import type {
  ArticleObservation,
  EditorAction,
  HistoryEntry,
  ObservationOutcome,
  Page,
  PageRequest,
  PracticeFilter,
  PracticeItem,
  PracticeQueryRepository,
  PracticeRepository,
  PracticeReviewRepository,
  ReviewFilter,
} from '../../core/ports.js';

/** Index of the first element whose `gsk` is not below `gsk`. */
function lowerBound(entries: IndexEntry[], gsk: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.gsk < gsk) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element whose `gsk` is above `gsk`. */
function upperBound(entries: IndexEntry[], gsk: string): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.gsk <= gsk) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Deep-freezes a fresh copy, so that stored values can be handed out without copying again. */
function frozenCopy<T>(value: T): T {
  const copy = structuredClone(value);
  const stack: unknown[] = [copy];
  while (stack.length) {
    const current = stack.pop();
    if (current !== null && typeof current === 'object' && !Object.isFrozen(current)) {
      Object.freeze(current);
      stack.push(...Object.values(current));
    }
  }
  return copy;
}

/**
 * In-memory twin of `DynamoPracticeRepository`: the same rules (the plans of `core/practices/`,
 * the table's listing index and item budget from `../dynamo/`), the same listings, conflicts,
 * idempotency and paging,
 * for unit tests, the local CLI and the in-memory API benchmark. Values are copied in and handed
 * out deep-frozen (reads cost no copy; a caller that tries to change one fails loudly).
 */
export class MemoryPracticeRepository implements PracticeRepository, PracticeQueryRepository, PracticeReviewRepository, StoryRepository {
  private readonly records = new Map<string, PracticeItem>();
  private readonly stories = new Map<string, StoryItem>();
  private readonly storyHistories = new Map<string, StoryHistoryEntry[]>();
  /** Spent story request tokens: the version each produced, its request's fingerprint and articles state. */
  private readonly storyTokens = new Map<string, SpentStoryRequest>();
  private readonly urls = new Map<string, UrlRow>();
  private readonly histories = new Map<string, HistoryEntry[]>();
  /** Applied request tokens: the version each one produced and the request it was spent on. */
  private readonly tokens = new Map<string, { version: number; request: string }>();
  private readonly listings = new Map<string, IndexEntry[]>();
  private readonly entriesOf = new Map<string, IndexEntry[]>();
  private writeCount = 0;

  /** @param options.search the full-text index kept in step with every record write. */
  constructor(private readonly options: { search?: MemorySearchIndex } = {}) {}

  /** Number of record writes so far: lets tests prove that a no-op wrote nothing. */
  get writes(): number {
    return this.writeCount;
  }

  /** Number of records stored. */
  get size(): number {
    return this.records.size;
  }

  async get(id: string): Promise<PracticeItem | null> {
    return this.records.get(id) ?? null;
  }

  /** Records by id, in the order asked, skipping missing ones. */
  async getMany(ids: readonly string[]): Promise<PracticeItem[]> {
    return ids.flatMap((id) => (this.records.has(id) ? [this.records.get(id)!] : []));
  }

  async findByUrl(url: string): Promise<PracticeItem | null> {
    const row = this.urls.get(url);
    return row ? this.get(row.id) : null;
  }

  async findNearDuplicateCandidates(simhash: string, limit = 20): Promise<PracticeItem[]> {
    const ids = new Set<string>();
    for (const band of simhashBands(simhash)) {
      for (const entry of this.listings.get(`BAND#${band}`) ?? []) {
        if (ids.size >= limit) break;
        ids.add(entry.id);
      }
    }
    return [...ids].map((id) => this.records.get(id)!);
  }

  async recordObservation(observation: ArticleObservation, mergeInto?: string): Promise<ObservationOutcome> {
    const urlRow = this.urls.get(observation.source.url);
    const existingItem = urlRow ? this.records.get(urlRow.id) : undefined;
    const plan = planObservation({
      observation: structuredClone(observation),
      existing: urlRow && existingItem ? { item: existingItem, urlRow } : null,
      mergeInto,
      mergeTarget: mergeInto === undefined ? null : (this.records.get(mergeInto) ?? null),
    });
    if (plan.kind === 'unchanged') return { kind: 'unchanged', id: plan.id };
    this.store(fitForStorage(plan.item), plan.history);
    this.urls.set(plan.urlRow.url, plan.urlRow);
    return { kind: plan.kind, id: plan.id };
  }

  async applyEditorAction(input: { id: string; expectedVersion: number; action: EditorAction; actor: string; requestToken: string; at: string }): Promise<PracticeItem> {
    const current = this.records.get(input.id);
    if (!current) throw new NotFoundError(`practice ${input.id} not found`, { id: input.id });
    const tokenKey = `${input.id}\n${input.requestToken}`;
    const request = editorRequestFingerprint(input.expectedVersion, input.action);
    const token = this.tokens.get(tokenKey);
    // A replay is only a replay of the same request, and only while the record is still at the version it produced.
    if (token && token.request === request && token.version === current.editorial.version) return current;
    if (current.editorial.version !== input.expectedVersion) {
      throw new VersionConflictError(`practice ${input.id} is at version ${current.editorial.version}, not ${input.expectedVersion}`, {
        id: input.id,
        currentVersion: current.editorial.version,
      });
    }
    if (token) throw idempotencyKeyReused();
    const { item, history } = planEditorAction(current, structuredClone(input.action), input.actor, input.at);
    this.store(fitForStorage(item), history);
    this.tokens.set(tokenKey, { version: item.editorial.version, request });
    return this.records.get(item.id)!;
  }

  /** Bulk load of fully formed records and their history (seeding, migrations): no conditions. */
  async importRecords(records: Array<{ item: PracticeItem; history: HistoryEntry[] }>): Promise<void> {
    for (const { item, history } of records) {
      this.store(item, ...history);
      for (const source of item.sources) {
        this.urls.set(source.url, { url: source.url, id: item.id, contentHash: item.contentHash, extractorVersion: item.extraction.extractorVersion });
      }
    }
  }

  async listPublic(filter: PracticeFilter, page: PageRequest): Promise<Page<PracticeItem>> {
    return this.list(planPublicListing(filter), page, isPublic);
  }

  async listReview(filter: ReviewFilter, page: PageRequest): Promise<Page<PracticeItem>> {
    return this.list(planReviewListing(filter), page, () => true);
  }

  async history(id: string, page: PageRequest): Promise<Page<HistoryEntry>> {
    return historyPage(this.histories.get(id) ?? [], page);
  }

  private list(plan: ListingPlan, page: PageRequest, visible: (item: PracticeItem) => boolean): Page<PracticeItem> {
    const entries = this.listings.get(plan.gpk) ?? [];
    const limit = clampLimit(page.limit);
    const position = decodePosition(page.after);
    // A cursor from another date range: past the range's end nothing is left, before its start it is ignored.
    const beyond = position !== null && ((plan.lower !== null && position < plan.lower) || (plan.upper !== null && position > plan.upper));
    if (beyond && (plan.descending ? position < plan.lower! : position > plan.upper!)) return { items: [], next: null };
    const after = beyond ? null : position;
    const step = plan.descending ? -1 : 1;
    let i: number;
    if (plan.descending) {
      i = (after !== null ? lowerBound(entries, after) : plan.upper !== null ? upperBound(entries, plan.upper) : entries.length) - 1;
    } else {
      i = after !== null ? upperBound(entries, after) : plan.lower !== null ? lowerBound(entries, plan.lower) : 0;
    }
    const inRange = (gsk: string) => (plan.lower === null || gsk >= plan.lower) && (plan.upper === null || gsk <= plan.upper);
    const items: PracticeItem[] = [];
    let examined = 0;
    let lastGsk: string | null = null;
    for (; i >= 0 && i < entries.length && inRange(entries[i]!.gsk); i += step) {
      if (items.length >= limit) return { items, next: encodePosition(lastGsk!) };
      if (examined >= LISTING_READ_BUDGET) return { items, next: encodePosition(lastGsk!) };
      const entry = entries[i]!;
      examined += 1;
      lastGsk = entry.gsk;
      if (!plan.matches(entry)) continue;
      const item = this.records.get(entry.id);
      if (item && visible(item)) items.push(item);
    }
    return { items, next: null };
  }

  private store(item: PracticeItem, ...history: HistoryEntry[]): void {
    this.writeCount += 1;
    this.options.search?.apply(planIndexChange(this.records.get(item.id) ?? null, item));
    this.records.set(item.id, frozenCopy(item));
    const rows = this.histories.get(item.id) ?? [];
    rows.push(...history.map(frozenCopy));
    this.histories.set(item.id, rows);
    this.replaceEntries(item.id, [...indexEntries(item), ...storyIndexEntries(item)]);
  }

  /** Replaces the listing rows of one owner (a record id, or `ST#<id>` for a story item). */
  private replaceEntries(owner: string, fresh: IndexEntry[]): void {
    for (const old of this.entriesOf.get(owner) ?? []) {
      const listing = this.listings.get(old.gpk)!;
      const at = lowerBound(listing, old.gsk);
      if (listing[at]?.gsk === old.gsk) listing.splice(at, 1);
    }
    for (const entry of fresh) {
      let listing = this.listings.get(entry.gpk);
      if (!listing) this.listings.set(entry.gpk, (listing = []));
      const at = lowerBound(listing, entry.gsk);
      if (listing[at]?.gsk === entry.gsk) listing[at] = entry;
      else listing.splice(at, 0, entry);
    }
    this.entriesOf.set(owner, fresh);
  }

  // ---- Stories (the rules are core/stories/story-record.ts's) -----------------------------------

  /** Rows of one listing between two `gsk` bounds (inclusive), ascending or not, at most `limit`. */
  private range(gpk: string, lower: string | null, upper: string | null, descending: boolean, limit: number): IndexEntry[] {
    const entries = this.listings.get(gpk) ?? [];
    const from = lower === null ? 0 : lowerBound(entries, lower);
    const to = upper === null ? entries.length : upperBound(entries, upper);
    const slice = entries.slice(from, Math.max(from, to));
    return (descending ? slice.reverse() : slice).slice(0, limit);
  }

  async findLinkCandidates(keys: readonly string[], around: string, windowDays: number, limit: number): Promise<PracticeItem[]> {
    const at = Date.parse(around);
    const lower = new Date(at - windowDays * 86_400_000).toISOString();
    const upper = `${new Date(at + windowDays * 86_400_000).toISOString()}#\uffff`;
    const scores = new Map<string, number>();
    for (const key of keys) {
      for (const entry of this.range(`LK#${key}`, lower, upper, false, 200)) scores.set(entry.id, (scores.get(entry.id) ?? 0) + linkKeyWeight(key));
    }
    const ids = [...scores].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, limit).map(([id]) => id);
    return ids.flatMap((id) => (this.records.has(id) ? [this.records.get(id)!] : []));
  }

  async findPracticeCandidates(regions: readonly string[], limit: number): Promise<PracticeItem[]> {
    const found = new Map<string, string>();
    for (const code of regions) {
      for (const entry of this.range(`LK#R:${code}`, null, null, true, 1000)) {
        if (!entry.flt.includes('A')) continue;
        found.set(entry.id, entry.gsk);
        if (found.size >= limit * regions.length) break;
      }
    }
    const ids = [...found].sort(([, a], [, b]) => (a < b ? 1 : -1)).slice(0, limit).map(([id]) => id);
    return ids.flatMap((id) => (this.records.has(id) ? [this.records.get(id)!] : []));
  }

  async members(storyId: string, options: { newest?: number } = {}): Promise<PracticeItem[]> {
    const rows = options.newest === undefined ? this.range(`STORY#${storyId}`, null, null, false, MAX_STORY_MEMBERS) : this.range(`STORY#${storyId}`, null, null, true, Math.min(options.newest, MAX_STORY_MEMBERS)).reverse();
    return rows.flatMap((e) => (this.records.has(e.id) ? [this.records.get(e.id)!] : []));
  }

  async getStory(id: string): Promise<StoryItem | null> {
    return this.stories.get(id) ?? null;
  }

  async getStories(ids: readonly string[]): Promise<StoryItem[]> {
    return [...new Set(ids)].flatMap((id) => (this.stories.has(id) ? [this.stories.get(id)!] : []));
  }

  async putStory(story: StoryItem, expectedVersion: number, history: StoryHistoryEntry, request?: StoryRequestToken): Promise<StoryItem> {
    const tokenKey = request === undefined ? null : `${story.id}\n${request.token}`;
    const current = this.stories.get(story.id);
    const spent = tokenKey ? this.storyTokens.get(tokenKey) : undefined;
    if (request && spent && answerStoryRequest(spent, request.request, { id: story.id, version: current?.version ?? 0 }, expectedVersion) === 'replay' && current) return current;
    if ((current?.version ?? 0) !== expectedVersion) {
      throw new VersionConflictError(`story ${story.id} is at version ${current?.version ?? 0}, not ${expectedVersion}`, { id: story.id, currentVersion: current?.version ?? 0 });
    }
    this.writeCount += 1;
    this.stories.set(story.id, frozenCopy(story));
    this.storyHistories.set(story.id, [...(this.storyHistories.get(story.id) ?? []), frozenCopy(history)]);
    if (tokenKey && request) this.storyTokens.set(tokenKey, { version: story.version, request: request.request, articles: request.articles });
    this.replaceEntries(`ST#${story.id}`, storyItemIndexEntries(story));
    return this.stories.get(story.id)!;
  }

  async storyRequest(id: string, requestToken: string): Promise<SpentStoryRequest | null> {
    return this.storyTokens.get(`${id}\n${requestToken}`) ?? null;
  }

  async timelineStories(timelineId: string): Promise<StoryItem[]> {
    return this.range(`TL#${timelineId}`, null, null, false, MAX_STORY_MEMBERS).flatMap((e) => (this.stories.has(e.id) ? [this.stories.get(e.id)!] : []));
  }

  async moveRecord(input: { id: string; storyId: string; actor: string; at: string; reason: string; requestToken: string }): Promise<PracticeItem> {
    const current = this.records.get(input.id);
    if (!current) throw new NotFoundError(`practice ${input.id} not found`, { id: input.id });
    const tokenKey = `${input.id}\n${input.requestToken}`;
    if (this.tokens.has(tokenKey) || storyOf(current) === input.storyId) return current;
    const planned = planStoryMove(current, input.storyId, input.actor, input.at, input.reason);
      const item = fitForStorage(planned.item);
      const history = planned.history;
    this.store(item, history);
    // A story move has no If-Match: its token replays whatever the record's version.
    this.tokens.set(tokenKey, { version: item.editorial.version, request: 'story-move' });
    return this.records.get(item.id)!;
  }

  async regionRows(code?: string): Promise<RegionRow[]> {
    const gpk = code ? `PUBRG#${code}` : 'PUBRG';
    return this.range(gpk, null, null, true, 20_000).flatMap((entry) => decodeRegionRows(gpk, entry));
  }

  async storyHistory(id: string, page: PageRequest): Promise<Page<StoryHistoryEntry>> {
    return historyPage(this.storyHistories.get(id) ?? [], page);
  }
}

/** A page of `all` (oldest first), after the position `page.after` names. */
function historyPage<T extends { version: number }>(all: readonly T[], page: PageRequest): Page<T> {
  const after = decodePosition(page.after);
  const start = after === null ? 0 : all.findIndex((h) => h.version > Number(after));
  const limit = clampLimit(page.limit);
  const items = start < 0 ? [] : all.slice(start, start + limit);
  const last = items.at(-1);
  const more = start >= 0 && start + limit < all.length;
  return { items, next: more && last ? encodePosition(String(last.version).padStart(10, '0')) : null };
}
