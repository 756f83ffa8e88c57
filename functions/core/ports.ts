import type { FailureCode } from './errors.js';
import type {
  Article,
  EditorialState,
  OverridableField,
  Overrides,
  ReviewStatus,
  ExtractionInput,
  ExtractionRecord,
  ListingEntry,
  SourceHealth,
  SourceReference,
  Validators,
} from './model.js';
import type { EntryPoint, SourceProfile } from './source-definition.js';

/** Wall clock, injected so that tests and replays control time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

// ---------------------------------------------------------------------------------------------
// Fetching
// ---------------------------------------------------------------------------------------------

/** What the fetcher is asked for. */
export interface FetchRequest {
  url: string;
  source: SourceProfile;
  /** Stored validators for a conditional GET. */
  validators?: Validators;
  /** `Accept` header hint: feeds and APIs ask for XML/JSON. */
  accept?: string;
}

/** A page fetched and decoded. `bytes` are the (decompressed) body as received. */
export interface FetchedPage {
  notModified: false;
  requestedUrl: string;
  /** URL after redirects. */
  url: string;
  status: number;
  headers: Record<string, string>;
  bytes: Uint8Array;
  /** Decoded text (BOM → HTTP charset → prolog/meta → source default). */
  text: string;
  charset: string;
  /** True when the decoding is doubtful (declared and detected charsets disagree, replacement chars). */
  encodingSuspect: boolean;
  fetchedAt: string;
  validators: Validators;
}

export interface NotModified {
  notModified: true;
  requestedUrl: string;
  url: string;
  status: 304;
  fetchedAt: string;
  validators: Validators;
}

/**
 * Fetches one URL politely and safely. Throws a `PipelineError` whose code is from the closed
 * set (network, timeout, http_4xx, ssrf_blocked, robots_disallowed, too_large, …).
 */
