import { contentHash, hammingDistance, NEAR_DUPLICATE_MAX_DISTANCE, recordFingerprints } from '../dedupe/simhash.js';
import { toPipelineError, type FailureCode, type PipelineFailure } from '../errors.js';
import type { Article, ListingEntry, WorkingEntryPoint } from '../model.js';
import type {
  ArticleObservation,
  Clock,
  DiscoveredFeed,
  DocumentParser,
  FetchedPage,
  Notifier,
  PageFetcher,
  PracticeExtractor,
  PracticeRepository,
  RawPageStore,
  SourceRunReport,
  SourceState,
  SourceStateRepository,
} from '../ports.js';
import { extractionInputOf, type EntryPoint, type SourceProfile } from '../source-definition.js';
import { practiceIdForUrl } from '../practices/practice-identity.js';
import { chooseStory, completeStoryLinking, type StoryChoice } from '../stories/link-story.js';
import type { StoryRepository } from '../stories/story-ports.js';
import { healthAfterFailure, healthAfterSuccess, initialHealth, shouldAlert } from './source-health.js';

/** Everything one ingestion run talks to. */
export interface IngestDependencies {
  extract: PracticeExtractor;
  fetcher: PageFetcher;
  parser: DocumentParser;
  rawPages: RawPageStore;
  practices: PracticeRepository;
  sourceStates: SourceStateRepository;
  notifier: Notifier;
  clock: Clock;
  /** Story linking of new records (articles telling the same news, practice timelines); off when absent. */
  stories?: StoryRepository;
}

export interface IngestOptions {
  /** Run even while the source is in backoff (manual `ingest`). */
  force?: boolean;
  /** Politeness: at most this many article pages fetched per run; the rest wait for the next run. */
  maxArticleFetches?: number;
  /** Progress lines for a CLI (stderr); never used for results. */
  onProgress?: (line: string) => void;
}

const DEFAULT_MAX_ARTICLE_FETCHES = 25;

/**
 * Entries handled at once (storage lookups and writes, extraction; article fetches still go one at
 * a time per host): enough to keep a function busy while storage answers and to fill the record
 * transactions' groups, few enough to stay small (each holds one page; the bench's handler-memory
 * row measures it). 16 instead of 8: 96.8 against 79.6 articles/s into DynamoDB Local in the quick
 * ingest bench (fuller groups: 0.19 transactions per article against 0.30); 32 gave 99.8.
 */
const ENTRY_CONCURRENCY = 16;

/**
 * Failures after which the next entry point of a group is tried: this entry point is at fault
 * (moved, not a feed any more, redesigned), not the site. Network, 5xx and throttling end the
 * group's chain instead: another URL of the same host would only add load to a struggling site.
 */
export const FALLBACK_CODES: ReadonlySet<FailureCode> = new Set<FailureCode>(['not_a_feed', 'http_4xx', 'layout_changed']);

/** A group running on a fallback tries its own order again after this long, so that a repaired feed is used again. */
export const PRIMARY_RETRY_MS = 24 * 60 * 60 * 1000;

/** Feeds kept per source from `<link rel="alternate">` discovery (the newest). */
const MAX_DISCOVERED_FEEDS = 8;

/**
 * Listing titles kept per source for the known-article check (the newest), as short hashes: the
 * source state is one DynamoDB item (400 KB at most), and a listing carries up to 1000 entries.
 */
const MAX_LISTING_TITLES = 600;

/** A listing title as kept in the source state: 16 hex digits of the hash of its normalised words. */
export const listingTitleKey = (title: string): string => contentHash(title).slice(0, 16);

/** Marks the degraded reason of the generic extractor (carried over runs that read no article). */
const GENERIC_REASON = 'read by the generic extractor';

const DEFAULT_GROUP = 'main';

/** The group of an entry point: its alternatives share it. */
export const groupOf = (entryPoint: Pick<EntryPoint, 'group'>): string => entryPoint.group ?? DEFAULT_GROUP;

