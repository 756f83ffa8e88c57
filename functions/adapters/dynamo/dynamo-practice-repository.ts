import { createHash } from 'node:crypto';
import {
  BatchGetCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { CriticalError, NotFoundError, RetryableError, VersionConflictError } from '../../core/errors.js';
import { hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE, simhashBands } from '../../core/dedupe/simhash.js';
import { planEditorAction } from '../../core/practices/plan-editor-action.js';
import { planObservation, type UrlRow } from '../../core/practices/plan-observation.js';
import { isPublic } from '../../core/practices/practice-identity.js';
import { editorRequestFingerprint, idempotencyKeyReused } from '../../core/practices/request-fingerprint.js';
import { answerStoryRequest, type SpentStoryRequest, type StoryRequestToken } from '../../core/stories/story-requests.js';
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
import { cancellationCodes, errorName, translateTransient } from './dynamo-errors.js';
import { decodeRegionRows, storyIndexEntries, storyItemIndexEntries } from './story-index.js';
import { fitForStorage } from './item-budget.js';
import {
  LISTING_READ_BUDGET,
  clampLimit,
  decodePosition,
  encodePosition,
  indexEntries,
  planPublicListing,
  planReviewListing,
  urlKey,
  writtenWithRecord,
  type IndexEntry,
  type ListingPlan,
} from './practice-index.js';
import type { PendingProjection, ProjectionLag, ProjectionOutbox } from '../../core/projection/project-records.js';
import { batchWriteAll, type WriteRequest } from './batch-write.js';
import { queryPartition } from './query-partition.js';
import { TransactionGroups } from './transaction-groups.js';
import { BandLookups } from './band-lookups.js';
import { LISTING_INDEX } from './table-design.js';
import { planIndexChange, withIndexChange } from '../../core/search/index-change.js';
import type { SearchIndex } from '../../core/search/search-ports.js';

type Row = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

const RECORD_SK = 'R';
/** Request-token rows outlive any client retry; after that a reused token is a new request. */
const TOKEN_TTL_SECONDS = 7 * 24 * 3600;
/** Attempts of a write that lost a race (TransactionConflict) before giving up with a retryable error. */
const MAX_ATTEMPTS = 6;
/** URL lookups remembered for the `recordObservation` that follows them (a run's worth). */
const URL_HINTS = 1000;
/** URLs a batched lookup remembers at most (several runs' listings in one container). */
const LOOKED_UP = 10_000;
/** Link-candidate rows kept for the instance's own story linking at most (about 1,500 records' worth). */
const PENDING_LINK_ROWS = 10_000;

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

const recordPk = (id: string) => `P#${id}`;
const storyPk = (id: string) => `ST#${id}`;
/** Every listing row of a record: its practice listings and its story listings. */
const rowsOf = (item: PracticeItem): IndexEntry[] => [...indexEntries(item), ...storyIndexEntries(item)];
/** Rows of the per-region view read at most per request (a region's, or all of them for `/regions`). */
const REGION_ROWS_BUDGET = 20_000;
const historySk = (version: number) => `H#${String(version).padStart(10, '0')}`;
const indexSk = (gpk: string) => `X#${gpk}`;
/** A SimHash as band rows carry it. */
const HASH = /^[0-9a-f]{16}$/;
const idOfGsk = (gsk: string) => gsk.slice(gsk.lastIndexOf('#') + 1);
/** Sort key of a record's outbox row, and the listing that holds every waiting one (oldest first). */
const OUTBOX_SK = 'PROJ';
const OUTBOX_GPK = 'PROJ';
/** Band rows read at most for one near-duplicate lookup (a band value crowded beyond it is cut). */
const MAX_BAND_ROWS = 2_000;

/** Outbox rows counted at most by `projectionLag` (beyond it the depth is reported as a lower bound). */
const LAG_COUNT_BUDGET = 100_000;

/**
 * A record is stored as one JSON string rather than a nested map: nothing queries inside it, and
 * reading a page of records then costs one `JSON.parse` each instead of unmarshalling every
 * nested attribute (the dominant CPU cost of a listing otherwise).
 */
function recordRow(item: PracticeItem): Row {
  return { pk: recordPk(item.id), sk: RECORD_SK, id: item.id, ver: item.editorial.version, doc: JSON.stringify(item) };
}

/** True when two index rows hold the same values (attribute order aside). */
function sameRow(a: Row, b: Row): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  return true;
}