export interface PageFetcher {
  fetch(request: FetchRequest): Promise<FetchedPage | NotModified>;
  /** Ends pooled connections and pending waits; the fetcher is unusable afterwards. */
  close?(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Raw pages
// ---------------------------------------------------------------------------------------------

/** Metadata kept with every raw snapshot. */
export interface RawPageMeta {
  sourceId: string;
  url: string;
  status: number;
  headers: Record<string, string>;
  fetchedAt: string;
  charset?: string;
}

export interface RawPage {
  bytes: Uint8Array;
  meta: RawPageMeta;
}

/**
 * Content-addressed archive of fetched bytes (gzip at rest). Written before anything derived
 * from the page, so that any record can be rebuilt without fetching again.
 */
export interface RawPageStore {
  /** Stores the bytes; returns the content-addressed key. Idempotent. */
  put(page: RawPage): Promise<{ key: string }>;
  get(key: string): Promise<RawPage | null>;
}

// ---------------------------------------------------------------------------------------------
// Parsing (off the main thread, with a time and memory budget)
// ---------------------------------------------------------------------------------------------

export type ParseJob =
  | { kind: 'listing'; sourceId: string; entryPoint: EntryPoint; text: string }
  | { kind: 'article'; sourceId: string; url: string; text: string }
  | { kind: 'feeds'; sourceId: string; url: string; text: string };

/** A feed an HTML page announces (`<link rel="alternate" type="application/rss+xml|atom+xml">`). */
export interface DiscoveredFeed {
  /** Absolute URL. */
  url: string;
  kind: 'rss' | 'atom';
}

/**
 * Turns an article into its extraction record (`extractPractice`). Injected so that a deployment
 * can load the extraction code and its catalogues only when a run meets a new article: most runs
 * meet none (not modified, nothing new), and building the catalogues is most of a cold start.
 */
export type PracticeExtractor = (input: ExtractionInput) => ExtractionRecord | Promise<ExtractionRecord>;

/**
 * Runs a source's pure parser under a time budget and memory limit. Throws `PipelineError`
 * with `parse_timeout`, `illformed`, `not_a_feed` or `layout_changed`.
 */
export interface DocumentParser {
  parseListing(job: Extract<ParseJob, { kind: 'listing' }>): Promise<ListingEntry[]>;
  parseArticle(job: Extract<ParseJob, { kind: 'article' }>): Promise<Article>;
  /** The feeds an HTML list announces; absent on a parser that cannot look (discovery is then off). */
  discoverFeeds?(job: Extract<ParseJob, { kind: 'feeds' }>): Promise<DiscoveredFeed[]>;
  close?(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Storage
// ---------------------------------------------------------------------------------------------

/**
 * A stored practice record: machine fields from extraction (of its primary article), the
 * articles that reported it, and the editorial state kept apart.
 */
export interface PracticeItem {
  /** Hash of the primary article's canonical URL. */
  id: string;
  extraction: ExtractionRecord;
  sources: SourceReference[];
  editorial: EditorialState;
  /** 64-bit SimHash of the normalised body, hex; drives near-duplicate merging. */
  simhash: string;
  /** Hash of the normalised text the extraction was made from (detects material change). */
  contentHash: string;
  createdAt: string;
  updatedAt: string;
  /** Set when a re-published article changed materially and went back to review. */
  change?: { detectedAt: string; previousTitle: string; previousBodyText: string } | null;
  /** The story (articles telling the same news) the record belongs to; absent on records older than stories. */
  storyId?: string | null;
}

/** What ingestion asks the repository to record for one article. */
export interface ArticleObservation {
  extraction: ExtractionRecord;
  source: SourceReference;
  simhash: string;
  contentHash: string;
  observedAt: string;
  /** The story a new record joins (chosen by story linking before the record is written). */
  storyId?: string;
}

export type ObservationOutcome =
  /** A new record was created. */
  | { kind: 'created'; id: string }
  /** The article was already stored with the same content and extractor: nothing written. */
  | { kind: 'unchanged'; id: string }
  /** Machine fields refreshed (new extractor version, minor edit); editorial state untouched. */
  | { kind: 'updated'; id: string }
  /** Text changed materially: machine fields refreshed and the record is back in review. */
  | { kind: 'changed'; id: string }
  /** A near-duplicate of an existing record: added as one more source of it. */
  | { kind: 'merged'; id: string };

/**
 * Practice records. Writes are idempotent (conditional create on the natural key, versioned
 * updates); machine writes never overwrite editors' overrides or decisions.
 */
export interface PracticeRepository {
  /** The record whose sources include this canonical URL, if any. */
  findByUrl(url: string): Promise<PracticeItem | null>;
  /**
   * Looks many URLs up at once ahead of their `findByUrl` calls (a run's listing), which an adapter
   * may then answer from what it read here instead of one request each. Optional: an adapter whose
   * lookups cost nothing leaves it out. What it read may be a moment old by the time it is used;
   * `recordObservation` never trusts it (its conditions re-check the URL and the version).
   */
  lookUpUrls?(urls: readonly string[]): Promise<void>;
  /**
   * Candidates sharing a SimHash band with `simhash` (the caller checks the distance). An adapter
   * may leave out candidates it knows to be farther than `NEAR_DUPLICATE_MAX_DISTANCE`.
   */
  findNearDuplicateCandidates(simhash: string, limit?: number): Promise<PracticeItem[]>;
  /** Records one observed article (create, refresh, merge or no-op); see {@link ObservationOutcome}. */
  recordObservation(observation: ArticleObservation, mergeInto?: string): Promise<ObservationOutcome>;
  get(id: string): Promise<PracticeItem | null>;
}

/** One run of one source, for health and the run report. */
export interface SourceRunReport {
  sourceId: string;
  startedAt: string;
  finishedAt: string;
  outcome: 'success' | 'failure' | 'not_modified' | 'skipped';
  itemsSeen: number;
  itemsNew: number;
  /** Failures of the whole source (per entry point). */
  failures: Array<{ entryPoint: string; code: FailureCode; message: string }>;
  /** Failures of single items (a page that failed while the listing worked). */
  itemFailures: Array<{ url: string; code: FailureCode; message: string }>;
  /** Article pages fetched by this run (feeds with full text need none). */
  articlesFetched?: number;
  /** Articles of this run that the source's own rules could not read: the generic extractor did. */
  genericArticles?: number;
  /** Articles of this run read by the source's own rules (listing or page). */
  sourceArticles?: number;
}

/** Persistent state of a source: validators per entry point and health. */
export interface SourceState {
  sourceId: string;
  validators: Record<string, Validators>;
  health: SourceHealth;
  lastRun: SourceRunReport | null;
  version: number;
  /**
   * Per entry-point group: the entry point that worked last (tried first next time), and when the
   * group's own order was last tried (a fallback is left for the first entry point once a day).
   */
  entryPointChoice?: Record<string, { url: string; primaryTriedAt: string }>;
  /** Feeds found in the source's HTML lists, tried after the profile's entry points of the same group. */
  discoveredFeeds?: Array<DiscoveredFeed & { group: string; foundOn: string }>;
  /**
   * Listing titles by article URL, from the last runs, as `listingTitleKey` hashes: a known article is
   * fetched again only when its listing title changed, not because the listing and the page word the
   * title differently.
   */
  listingTitleKeys?: Record<string, string>;
}

export interface SourceStateRepository {
  get(sourceId: string): Promise<SourceState | null>;
  list(): Promise<SourceState[]>;
  /** Writes the state if its version is still `expectedVersion` (0 for a first write). */
  put(state: SourceState, expectedVersion: number): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

export type NotificationEvent =
  | { type: 'practice.pending'; practiceId: string; title: string; at: string }
  | { type: 'practice.approved'; practiceId: string; title: string; reviewer: string; at: string }
  | { type: 'source.failing'; sourceId: string; code: FailureCode; message: string; consecutiveFailures: number; at: string };

/** Publishes domain events to subscribers (webhooks). Must not throw into the caller's flow. */
export interface Notifier {
  publish(event: NotificationEvent): Promise<void>;
}

export const silentNotifier: Notifier = { publish: async () => {} };

/**
 * Event types a webhook can subscribe to. Webhooks carry only what the public may see, so
 * `practice.pending` (an unreviewed record) is an internal event, never delivered.
 */
export const WEBHOOK_EVENT_TYPES = ['practice.approved', 'source.failing'] as const satisfies readonly NotificationEvent['type'][];
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A subscriber: where to POST which events, and the secret that signs them. */
export interface WebhookSubscription {
  id: string;
  url: string;
  /** Shared secret of the HMAC signature; shown once, at creation. */
  secret: string;
  events: WebhookEventType[];
  createdAt: string;
  createdBy: string;
}

/** Outcomes of delivering one event to one subscriber. */
export const DELIVERY_STATUSES = ['delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The outcome of delivering one event to one subscriber, after all attempts. */
export interface WebhookDelivery {
  id: string;
  subscriptionId: string;
  eventType: WebhookEventType;
  status: DeliveryStatus;
  attempts: number;
  /** HTTP status of the last attempt, when the subscriber answered. */
  lastStatusCode: number | null;
  lastError: string | null;
  startedAt: string;
  finishedAt: string;
}

/**
 * Webhook subscriptions and their delivery log. Listing never scans: subscriptions share one
 * partition, and each subscription's deliveries another (newest first).
 */
export interface WebhookRepository {
  create(subscription: WebhookSubscription): Promise<void>;
  get(id: string): Promise<WebhookSubscription | null>;
  list(): Promise<WebhookSubscription[]>;
  /** Removes a subscription; returns false when it did not exist. */
  delete(id: string): Promise<boolean>;
  recordDelivery(delivery: WebhookDelivery): Promise<void>;
  /** Deliveries of one subscription, newest first. */
  listDeliveries(subscriptionId: string, page: PageRequest): Promise<Page<WebhookDelivery>>;
}

/** Where webhooks may point. Production: public http(s) hosts on web ports only. */
export interface WebhookUrlPolicy {
  /** Allows loopback and private targets: tests and local receivers only. */
  allowPrivateTargets: boolean;
}

export const STRICT_WEBHOOK_URL_POLICY: WebhookUrlPolicy = { allowPrivateTargets: false };

/**
 * The rule a webhook target must pass, at subscription and again before every delivery (DNS
 * answers change). Resolving hosts is I/O, so an adapter implements it.
 */
export interface WebhookUrlRule {
  /** Returns the parsed URL, or throws `ValidationError` saying which part is refused. */
  assertAllowed(url: string): Promise<URL>;
}

// ---------------------------------------------------------------------------------------------
// Editors and run figures
// ---------------------------------------------------------------------------------------------

/** The authenticated editor of a request. */
export interface EditorPrincipal {
  /** Editor name (Cognito `username`), recorded as the actor of every change. */
  username: string;
  subject: string;
  groups: string[];
  scopes: string[];
}

/** Verifies a bearer access token and returns the editor it belongs to. */
export interface AccessTokenVerifier {
  /**
   * Throws `UnauthorizedError` (401) for a missing, malformed, forged, expired or foreign token and
   * `ForbiddenError` (403) for a valid token that lacks the editor scope or group.
   */
  verifyEditor(token: string): Promise<EditorPrincipal>;
}

/** Where run figures go: CloudWatch metrics on AWS, nothing or a log line locally. */
export interface RunMetrics {
  recordRun(report: SourceRunReport, sourceFailing: boolean): void | Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Queries and the editorial workflow
// ---------------------------------------------------------------------------------------------

/** Filters shared by the public list, the Atom feed and the review queue. */
export interface PracticeFilter {
  /** ISO 3166-2:RU code. */
  region?: string;
  /** Organisation catalogue id. */
  organisation?: string;
  /** Source id. */
  source?: string;
  /** Topic id. */
  topic?: string;
  /** Inclusive lower bound on the publication date (ISO date or date-time). */
  from?: string;
  /** Inclusive upper bound on the publication date (ISO date or date-time). */
  to?: string;
  /** Words that must all appear in the title or a practice name (normalised, case-insensitive). */
  q?: string;
}

/** Position in a listing. Opaque to callers; the HTTP layer signs it before handing it out. */
export type PageToken = string;

export interface PageRequest {
  limit: number;
  after?: PageToken | null;
}

export interface Page<T> {
  items: T[];
  /** Null on the last page. */
  next: PageToken | null;
}

/**
 * Which classifier verdicts the review queue shows; `uncertain`: pending records whose calibrated
 * confidence lies in the uncertainty band (core/learning/uncertainty.ts) and that no editor has
 * classified yet, closest to the decision boundary first.
 */
export const CLASSIFIED_FILTERS = ['positive', 'negative', 'all', 'uncertain'] as const;
export type ClassifiedFilter = (typeof CLASSIFIED_FILTERS)[number];

export interface ReviewFilter extends PracticeFilter {
  /** Default `pending`. */
  status?: ReviewStatus;
  /** Default `positive`: items the classifier took for announcements; `negative` shows its rejections; `uncertain` the ones an editor's verdict teaches most. */
  classified?: ClassifiedFilter;
}

/** What an editor can do to a record. */
export type EditorAction =
  | { type: 'approve' }
  | { type: 'reject'; reason: string }
  /** Stores field overrides; `null` for a field removes its override. */
  | { type: 'edit'; overrides: { [K in OverridableField]?: Overrides[K] | null } }
  /** Turns a non-announcement into one (true) or back (false); an override of `isPracticeAnnouncement`. */
  | { type: 'set-announcement'; value: boolean };

/** One row of a record's append-only audit history. */
export interface HistoryEntry {
  practiceId: string;
  at: string;
  /** Editor name, or `system` for machine writes (ingestion, re-extraction). */
  actor: string;
  action: 'created' | 'machine-update' | 'changed' | 'merged' | 'story' | EditorAction['type'];
  /** Field-level changes: previous and new values. */
  changes: Record<string, { from: unknown; to: unknown }>;
  /** Version of the record after this change. */
  version: number;
  reason?: string | null;
}

/**
 * Reads over practice records. No request path may Scan: every filter is served by a key or
 * an index. The public listing contains approved announcements only, newest first.
 */
export interface PracticeQueryRepository {
  listPublic(filter: PracticeFilter, page: PageRequest): Promise<Page<PracticeItem>>;
  /** The review queue, oldest first. */
  listReview(filter: ReviewFilter, page: PageRequest): Promise<Page<PracticeItem>>;
  history(id: string, page: PageRequest): Promise<Page<HistoryEntry>>;
}

/**
 * The editorial write: applies one action if the record is still at `expectedVersion`, in one
 * transaction with its history row, made idempotent by `requestToken` (a retried request with
 * the same token, version and action returns the same result and writes nothing more, while the
 * record is still at the version it produced).
 * Throws `NotFoundError`, `VersionConflictError` carrying `currentVersion` (also for a stale
 * replay), or `ValidationError` for a spent token sent with a different request.
 */
export interface PracticeReviewRepository {
  applyEditorAction(input: {
    id: string;
    expectedVersion: number;
    action: EditorAction;
    actor: string;
    requestToken: string;
    at: string;
  }): Promise<PracticeItem>;
}