/** The source's entry points by group, groups and members in the profile's order. */
export function entryPointGroups(source: Pick<SourceProfile, 'entryPoints'>): Array<{ group: string; entryPoints: EntryPoint[] }> {
  const groups = new Map<string, EntryPoint[]>();
  for (const entryPoint of source.entryPoints) {
    const group = groupOf(entryPoint);
    groups.set(group, [...(groups.get(group) ?? []), entryPoint]);
  }
  return [...groups].map(([group, entryPoints]) => ({ group, entryPoints }));
}

/** One entry point to try, with its place in the group's own order (0: the group's first). */
interface Candidate {
  entryPoint: EntryPoint;
  rank: number;
  discovered: boolean;
}

/** The entry point of a feed found in an HTML list. */
function discoveredEntryPoint(feed: DiscoveredFeed & { group: string }): EntryPoint {
  return { url: feed.url, kind: feed.kind, label: `discovered-${feed.kind}`, confirmed: false, group: feed.group };
}

/**
 * The order in which a group's entry points are tried: the profile's, then the feeds discovered
 * earlier; the one that worked last goes first, unless it is a fallback whose group has not tried its
 * own order for {@link PRIMARY_RETRY_MS} (then `primaryFirst`).
 */
export function candidateOrder(
  group: string,
  entryPoints: EntryPoint[],
  state: Pick<SourceState, 'entryPointChoice'>,
  discoveredFeeds: ReadonlyArray<DiscoveredFeed & { group: string }>,
  now: Date,
): { chain: Candidate[]; primaryFirst: boolean } {
  const natural: Candidate[] = entryPoints.map((entryPoint, rank) => ({ entryPoint, rank, discovered: false }));
  for (const feed of discoveredFeeds) {
    if (feed.group !== group || natural.some((c) => c.entryPoint.url === feed.url)) continue;
    natural.push({ entryPoint: discoveredEntryPoint(feed), rank: natural.length, discovered: true });
  }
  const choice = state.entryPointChoice?.[group];
  const chosen = choice ? natural.find((c) => c.entryPoint.url === choice.url) : undefined;
  const retryPrimary = !choice || now.getTime() - Date.parse(choice.primaryTriedAt) >= PRIMARY_RETRY_MS;
  if (!chosen || chosen.rank === 0 || retryPrimary) return { chain: natural, primaryFirst: true };
  return { chain: [chosen, ...natural.filter((c) => c !== chosen)], primaryFirst: false };
}

/**
 * The listing titles to keep: this run's where the listing words the title otherwise than the stored
 * record (`differing`; the only ones the known-article check needs, which keeps the source state item
 * small), over the previous ones (an unread listing keeps its own).
 */
function nextListingTitles(previous: Record<string, string> | undefined, outcomes: EntryPointOutcome[], differing: ReadonlySet<string>): Record<string, string> {
  const titles = new Map(Object.entries(previous ?? {}));
  for (const outcome of outcomes) {
    if (outcome.kind !== 'entries') continue;
    for (const entry of outcome.entries) {
      if (!entry.title) continue;
      titles.delete(entry.url);
      if (differing.has(entry.url)) titles.set(entry.url, listingTitleKey(entry.title));
    }
  }
  return Object.fromEntries([...titles].slice(-MAX_LISTING_TITLES));
}

/** What one entry point gave: entries, or not-modified, or a failure. */
type EntryPointOutcome =
  | { kind: 'entries'; entryPoint: EntryPoint; entries: ListingEntry[]; rawKey: string; fetchedAt: string }
  | { kind: 'not-modified'; entryPoint: EntryPoint }
  | { kind: 'failed'; entryPoint: EntryPoint; error: PipelineFailure };

/**
 * Runs one source once: fetch each entry point (conditionally), archive the raw bytes, parse the
 * listing in the parser sandbox, fetch and parse new articles, extract, and record each article
 * exactly once. Source health and validators are saved at the end.
 *
 * Invariants kept here: raw bytes are stored before anything derived from them; a failure never
 * deletes or unpublishes stored items; every failure carries a code of the closed set, per source
 * and per item; a listing with zero items is `layout_changed`, never a silent success.
 */