/** An instant as ISO UTC; a value that is no date is kept as it is (it still sorts, and says so). */
function toIso(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

function parseRecord(row: Row): PracticeItem {
  return JSON.parse(row.doc as string) as PracticeItem;
}

function indexRow(entry: IndexEntry): Row {
  const row: Row = { pk: recordPk(entry.id), sk: indexSk(entry.gpk), gpk: entry.gpk, gsk: entry.gsk, id: entry.id, ver: entry.ver, d: entry.d };
  // Band rows need no filter data; leaving it out keeps them tiny.
  if (entry.flt.length) row.flt = entry.flt;
  if (entry.txt) row.txt = entry.txt;
  return row;
}

/**
 * Records read recently, by id, kept only while the index says they are current: a listing row
 * carries the record's version, so a cached record of that version is the record (records are
 * immutable per version). Bounded by the size of their JSON; least recently used go first.
 * In a warm Lambda container (or the local server) a listing then costs one Query.
 */
class RecordCache {
  private readonly entries = new Map<string, { item: PracticeItem; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(id: string, version: number | undefined): PracticeItem | undefined {
    const entry = this.entries.get(id);
    if (!entry || version === undefined || entry.item.editorial.version !== version) return undefined;
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.item;
  }

  /** Keeps `item` (deep-frozen: it is handed to every later reader, none may change it). */
  set(item: PracticeItem, bytes: number): void {
    const stack: unknown[] = [item];
    while (stack.length) {
      const current = stack.pop();
      if (current !== null && typeof current === 'object' && !Object.isFrozen(current)) {
        Object.freeze(current);
        stack.push(...Object.values(current));
      }
    }
    const old = this.entries.get(item.id);
    if (old) {
      this.entries.delete(item.id);
      this.bytes -= old.bytes;
    }
    if (bytes > this.maxBytes / 4) return;
    this.entries.set(item.id, { item, bytes });
    this.bytes += bytes;
    for (const [id, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(id);
      this.bytes -= entry.bytes;
    }
  }
}

/** A write that kept losing races to other writers: worth retrying later, like throttling. */
function contended(error: unknown, context: Record<string, unknown>): RetryableError {
  return new RetryableError('rate_limited', `write lost ${MAX_ATTEMPTS} races to concurrent writers`, context, { cause: error });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Practice records in the single table of `table-design.ts`: ingestion writes, the public and
 * review listings (Queries on `gsi1`, never a Scan) and the editorial transaction.
 *
 * Every write is one transaction holding the record (conditional on its version, or on not
 * existing), its history row and the rewrite of its index rows, so a listing never disagrees with
 * the record for longer than the index's propagation. `q` is served by reading the narrowest
 * listing and matching the words carried on each index row, at most `LISTING_READ_BUDGET` rows per
 * request (the cursor then resumes where the budget ran out).
 */
export class DynamoPracticeRepository implements PracticeRepository, PracticeQueryRepository, PracticeReviewRepository, StoryRepository, ProjectionOutbox {
  private readonly cache: RecordCache;
  /** Record transactions of ingestion, sent in groups while others are on their way. */
  private readonly groups: TransactionGroups;
  /** Near-duplicate band lookups, likewise. */
  private readonly bandLookups: BandLookups;
  /**
   * Story items this instance read or wrote, by `id@version` (a version is never rewritten: every
   * write is conditional on it), so that `putStory` need not read the item it replaces again.
   */
  private readonly storyVersions = new Map<string, StoryItem>();
  /**
   * What `findByUrl` just read for a URL (its URL row, or null), taken by the next
   * `recordObservation` of that URL for its first attempt instead of reading again: ingestion
   * always looks an entry up before recording it. A stale hint is safe, because the transaction's
   * conditions (URL row absent, record version unchanged) reject it and the retry reads afresh.
   */
  private readonly urlHints = new Map<string, { row: Row | null; item: PracticeItem | null }>();
  /**
   * Link-candidate rows (`LK#…`) of records this instance wrote with their listing rows deferred,
   * by listing and record id: story linking later in the same run must see the run's earlier
   * articles, whose rows the projector writes a moment later (another instance sees them then).
   */
  private readonly pendingLinkRows = new Map<string, Map<string, Row>>();
  private readonly pendingLinkOrder: Array<[string, string]> = [];
  /** What `lookUpUrls` read, by URL, until the URL's `findByUrl` takes it. */
  private readonly lookedUp = new Map<string, { row: Row | null; item: PracticeItem | null }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    options: { cacheBytes?: number; search?: SearchIndex; projection?: 'inline' | 'deferred'; transactionsInFlight?: number } = {},
  ) {
    this.cache = new RecordCache(options.cacheBytes ?? 32 * 1024 * 1024);
    this.groups = new TransactionGroups(client, options.transactionsInFlight ?? 2);
    this.bandLookups = new BandLookups(client, `"${tableName}"."${LISTING_INDEX}"`, MAX_BAND_ROWS);
    this.search = options.search;
    this.deferred = options.projection === 'deferred';
  }

  /**
   * With `deferred`, an ingested record's transaction holds only the rows `writtenWithRecord`
   * names and an outbox row; its other listing rows and its postings are the projector's
   * (`core/projection`). Editors' writes still keep every row in step, and queue a projection too,
   * so that a projection of an older version running meanwhile cannot leave its rows behind.
   */
  private readonly deferred: boolean;

  /** The full-text index kept with the records (`core/search`): postings added before a write, pruned after. */
  private readonly search: SearchIndex | undefined;

  async get(id: string): Promise<PracticeItem | null> {
    const row = await this.getRow(recordPk(id), RECORD_SK);
    return row ? parseRecord(row) : null;
  }

  async lookUpUrls(urls: readonly string[]): Promise<void> {
    const unique = [...new Set(urls)];
    const rows = new Map<string, Row>();
    await Promise.all(
      chunks(unique, 100).map(async (part) => {
        const byKey = new Map(part.map((url) => [`URL#${urlKey(url)}`, url]));
        for (const row of await this.batchGetRows([...byKey.keys()].map((pk) => ({ pk, sk: 'U' })), true)) rows.set(byKey.get(row.pk as string)!, row);
      }),
    );
    const items = new Map((await this.getMany([...new Set([...rows.values()].map((row) => row.id as string))])).map((item) => [item.id, item]));
    for (const url of unique) {
      const row = rows.get(url) ?? null;
      this.lookedUp.delete(url);
      this.lookedUp.set(url, { row, item: row ? (items.get(row.id as string) ?? null) : null });
    }
    // Bounded: a run takes its lookups within moments; the oldest go first.
    for (const key of this.lookedUp.keys()) {
      if (this.lookedUp.size <= LOOKED_UP) break;
      this.lookedUp.delete(key);
    }
  }

  async findByUrl(url: string): Promise<PracticeItem | null> {
    // A batched lookup answers once; a record it missed (its URL row read, the record not) is read here.
    const looked = this.lookedUp.get(url);
    this.lookedUp.delete(url);
    const row = looked ? looked.row : await this.getRow(`URL#${urlKey(url)}`, 'U');
    const item = looked?.item ?? (row ? await this.get(row.id as string) : null);
    this.urlHints.delete(url);
    this.urlHints.set(url, { row, item });
    // Bounded: hints are taken within moments; the oldest go first.
    for (const key of this.urlHints.keys()) {
      if (this.urlHints.size <= URL_HINTS) break;
      this.urlHints.delete(key);
    }
    return item;
  }

  async findNearDuplicateCandidates(simhash: string, limit = 20): Promise<PracticeItem[]> {
    // One PartiQL statement over the four band partitions instead of four Queries: the same rows for a
    // quarter of the requests (on DynamoDB Local a request's own overhead is most of a band lookup's
    // cost: 5.1 against 6.8 ms of node CPU an ingested article). Every band row is read, not the first
    // 20 of each band, so a crowded band no longer hides a near record; bounded all the same.
    // Lookups asked while others are on their way share one statement (see `BandLookups`).
    const rows = await this.bandLookups.rows(simhashBands(simhash).map((band) => `BAND#${band}`));
    // Rows written since band rows carry the hash (`txt`) are checked here, so only near records
    // are read (most new articles have none); older rows are read and left to the caller's check.
    const versions = new Map<string, number | undefined>();
    for (const row of rows) {
      const hash = row.txt;
      if (typeof hash === 'string' && HASH.test(hash) && hammingDistance(hash, simhash) > NEAR_DUPLICATE_MAX_DISTANCE) continue;
      versions.set(row.id as string, row.ver as number | undefined);
    }
    return this.getMany([...versions.keys()].slice(0, limit), versions);
  }

  async recordObservation(observation: ArticleObservation, mergeInto?: string): Promise<ObservationOutcome> {
    const hint = this.urlHints.get(observation.source.url);
    this.urlHints.delete(observation.source.url);
    for (let attempt = 1; ; attempt += 1) {
      const fresh = attempt > 1 || !hint || (hint.row !== null && hint.item === null);
      const urlRow = (fresh ? await this.getRow(`URL#${urlKey(observation.source.url)}`, 'U') : hint.row) as (UrlRow & Row) | null;
      const existingItem = urlRow ? (fresh ? await this.get(urlRow.id) : hint!.item) : null;
      const mergeTarget = !urlRow && mergeInto !== undefined ? await this.get(mergeInto) : null;
      const plan = planObservation({
        observation,
        existing: urlRow && existingItem ? { item: existingItem, urlRow } : null,
        mergeInto,
        mergeTarget,
      });
      if (plan.kind === 'unchanged') return { kind: 'unchanged', id: plan.id };
      const item = fitForStorage(plan.item);
      // The record's rows, computed once: the transaction's and the link rows kept for story linking.
      const rows = rowsOf(item);
      const items: TransactItem[] = [
        this.putRecord(item, plan.previous?.editorial.version ?? null),
        {
          Put: {
            TableName: this.tableName,
            Item: { pk: `URL#${urlKey(plan.urlRow.url)}`, sk: 'U', ...plan.urlRow },
            ...(plan.newUrl ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
          },
        },
        this.putHistory(plan.history),
        ...(this.deferred ? [...this.indexChanges(plan.previous, item, writtenWithRecord, rows), this.putOutbox(item, observation.observedAt)] : this.indexChanges(plan.previous, item, undefined, rows)),
      ];
      try {
        // Ingestion's transactions go in groups (one request for several articles); see `TransactionGroups`.
        const bytes = Buffer.byteLength((items[0]!.Put!.Item as Row).doc as string) + Buffer.byteLength(JSON.stringify(plan.history.changes)) + 1024 * items.length;
        const write = () => this.groups.submit(items, bytes);
        if (this.deferred) await write();
        else await withIndexChange(this.search, plan.previous, item, write);
        if (this.deferred) this.rememberLinkRows(plan.previous, item, rows);
        return { kind: plan.kind, id: plan.id };
      } catch (error) {
        // Someone else (or our own earlier attempt whose answer was lost) wrote first: re-read and re-plan.
        if (errorName(error) !== 'TransactionCanceledException') throw translateTransient(error, { url: observation.source.url });
        if (attempt >= MAX_ATTEMPTS) throw contended(error, { url: observation.source.url });
        await sleep(5 * attempt + Math.random() * 20);
      }
    }
  }

  async applyEditorAction(input: { id: string; expectedVersion: number; action: EditorAction; actor: string; requestToken: string; at: string }): Promise<PracticeItem> {
    const tokenSk = `T#${input.requestToken}`;
    const request = editorRequestFingerprint(input.expectedVersion, input.action);
    let clientToken: string | undefined = createHash('sha256').update(`${this.tableName}\n${input.id}\n${input.requestToken}`).digest('base64url').slice(0, 36);
    for (let attempt = 1; ; attempt += 1) {
      const [current, token] = await Promise.all([this.get(input.id), this.getRow(recordPk(input.id), tokenSk)]);
      if (!current) throw new NotFoundError(`practice ${input.id} not found`, { id: input.id });
      // A replay answers with the record only for the same request (rows written before the
      // fingerprint existed count as the same) and only while nothing has changed since it was
      // applied; after another write it is as stale as its If-Match, and must say so (412).
      const sameRequest = token != null && (token['request'] === undefined || token['request'] === request);
      if (token && sameRequest && token['version'] === current.editorial.version) return current;
      if (current.editorial.version !== input.expectedVersion) {
        throw new VersionConflictError(`practice ${input.id} is at version ${current.editorial.version}, not ${input.expectedVersion}`, {
          id: input.id,
          currentVersion: current.editorial.version,
        });
      }
      if (token) throw idempotencyKeyReused();
      const planned = planEditorAction(current, input.action, input.actor, input.at);
      const item = fitForStorage(planned.item);
      const history = planned.history;
      const items: TransactItem[] = [
        this.putRecord(item, input.expectedVersion),
        this.putHistory(history),
        {
          Put: {
            TableName: this.tableName,
            Item: { pk: recordPk(input.id), sk: tokenSk, version: item.editorial.version, request, ttl: Math.floor(Date.parse(input.at) / 1000) + TOKEN_TTL_SECONDS },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...this.indexChanges(current, item),
        ...(this.deferred ? [this.putOutbox(item, input.at)] : []),
      ];
      try {
        await withIndexChange(this.search, current, item, () =>
          this.client.send(
            new TransactWriteCommand({
              TransactItems: items,
              // DynamoDB's own idempotency window (10 minutes) for a retried identical transaction.
              ...(clientToken ? { ClientRequestToken: clientToken } : {}),
            }),
          ),
        );
        return item;
      } catch (error) {
        const name = errorName(error);
        if (name === 'IdempotentParameterMismatchException' && attempt < MAX_ATTEMPTS) {
          // The token went with a different transaction (an earlier attempt planned at another time);
          // the token row, checked again by the loop, keeps the action idempotent without it.
          clientToken = undefined;
          continue;
        }
        if (name !== 'TransactionCanceledException') throw translateTransient(error, { id: input.id });
        const codes = cancellationCodes(error);
        if (!codes.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) throw translateTransient(error, { id: input.id });
        if (attempt >= MAX_ATTEMPTS) throw contended(error, { id: input.id });
        // The loop re-reads: a newer version becomes a VersionConflictError, our own token a success.
        if (!codes.includes('ConditionalCheckFailed')) await sleep(5 * attempt + Math.random() * 20);
      }
    }
  }

  async listPublic(filter: PracticeFilter, page: PageRequest): Promise<Page<PracticeItem>> {
    return this.list(planPublicListing(filter), page, isPublic);
  }

  async listReview(filter: ReviewFilter, page: PageRequest): Promise<Page<PracticeItem>> {
    const status = filter.status ?? 'pending';
    return this.list(planReviewListing(filter), page, (item) => item.editorial.status === status);
  }

  async history(id: string, page: PageRequest): Promise<Page<HistoryEntry>> {
    return this.historyPage<HistoryEntry>(recordPk(id), page);
  }

  /** A page of the history rows (`H#<version>`) under `pk`, oldest first. */
  private async historyPage<T extends { version: number }>(pk: string, page: PageRequest): Promise<Page<T>> {
    const limit = clampLimit(page.limit);
    const after = decodePosition(page.after);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
        ExpressionAttributeValues: { ':pk': pk, ':h': 'H#' },
        ...(after ? { ExclusiveStartKey: { pk, sk: `H#${after}` } } : {}),
        // One more than asked tells whether another page exists without a second request.
        Limit: limit + 1,
      }),
    );
    const entries = (result.Items ?? []).map((row) => row.entry as T);
    const items = entries.slice(0, limit);
    const more = entries.length > limit;
    return { items, next: more ? encodePosition(String(items.at(-1)!.version).padStart(10, '0')) : null };
  }


  /** Bulk load of fully formed records and their history (seeding, migrations): BatchWrite, no conditions. */
  async importRecords(records: Array<{ item: PracticeItem; history: HistoryEntry[] }>, options: { concurrency?: number } = {}): Promise<void> {
    const rows: Row[] = [];
    for (const { item, history } of records) {
      rows.push(recordRow(item));
      for (const source of item.sources) {
        rows.push({ pk: `URL#${urlKey(source.url)}`, sk: 'U', url: source.url, id: item.id, contentHash: item.contentHash, extractorVersion: item.extraction.extractorVersion });
      }
      for (const entry of history) rows.push({ pk: recordPk(item.id), sk: historySk(entry.version), entry });
      for (const entry of rowsOf(item)) rows.push(indexRow(entry));
    }
    const chunks: Row[][] = [];
    for (let i = 0; i < rows.length; i += 25) chunks.push(rows.slice(i, i + 25));
    let next = 0;
    const worker = async () => {
      // Puts are idempotent, so a throttled batch is simply sent again (seeding waits longer than a request would).
      while (next < chunks.length) await batchWriteAll(this.client, this.tableName, chunks[next++]!.map((Item) => ({ PutRequest: { Item } })), { what: 'items', errorAttempts: 12 });
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 16 }, worker));
    const search = this.search;
    if (search) {
      // Imported records are new to the index as they are to the table.
      for (const { item } of records) {
        const change = planIndexChange(null, item);
        await search.addPostings(change);
        await search.prunePostings(change);
      }
    }
  }

  private async list(plan: ListingPlan, page: PageRequest, visible: (item: PracticeItem) => boolean): Promise<Page<PracticeItem>> {
    const limit = clampLimit(page.limit);
    const after = decodePosition(page.after);
    const values: Record<string, string> = { ':p': plan.gpk };
    let range = '';
    if (plan.lower !== null && plan.upper !== null) {
      range = ' AND gsk BETWEEN :lo AND :hi';
      values[':lo'] = plan.lower;
      values[':hi'] = plan.upper;
    } else if (plan.lower !== null) {
      range = ' AND gsk >= :lo';
      values[':lo'] = plan.lower;
    } else if (plan.upper !== null) {
      range = ' AND gsk <= :hi';
      values[':hi'] = plan.upper;
    }
    // DynamoDB refuses a start key outside the key condition (a cursor reused with other dates).
    const beyond = after !== null && ((plan.lower !== null && after < plan.lower) || (plan.upper !== null && after > plan.upper));
    if (beyond && (plan.descending ? after < plan.lower! : after > plan.upper!)) return { items: [], next: null };
    let startKey: Row | undefined = after && !beyond ? { pk: recordPk(idOfGsk(after)), sk: indexSk(plan.gpk), gpk: plan.gpk, gsk: after } : undefined;
    const ids: string[] = [];
    const versions = new Map<string, number | undefined>();
    let examined = 0;
    let lastGsk: string | null = null;
    let next: string | null = null;
    for (;;) {
      const input: QueryCommandInput = {
        TableName: this.tableName,
        IndexName: LISTING_INDEX,
        KeyConditionExpression: `gpk = :p${range}`,
        ExpressionAttributeValues: values,
        ScanIndexForward: !plan.descending,
        // One row beyond the page shows whether a next page exists; filtered reads take bigger bites.
        Limit: Math.min(LISTING_READ_BUDGET - examined + 1, plan.filtered ? Math.max(limit - ids.length + 1, 100) : limit - ids.length + 1),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      };
      const result = await this.client.send(new QueryCommand(input));
      let full = false;
      for (const row of result.Items ?? []) {
        if (ids.length >= limit || examined >= LISTING_READ_BUDGET) {
          full = true;
          break;
        }
        examined += 1;
        lastGsk = row.gsk as string;
        if (plan.matches({ flt: (row.flt as string[] | undefined) ?? [], txt: (row.txt as string | undefined) ?? '', d: row.d as string })) {
          ids.push(row.id as string);
          versions.set(row.id as string, row.ver as number | undefined);
        }
      }
      if (full) {
        next = lastGsk;
        break;
      }
      if (!result.LastEvaluatedKey) break;
      if (examined >= LISTING_READ_BUDGET) {
        next = lastGsk;
        break;
      }
      startKey = result.LastEvaluatedKey;
    }
    const items = (await this.getMany(ids, versions)).filter(visible);
    return { items, next: next === null ? null : encodePosition(next) };
  }

  /**
   * Records by id, in the order asked, skipping missing ones (BatchGet with an UnprocessedKeys loop).
   * With `versions` (from listing rows), records already cached at that version are not read again.
   */
  async getMany(ids: readonly string[], versions?: Map<string, number | undefined>): Promise<PracticeItem[]> {
    const found = new Map<string, PracticeItem>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = versions ? this.cache.get(id, versions.get(id)) : undefined;
      if (cached) found.set(id, cached);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 100) {
      for (const row of await this.batchGetRows(missing.slice(i, i + 100).map((id) => ({ pk: recordPk(id), sk: RECORD_SK })))) {
        const item = parseRecord(row);
        found.set(item.id, item);
        this.cache.set(item, (row.doc as string).length);
      }
    }
    return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  /** Up to 100 items by key (BatchGet with an UnprocessedKeys loop); missing ones are left out. */
  private async batchGetRows(keys: Row[], consistentRead = false): Promise<Row[]> {
    const rows: Row[] = [];
    for (let attempt = 0; keys.length; attempt += 1) {
      if (attempt > 0) await sleep(Math.min(500, 10 * 2 ** attempt) * Math.random());
      if (attempt > 12) throw new CriticalError(`BatchGet left ${keys.length} keys unprocessed`);
      const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ...(consistentRead ? { ConsistentRead: true } : {}) } } }));
      rows.push(...((result.Responses?.[this.tableName] ?? []) as Row[]));
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Row[];
    }
    return rows;
  }

  private putRecord(item: PracticeItem, expectedVersion: number | null): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: recordRow(item),
        ...(expectedVersion === null
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'ver = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      },
    };
  }

  private putHistory(entry: HistoryEntry): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: { pk: recordPk(entry.practiceId), sk: historySk(entry.version), entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * Puts the record's current index rows and deletes the ones it no longer has (each key once);
   * with `only`, just the listings it accepts.
   */
  private indexChanges(previous: PracticeItem | null, item: PracticeItem, only: (gpk: string) => boolean = () => true, rows: IndexEntry[] = rowsOf(item)): TransactItem[] {
    const fresh = new Map(rows.filter((e) => only(e.gpk)).map((e) => [indexSk(e.gpk), e]));
    const changes: TransactItem[] = [];
    for (const old of previous ? rowsOf(previous).filter((e) => only(e.gpk)) : []) {
      const sk = indexSk(old.gpk);
      const replacement = fresh.get(sk);
      if (!replacement) changes.push({ Delete: { TableName: this.tableName, Key: { pk: recordPk(item.id), sk } } });
      else if (JSON.stringify(indexRow(replacement)) === JSON.stringify(indexRow(old))) fresh.delete(sk);
    }
    for (const entry of fresh.values()) changes.push({ Put: { TableName: this.tableName, Item: indexRow(entry) } });
    return changes;
  }

  /** The outbox row asking the projector for the record's rows at its version. */
  private putOutbox(item: PracticeItem, at: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: this.outboxRow(item.id, item.editorial.version, at) } };
  }

  private outboxRow(id: string, version: number, at: string): Row {
    const since = toIso(at);
    return { pk: recordPk(id), sk: OUTBOX_SK, gpk: OUTBOX_GPK, gsk: `${since}#${id}`, id, ver: version, d: since };
  }

  // ---- The projector's outbox (core/projection) -------------------------------------------------

  async pendingProjections(limit: number): Promise<PendingProjection[]> {
    const result = await this.client.send(
      new QueryCommand({ TableName: this.tableName, IndexName: LISTING_INDEX, KeyConditionExpression: 'gpk = :p', ExpressionAttributeValues: { ':p': OUTBOX_GPK }, Limit: Math.max(1, limit) }),
    );
    // The index is eventually consistent: an entry cleared an instant ago may still be listed (its
    // projection is then a no-op); one is listed at most once per page.
    return (result.Items ?? []).map((row) => ({ id: row.id as string, version: row.ver as number, since: row.d as string }));
  }

  async projectListings(item: PracticeItem): Promise<number> {
    const rows = await queryPartition(this.client, this.tableName, recordPk(item.id), { skPrefix: 'X#', consistentRead: true });
    const stored = new Map<string, Row>(rows.map((row) => [row.sk as string, row]));
    const writes: WriteRequest[] = [];
    const fresh = new Map(rowsOf(item).map((e) => [indexSk(e.gpk), indexRow(e)]));
    for (const [sk, row] of fresh) {
      const old = stored.get(sk);
      if (!old || !sameRow(old, row)) writes.push({ PutRequest: { Item: row } });
    }
    for (const sk of stored.keys()) if (!fresh.has(sk)) writes.push({ DeleteRequest: { Key: { pk: recordPk(item.id), sk } } });
    for (let i = 0; i < writes.length; i += 25) await batchWriteAll(this.client, this.tableName, writes.slice(i, i + 25), { what: 'listing rows', context: { id: item.id } });
    return writes.length;
  }

  async currentVersion(id: string): Promise<number | null> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: recordPk(id), sk: RECORD_SK }, ConsistentRead: true, ProjectionExpression: 'ver' }));
    return result.Item ? (result.Item.ver as number) : null;
  }

  async clearProjection(id: string, version: number): Promise<boolean> {
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { pk: recordPk(id), sk: OUTBOX_SK }, ConditionExpression: 'ver = :v', ExpressionAttributeValues: { ':v': version } }),
      );
      return true;
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return false;
      throw translateTransient(error, { id });
    }
  }

  async requeueProjection(id: string, version: number, since: string): Promise<void> {
    try {
      // Never lowers a version a newer write queued.
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: this.outboxRow(id, version, since), ConditionExpression: 'attribute_not_exists(pk) OR ver <= :v', ExpressionAttributeValues: { ':v': version } }),
      );
    } catch (error) {
      if (errorName(error) !== 'ConditionalCheckFailedException') throw translateTransient(error, { id });
    }
  }

  async projectionLag(): Promise<ProjectionLag> {
    const oldest = await this.pendingProjections(1);
    let depth = 0;
    let startKey: Row | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: LISTING_INDEX,
          KeyConditionExpression: 'gpk = :p',
          ExpressionAttributeValues: { ':p': OUTBOX_GPK },
          Select: 'COUNT',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      depth += result.Count ?? 0;
      startKey = result.LastEvaluatedKey as Row | undefined;
    } while (startKey && depth < LAG_COUNT_BUDGET);
    return { depth, truncated: startKey !== undefined, oldestSince: oldest[0]?.since ?? null };
  }

  // ---- Stories (the rules are core/stories/story-record.ts's) -----------------------------------

  /** Ids (with their `gsk`) of one listing's rows between two bounds, at most `limit`. */
  private async queryIds(gpk: string, options: { lower?: string; upper?: string; prefix?: string; descending?: boolean; limit: number; announcementsOnly?: boolean }): Promise<Array<{ id: string; gsk: string; row: Row }>> {
    const values: Record<string, string> = { ':p': gpk };
    let range = '';
    if (options.prefix !== undefined) {
      range = ' AND begins_with(gsk, :prefix)';
      values[':prefix'] = options.prefix;
    } else if (options.lower !== undefined && options.upper !== undefined) {
      range = ' AND gsk BETWEEN :lo AND :hi';
      values[':lo'] = options.lower;
      values[':hi'] = options.upper;
    }
    const found: Array<{ id: string; gsk: string; row: Row }> = [];
    let startKey: Row | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: LISTING_INDEX,
          KeyConditionExpression: `gpk = :p${range}`,
          ExpressionAttributeValues: values,
          ScanIndexForward: !options.descending,
          Limit: Math.min(1000, options.limit - found.length + (options.announcementsOnly ? 100 : 0)),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const row of result.Items ?? []) {
        if (options.announcementsOnly && !((row.flt as string[] | undefined) ?? []).includes('A')) continue;
        if (found.length < options.limit) found.push({ id: row.id as string, gsk: row.gsk as string, row });
      }
      startKey = result.LastEvaluatedKey as Row | undefined;
    } while (startKey && found.length < options.limit);
    return this.withPendingLinkRows(gpk, found, options);
  }

  /**
   * A link-candidate listing as this instance's own recent records add to it before the projector
   * has written their rows: merged by id, in the listing's order, within its bounds.
   */
  private withPendingLinkRows(
    gpk: string,
    found: Array<{ id: string; gsk: string; row: Row }>,
    options: { lower?: string; upper?: string; prefix?: string; descending?: boolean; limit: number; announcementsOnly?: boolean },
  ): Array<{ id: string; gsk: string; row: Row }> {
    const pending = this.pendingLinkRows.get(gpk);
    if (!pending || pending.size === 0) return found;
    const seen = new Set(found.map((f) => f.id));
    const merged = [...found];
    for (const row of pending.values()) {
      const gsk = row.gsk as string;
      if (seen.has(row.id as string)) continue;
      if (options.prefix !== undefined && !gsk.startsWith(options.prefix)) continue;
      if (options.prefix === undefined && options.lower !== undefined && options.upper !== undefined && (gsk < options.lower || gsk > options.upper)) continue;
      if (options.announcementsOnly && !((row.flt as string[] | undefined) ?? []).includes('A')) continue;
      merged.push({ id: row.id as string, gsk, row });
    }
    merged.sort((a, b) => (a.gsk < b.gsk ? -1 : a.gsk > b.gsk ? 1 : 0) * (options.descending ? -1 : 1));
    return merged.slice(0, options.limit);
  }

  /** Keeps a deferred record's link-candidate rows until the projector has surely written them (bounded, oldest first out). */
  private rememberLinkRows(previous: PracticeItem | null, item: PracticeItem, rows: IndexEntry[]): void {
    for (const entry of previous ? storyIndexEntries(previous) : []) if (entry.gpk.startsWith('LK#')) this.pendingLinkRows.get(entry.gpk)?.delete(entry.id);
    for (const entry of rows) {
      if (!entry.gpk.startsWith('LK#')) continue;
      if (!this.pendingLinkRows.has(entry.gpk)) this.pendingLinkRows.set(entry.gpk, new Map());
      this.pendingLinkRows.get(entry.gpk)!.set(entry.id, indexRow(entry));
      this.pendingLinkOrder.push([entry.gpk, entry.id]);
    }
    while (this.pendingLinkOrder.length > PENDING_LINK_ROWS) {
      const [gpk, id] = this.pendingLinkOrder.shift()!;
      const rows = this.pendingLinkRows.get(gpk);
      rows?.delete(id);
      if (rows && rows.size === 0) this.pendingLinkRows.delete(gpk);
    }
  }

  async findLinkCandidates(keys: readonly string[], around: string, windowDays: number, limit: number): Promise<PracticeItem[]> {
    const at = Date.parse(around);
    const lower = new Date(at - windowDays * 86_400_000).toISOString();
    const upper = `${new Date(at + windowDays * 86_400_000).toISOString()}#\uffff`;
    const pages = await Promise.all(keys.map(async (key) => ({ key, rows: await this.queryIds(`LK#${key}`, { lower, upper, limit: 200 }) })));
    const scores = new Map<string, number>();
    for (const { key, rows } of pages) for (const { id } of rows) scores.set(id, (scores.get(id) ?? 0) + linkKeyWeight(key));
    const ids = [...scores].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, limit).map(([id]) => id);
    return this.getMany(ids);
  }

  async findPracticeCandidates(regions: readonly string[], limit: number): Promise<PracticeItem[]> {
    const pages = await Promise.all(regions.map((code) => this.queryIds(`LK#R:${code}`, { descending: true, limit, announcementsOnly: true })));
    const newest = new Map<string, string>();
    for (const rows of pages) for (const { id, gsk } of rows) newest.set(id, gsk);
    const ids = [...newest].sort(([, a], [, b]) => (a < b ? 1 : -1)).slice(0, limit).map(([id]) => id);
    return this.getMany(ids);
  }

  async members(storyId: string, options: { newest?: number } = {}): Promise<PracticeItem[]> {
    const rows =
      options.newest === undefined
        ? await this.queryIds(`STORY#${storyId}`, { limit: MAX_STORY_MEMBERS })
        : (await this.queryIds(`STORY#${storyId}`, { descending: true, limit: Math.min(options.newest, MAX_STORY_MEMBERS) })).reverse();
    // Read through: a member that moved away an instant ago must not be shown here.
    return (await this.getMany(rows.map((r) => r.id))).filter((item) => storyOf(item) === storyId);
  }

  async getStory(id: string): Promise<StoryItem | null> {
    const row = await this.getRow(storyPk(id), 'S');
    return row ? this.rememberStory(JSON.parse(row.doc as string) as StoryItem) : null;
  }

  private rememberStory(story: StoryItem): StoryItem {
    if (this.storyVersions.size >= 256) this.storyVersions.delete(this.storyVersions.keys().next().value!);
    this.storyVersions.set(`${story.id}@${story.version}`, story);
    return story;
  }

  async getStories(ids: readonly string[]): Promise<StoryItem[]> {
    const unique = [...new Set(ids)];
    const found = new Map<string, StoryItem>();
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Row[] = unique.slice(i, i + 100).map((id) => ({ pk: storyPk(id), sk: 'S' }));
      for (let attempt = 0; keys.length; attempt += 1) {
        if (attempt > 0) await sleep(Math.min(500, 10 * 2 ** attempt) * Math.random());
        if (attempt > 12) throw new CriticalError(`BatchGet left ${keys.length} story keys unprocessed`);
        const result = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const row of result.Responses?.[this.tableName] ?? []) {
          const story = JSON.parse(row.doc as string) as StoryItem;
          found.set(story.id, story);
        }
        keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Row[];
      }
    }
    return unique.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  async putStory(story: StoryItem, expectedVersion: number, history: StoryHistoryEntry, request?: StoryRequestToken): Promise<StoryItem> {
    const previous = expectedVersion === 0 ? null : (this.storyVersions.get(`${story.id}@${expectedVersion}`) ?? (await this.getStory(story.id)));
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: { pk: storyPk(story.id), sk: 'S', id: story.id, ver: story.version, doc: JSON.stringify(story) },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'ver = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
        },
      },
      { Put: { TableName: this.tableName, Item: { pk: storyPk(story.id), sk: historySk(history.version), entry: history }, ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    if (request !== undefined) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            pk: storyPk(story.id),
            sk: `T#${request.token}`,
            version: story.version,
            request: request.request,
            ...(request.articles !== undefined ? { articles: request.articles } : {}),
            ttl: Math.floor(Date.parse(history.at) / 1000) + TOKEN_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const fresh = new Map(storyItemIndexEntries(story).map((e) => [indexSk(e.gpk), e]));
    for (const old of previous && previous.version === expectedVersion ? storyItemIndexEntries(previous) : []) {
      if (!fresh.has(indexSk(old.gpk))) items.push({ Delete: { TableName: this.tableName, Key: { pk: storyPk(story.id), sk: indexSk(old.gpk) } } });
    }
    for (const entry of fresh.values()) items.push({ Put: { TableName: this.tableName, Item: { ...indexRow(entry), pk: storyPk(story.id) } } });
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: items }));
      return this.rememberStory(story);
    } catch (error) {
      if (errorName(error) !== 'TransactionCanceledException') throw translateTransient(error, { storyId: story.id });
      const codes = cancellationCodes(error);
      const current = await this.getStory(story.id);
      // A spent token: the same request on the version it produced replays, anything else is
      // refused as stale (412) or as a reused key (400), never answered with the current story.
      const spent = request !== undefined && codes[2] === 'ConditionalCheckFailed' ? await this.storyRequest(story.id, request.token) : null;
      if (request !== undefined && spent && answerStoryRequest(spent, request.request, { id: story.id, version: current?.version ?? 0 }, expectedVersion) === 'replay' && current) return current;
      if (codes[0] === 'ConditionalCheckFailed' || codes[1] === 'ConditionalCheckFailed') {
        throw new VersionConflictError(`story ${story.id} is at version ${current?.version ?? 0}, not ${expectedVersion}`, { id: story.id, currentVersion: current?.version ?? 0 });
      }
      throw contended(error, { storyId: story.id });
    }
  }

  async storyRequest(id: string, requestToken: string): Promise<SpentStoryRequest | null> {
    const row = await this.getRow(storyPk(id), `T#${requestToken}`);
    if (!row) return null;
    // Rows written before fingerprints carry only the version; they count as the same request.
    return { version: row['version'] as number, request: row['request'] as string | undefined, articles: row['articles'] as string | undefined };
  }

  async timelineStories(timelineId: string): Promise<StoryItem[]> {
    const rows = await this.queryIds(`TL#${timelineId}`, { limit: MAX_STORY_MEMBERS });
    return (await this.getStories(rows.map((r) => r.id))).filter((story) => story.timelineId === timelineId && !story.mergedInto);
  }

  async moveRecord(input: { id: string; storyId: string; actor: string; at: string; reason: string; requestToken: string }): Promise<PracticeItem> {
    const tokenSk = `T#${input.requestToken}`;
    for (let attempt = 1; ; attempt += 1) {
      const [current, token] = await Promise.all([this.get(input.id), this.getRow(recordPk(input.id), tokenSk)]);
      if (!current) throw new NotFoundError(`practice ${input.id} not found`, { id: input.id });
      if (token || storyOf(current) === input.storyId) return current;
      const planned = planStoryMove(current, input.storyId, input.actor, input.at, input.reason);
      const item = fitForStorage(planned.item);
      const history = planned.history;
      const items: TransactItem[] = [
        this.putRecord(item, current.editorial.version),
        this.putHistory(history),
        {
          Put: {
            TableName: this.tableName,
            Item: { pk: recordPk(input.id), sk: tokenSk, version: item.editorial.version, ttl: Math.floor(Date.parse(input.at) / 1000) + TOKEN_TTL_SECONDS },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...this.indexChanges(current, item),
        ...(this.deferred ? [this.putOutbox(item, input.at)] : []),
      ];
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items }));
        return item;
      } catch (error) {
        if (errorName(error) !== 'TransactionCanceledException') throw translateTransient(error, { id: input.id });
        if (attempt >= MAX_ATTEMPTS) throw contended(error, { id: input.id });
        // Another writer changed the record: re-read and move the newer version.
        await sleep(5 * attempt + Math.random() * 20);
      }
    }
  }

  async regionRows(code?: string): Promise<RegionRow[]> {
    const gpk = code ? `PUBRG#${code}` : 'PUBRG';
    const rows = await this.queryIds(gpk, { descending: true, limit: REGION_ROWS_BUDGET });
    return rows.flatMap(({ row }) => decodeRegionRows(gpk, { id: row.id as string, flt: (row.flt as string[] | undefined) ?? [], txt: (row.txt as string | undefined) ?? '', d: row.d as string }));
  }

  async storyHistory(id: string, page: PageRequest): Promise<Page<StoryHistoryEntry>> {
    return this.historyPage<StoryHistoryEntry>(storyPk(id), page);
  }


  private async getRow(pk: string, sk: string): Promise<Row | null> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk, sk }, ConsistentRead: true }));
    return (result.Item as Row | undefined) ?? null;
  }
}