export async function ingestSource(
  source: SourceProfile,
  deps: IngestDependencies,
  options: IngestOptions = {},
): Promise<SourceRunReport> {
  const startedAt = deps.clock.now();
  const progress = options.onProgress ?? (() => {});
  const state = (await deps.sourceStates.get(source.id)) ?? newState(source);

  if (!options.force && state.health.backoffUntil && Date.parse(state.health.backoffUntil) > startedAt.getTime()) {
    progress(`${source.id}: in backoff until ${state.health.backoffUntil}, skipped`);
    return {
      sourceId: source.id,
      startedAt: startedAt.toISOString(),
      finishedAt: deps.clock.now().toISOString(),
      outcome: 'skipped',
      itemsSeen: 0,
      itemsNew: 0,
      failures: [],
      itemFailures: [],
    };
  }

  const validators = { ...state.validators };
  const outcomes: EntryPointOutcome[] = [];
  const discoveredFeeds = [...(state.discoveredFeeds ?? [])];
  const entryPointChoice = { ...state.entryPointChoice };
  const working: WorkingEntryPoint[] = [];
  const degradedReasons: string[] = [];
  for (const { group, entryPoints } of entryPointGroups(source)) {
    const { chain, primaryFirst } = candidateOrder(group, entryPoints, state, discoveredFeeds, startedAt);
    const tried = new Set(chain.map((c) => c.entryPoint.url));
    let worked: Candidate | null = null;
    for (let i = 0; i < chain.length; i++) {
      const candidate = chain[i]!;
      const { entryPoint } = candidate;
      progress(`${source.id}: fetching ${entryPoint.label} ${entryPoint.url}`);
      const { outcome, feeds } = await readEntryPoint(source, entryPoint, deps, validators);
      outcomes.push(outcome);
      // Feeds the HTML list announces join the chain (after the profile's own) and are kept for later runs.
      for (const feed of feeds) {
        if (tried.has(feed.url)) continue;
        tried.add(feed.url);
        const found = { ...feed, group, foundOn: entryPoint.url };
        discoveredFeeds.push(found);
        chain.push({ entryPoint: discoveredEntryPoint(found), rank: chain.length, discovered: true });
        progress(`${source.id}: ${entryPoint.label} announces the feed ${feed.url}`);
      }
      if (outcome.kind !== 'failed') {
        worked = candidate;
        break;
      }
      if (!FALLBACK_CODES.has(outcome.error.code)) break;
    }
    const failedBefore = outcomes.filter((o) => o.kind === 'failed' && chain.some((c) => c.entryPoint.url === o.entryPoint.url));
    if (worked) {
      const { entryPoint, rank, discovered } = worked;
      working.push({ url: entryPoint.url, label: entryPoint.label, kind: entryPoint.kind, fallback: rank > 0, ...(discovered ? { discovered: true } : {}) });
      const previous = state.entryPointChoice?.[group];
      entryPointChoice[group] = { url: entryPoint.url, primaryTriedAt: primaryFirst ? startedAt.toISOString() : (previous?.primaryTriedAt ?? startedAt.toISOString()) };
      if (rank > 0) {
        const why = failedBefore.map((o) => `${o.entryPoint.label} ${(o as Extract<EntryPointOutcome, { kind: 'failed' }>).error.code}`).join(', ');
        degradedReasons.push(`on fallback entry point ${entryPoint.label} (${entryPoint.url})${why ? `: ${why}` : `: ${chain[0]!.entryPoint.label} failed in an earlier run`}`);
      }
    } else if (failedBefore.length > 0) {
      degradedReasons.push(`no entry point of group ${group} worked: ${failedBefore.map((o) => `${o.entryPoint.label} ${(o as Extract<EntryPointOutcome, { kind: 'failed' }>).error.code}`).join(', ')}`);
    }
  }

  const report: SourceRunReport = {
    sourceId: source.id,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    outcome: 'success',
    itemsSeen: 0,
    itemsNew: 0,
    failures: outcomes.flatMap((o) =>
      o.kind === 'failed' ? [{ entryPoint: o.entryPoint.label, code: o.error.code, message: o.error.message }] : [],
    ),
    itemFailures: [],
    articlesFetched: 0,
    genericArticles: 0,
    sourceArticles: 0,
  };

  const seen = new Set<string>();
  const position = new Map<string, number>();
  const fetchBudget = { remaining: options.maxArticleFetches ?? DEFAULT_MAX_ARTICLE_FETCHES };
  const knownTitles = state.listingTitleKeys ?? {};
  // URLs whose listing title differs from the stored record's: their listing title is kept in state.
  const differingTitles = new Set<string>();
  const work: Array<{ entry: ListingEntry; listing: Extract<EntryPointOutcome, { kind: 'entries' }> }> = [];
  for (const outcome of outcomes) {
    if (outcome.kind !== 'entries') continue;
    for (const entry of outcome.entries) {
      // The same article often appears in several sections (kremlin.ru): one record per URL.
      if (seen.has(entry.url)) continue;
      seen.add(entry.url);
      position.set(entry.url, position.size);
      report.itemsSeen += 1;
      if (entry.failure) {
        report.itemFailures.push({ url: entry.url, code: entry.failure.code, message: entry.failure.message });
        continue;
      }
      work.push({ entry, listing: outcome });
    }
  }

  // Entries are prepared and recorded several at a time (the fetcher still spaces requests per
  // host). A new article that is a near-duplicate of an earlier entry of this run waits for that
  // entry to be recorded and is merged into it, as a run taking the entries one by one would do.
  // One batched lookup of every URL of the run instead of one read per entry (where the adapter can).
  if (work.length > 0) await deps.practices.lookUpUrls?.(work.map((w) => w.entry.url));
  const prepared = work.map(() => deferred<Prepared | null>());
  const recorded = work.map(() => deferred<{ id: string; created: boolean; isNew: boolean } | null>());
  let next = 0;
  const workers = Array.from({ length: Math.min(ENTRY_CONCURRENCY, work.length) }, async () => {
    while (next < work.length) {
      const index = next++;
      const { entry, listing } = work[index]!;
      try {
        const ready = await settle(prepared[index]!, () => prepareEntry(source, entry, listing, deps, fetchBudget, { known: knownTitles, differing: differingTitles }, report));
        const outcome = ready ? await settle(recorded[index]!, () => recordEntry(ready, index, prepared, recorded, deps)) : (recorded[index]!.resolve(null), null);
        if (outcome?.isNew) report.itemsNew += 1;
      } catch (error) {
        const failure = toPipelineError(error, { sourceId: source.id, url: entry.url });
        report.itemFailures.push({ url: entry.url, code: failure.code, message: failure.message });
      }
    }
  });
  await Promise.all(workers);
  // Failures are reported in listing order, whatever order the entries finished in.
  report.itemFailures.sort((a, b) => (position.get(a.url) ?? -1) - (position.get(b.url) ?? -1));

  const anyReached = outcomes.some((o) => o.kind !== 'failed');
  const allNotModified = outcomes.every((o) => o.kind === 'not-modified');
  report.outcome = !anyReached ? 'failure' : allNotModified ? 'not_modified' : 'success';
  report.finishedAt = deps.clock.now().toISOString();

  if ((report.genericArticles ?? 0) > 0) {
    degradedReasons.push(`${report.genericArticles} of ${(report.genericArticles ?? 0) + (report.sourceArticles ?? 0)} articles read by the generic extractor`);
  } else if ((report.sourceArticles ?? 0) === 0) {
    // No article was read this run: what the last one that read some said still holds.
    degradedReasons.push(...(state.health.degradedReasons ?? []).filter((reason) => reason.includes(GENERIC_REASON)));
  }
  const listingTitleKeys = nextListingTitles(state.listingTitleKeys, outcomes, differingTitles);
  await saveState(source, deps, report, validators, outcomes, {
    entryPointChoice,
    discoveredFeeds: discoveredFeeds.slice(-MAX_DISCOVERED_FEEDS),
    listingTitleKeys,
    working,
    degradedReasons,
  });
  progress(
    `${source.id}: ${report.outcome}, ${report.itemsSeen} items, ${report.itemsNew} new, ` +
      `${report.failures.length} entry-point failures, ${report.itemFailures.length} item failures`,
  );
  return report;
}

function newState(source: SourceProfile): SourceState {
  return { sourceId: source.id, validators: {}, health: initialHealth(source), lastRun: null, version: 0 };
}

async function readEntryPoint(
  source: SourceProfile,
  entryPoint: EntryPoint,
  deps: IngestDependencies,
  validators: SourceState['validators'],
): Promise<{ outcome: EntryPointOutcome; feeds: DiscoveredFeed[] }> {
  let feeds: DiscoveredFeed[] = [];
  try {
    const accept = entryPoint.kind === 'json-api' ? 'application/json' : entryPoint.kind === 'html-list' ? 'text/html' : 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5';
    const page = await deps.fetcher.fetch({ url: entryPoint.url, source, validators: validators[entryPoint.url] ?? {}, accept });
    if (page.notModified) return { outcome: { kind: 'not-modified', entryPoint }, feeds };
    const { key } = await archive(source, page, deps);
    if (entryPoint.kind === 'html-list' && deps.parser.discoverFeeds) {
      // Best effort: a page whose links cannot be read still goes to its own parser below.
      feeds = await deps.parser.discoverFeeds({ kind: 'feeds', sourceId: source.id, url: page.url, text: page.text }).catch(() => []);
      feeds = feeds.filter((feed) => source.hosts.includes(hostOf(feed.url)));
    }
    const entries = await deps.parser.parseListing({ kind: 'listing', sourceId: source.id, entryPoint, text: page.text });
    // Validators are kept only once the listing parsed: a broken page must be fetched again next time.
    validators[entryPoint.url] = page.validators;
    return { outcome: { kind: 'entries', entryPoint, entries, rawKey: key, fetchedAt: page.fetchedAt }, feeds };
  } catch (error) {
    return { outcome: { kind: 'failed', entryPoint, error: toPipelineError(error, { sourceId: source.id, url: entryPoint.url }) }, feeds };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function archive(source: SourceProfile, page: FetchedPage, deps: IngestDependencies) {
  return deps.rawPages.put({
    bytes: page.bytes,
    meta: { sourceId: source.id, url: page.requestedUrl, status: page.status, headers: page.headers, fetchedAt: page.fetchedAt, charset: page.charset },
  });
}

/** An entry ready to be recorded: its extraction, where its raw bytes are, and what is already stored. */
interface Prepared {
  existing: Awaited<ReturnType<PracticeRepository['findByUrl']>>;
  observation: Omit<ArticleObservation, 'observedAt'>;
  isAnnouncement: boolean;
  /** Stored near-duplicates of a new article (empty for a known URL). */
  candidates: Array<{ id: string; simhash: string }>;
}

/**
 * Prepares one listing entry: known URLs whose listing title is unchanged are not fetched again;
 * feeds that carry the full text are re-observed every time (recording is a no-op when unchanged).
 * Returns null when there is nothing to record (known, over budget, not modified).
 */
async function prepareEntry(
  source: SourceProfile,
  entry: ListingEntry,
  listing: Extract<EntryPointOutcome, { kind: 'entries' }>,
  deps: IngestDependencies,
  fetchBudget: { remaining: number },
  titles: { known: Record<string, string>; differing: Set<string> },
  counts: Pick<SourceRunReport, 'articlesFetched' | 'genericArticles' | 'sourceArticles'>,
): Promise<Prepared | null> {
  const existing = await deps.practices.findByUrl(entry.url);
  let article: Article;
  let rawKey: string;
  let fetchedAt: string;
  if (entry.article) {
    article = entry.article;
    rawKey = listing.rawKey;
    fetchedAt = listing.fetchedAt;
  } else {
    const known = existing?.sources.find((s) => s.url === entry.url);
    // Listings often word a title otherwise than the page: the title the listing gave last time
    // counts as unchanged too, so that such an article is not fetched again on every run.
    if (known && entry.title !== null && known.title !== entry.title) titles.differing.add(entry.url);
    if (known && (entry.title === null || known.title === entry.title || titles.known[entry.url] === listingTitleKey(entry.title))) return null;
    // Over budget: left for the next run, which will see the URL as unknown again.
    if (fetchBudget.remaining <= 0) return null;
    fetchBudget.remaining -= 1;
    const fetchUrl = source.articleFetchUrl?.(entry) ?? entry.url;
    counts.articlesFetched = (counts.articlesFetched ?? 0) + 1;
    const page = await deps.fetcher.fetch({ url: fetchUrl, source });
    if (page.notModified) return null;
    rawKey = (await archive(source, page, deps)).key;
    fetchedAt = page.fetchedAt;
    article = await deps.parser.parseArticle({ kind: 'article', sourceId: source.id, url: fetchUrl, text: page.text });
  }
  if (article.extractedBy === 'generic') counts.genericArticles = (counts.genericArticles ?? 0) + 1;
  else counts.sourceArticles = (counts.sourceArticles ?? 0) + 1;
  // The listing's date is better than none when the page itself shows no date.
  const record = await deps.extract(extractionInputOf(article, source, entry.publishedAt));
  if (!entry.article && entry.title !== null && record.title !== entry.title) titles.differing.add(entry.url);
  const fingerprints = recordFingerprints(record);
  const candidates = existing ? [] : (await deps.practices.findNearDuplicateCandidates(fingerprints.simhash)).map((c) => ({ id: c.id, simhash: c.simhash }));
  return {
    existing,
    observation: {
      extraction: record,
      source: { sourceId: source.id, url: record.url, title: record.title, publishedAt: record.publishedAt, rawKey, fetchedAt },
      ...fingerprints,
    },
    isAnnouncement: record.isPracticeAnnouncement,
    candidates,
  };
}

/**
 * Records a prepared entry. A new article that is a near-duplicate of a stored one, or of one an
 * earlier entry of this run created (waited for), is merged into it.
 */
async function recordEntry(
  ready: Prepared,
  index: number,
  prepared: Array<Deferred<Prepared | null>>,
  recorded: Array<Deferred<{ id: string; created: boolean; isNew: boolean } | null>>,
  deps: IngestDependencies,
): Promise<{ id: string; created: boolean; isNew: boolean }> {
  const { observation } = ready;
  const near = (simhash: string) => hammingDistance(simhash, observation.simhash) <= NEAR_DUPLICATE_MAX_DISTANCE;
  let mergeInto: string | undefined;
  if (!ready.existing) {
    mergeInto = ready.candidates.find((c) => near(c.simhash))?.id;
    for (let earlier = 0; mergeInto === undefined && earlier < index; earlier += 1) {
      // Most earlier entries are long settled: read them without a microtask each (this loop is
      // quadratic in a listing's length).
      const other = prepared[earlier]!.outcome ? settledValue(prepared[earlier]!) : await prepared[earlier]!.promise.catch(() => null);
      if (!other || other.existing || !near(other.observation.simhash)) continue;
      const outcome = recorded[earlier]!.outcome ? settledValue(recorded[earlier]!) : await recorded[earlier]!.promise.catch(() => null);
      if (outcome?.created) mergeInto = outcome.id;
    }
  }
  // A new record is written with its story (another site's or language's telling of the same news).
  const storyDeps = deps.stories ? { stories: deps.stories, clock: deps.clock } : null;
  let story: StoryChoice | null = null;
  if (storyDeps && !ready.existing && mergeInto === undefined) {
    // New articles of this run are linked in listing order, as one by one: an article must see the
    // stories of the run's earlier new articles, which are written (and linked) before it looks.
    for (let earlier = 0; earlier < index; earlier += 1) {
      const other = prepared[earlier]!.outcome ? settledValue(prepared[earlier]!) : await prepared[earlier]!.promise.catch(() => null);
      if (other && !other.existing && !recorded[earlier]!.outcome) await recorded[earlier]!.promise.catch(() => null);
    }
    story = await chooseStory(storyDeps, practiceIdForUrl(observation.extraction.url), observation.extraction);
  }
  const outcome = await deps.practices.recordObservation(
    { ...observation, observedAt: deps.clock.now().toISOString(), ...(story ? { storyId: story.storyId } : {}) },
    mergeInto,
  );
  if (storyDeps && story && outcome.kind === 'created') {
    const item = await deps.practices.get(outcome.id);
    if (item) await completeStoryLinking(storyDeps, item, story);
  }
  if (outcome.kind === 'created' && ready.isAnnouncement) {
    await deps.notifier.publish({ type: 'practice.pending', practiceId: outcome.id, title: observation.extraction.title, at: deps.clock.now().toISOString() });
  }
  return { id: outcome.id, created: outcome.kind === 'created', isNew: outcome.kind === 'created' || outcome.kind === 'merged' };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  /** How it settled, once it has (read without a microtask by {@link settledValue}). */
  outcome: { ok: true; value: T } | { ok: false } | null;
}

/** A promise with its settle functions, so that later entries can wait for earlier ones. */
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Perhaps never awaited (no later entry needed it): a rejection is not unhandled.
  promise.catch(() => undefined);
  const d: Deferred<T> = {
    promise,
    resolve: (value) => {
      d.outcome ??= { ok: true, value };
      resolve(value);
    },
    reject: (error) => {
      d.outcome ??= { ok: false };
      reject(error);
    },
    outcome: null,
  };
  return d;
}

/** The value of a settled deferred (null when it failed), read without awaiting. */
function settledValue<T>(d: Deferred<T>): T | null {
  return d.outcome?.ok ? d.outcome.value : null;
}

/** Runs `task`, settles `into` with its outcome, and returns (or throws) it. */
async function settle<T>(into: Deferred<T>, task: () => Promise<T>): Promise<T> {
  try {
    const value = await task();
    into.resolve(value);
    return value;
  } catch (error) {
    into.reject(error);
    throw error;
  }
}

/** Saves health and validators; retries on a concurrent writer by re-reading (the newest run wins). */
async function saveState(
  source: SourceProfile,
  deps: IngestDependencies,
  report: SourceRunReport,
  validators: SourceState['validators'],
  outcomes: EntryPointOutcome[],
  learned: {
    entryPointChoice: NonNullable<SourceState['entryPointChoice']>;
    discoveredFeeds: NonNullable<SourceState['discoveredFeeds']>;
    listingTitleKeys: Record<string, string>;
    working: WorkingEntryPoint[];
    degradedReasons: string[];
  },
): Promise<void> {
  const firstFailure = outcomes.find((o): o is Extract<EntryPointOutcome, { kind: 'failed' }> => o.kind === 'failed');
  for (let attempt = 0; ; attempt++) {
    const current = (await deps.sourceStates.get(source.id)) ?? newState(source);
    const at = new Date(report.finishedAt);
    const health =
      report.outcome === 'failure' && firstFailure
        ? healthAfterFailure(current.health, source, {
            at,
            code: firstFailure.error.code,
            message: firstFailure.error.message,
            retryAfterSeconds: numberOrUndefined(firstFailure.error.context.retryAfterSeconds),
          })
        : healthAfterSuccess(current.health, source, {
            at,
            itemsSeen: report.itemsSeen,
            itemsNew: report.itemsNew,
            lastError: firstFailure ? { code: firstFailure.error.code, message: firstFailure.error.message } : null,
            workingEntryPoints: learned.working,
            degradedReasons: learned.degradedReasons,
          });
    try {
      await deps.sourceStates.put(
        {
          sourceId: source.id,
          validators: { ...current.validators, ...validators },
          health,
          lastRun: report,
          version: current.version + 1,
          entryPointChoice: learned.entryPointChoice,
          discoveredFeeds: learned.discoveredFeeds,
          listingTitleKeys: learned.listingTitleKeys,
        },
        current.version,
      );
      if (report.outcome === 'failure' && shouldAlert(source, health.consecutiveFailures)) {
        await deps.notifier.publish({
          type: 'source.failing',
          sourceId: source.id,
          code: health.lastErrorCode as FailureCode,
          message: health.lastErrorMessage ?? '',
          consecutiveFailures: health.consecutiveFailures,
          at: report.finishedAt,
        });
      }
      return;
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
