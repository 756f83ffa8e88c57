/**
 * Ingestion in replay mode (`npm run bench -- ingest`, or `npx tsx scripts/bench/ingest-bench.ts`):
 * articles per second through the real ingest handler (fetch → archive → parse in the worker →
 * extract → store) into DynamoDB Local and s3rver (the storage adapters the Lambda composition builds), over the replay set of `replay-set.ts`, with
 * the sources' own politeness (one request at a time per host, their delays, robots.txt). One SQS
 * event per source, all at once, as concurrent Lambda invocations would run them.
 *
 * Baseline, same run: the same replay set through the same handler into the in-memory adapters.
 * Then a second run with nothing changed, counting fetches, 304s, parses and writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SQSBatchResponse } from 'aws-lambda';
import { BatchGetCommand, BatchWriteCommand, ExecuteStatementCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LISTING_INDEX } from '../../functions/adapters/dynamo/table-design.js';
import { build } from 'esbuild';
import { LOCAL_RUN_BUNDLE } from '../../infra/constructs/bundle-settings.js';
import { createDynamoClient, createS3Client } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSearchIndex } from '../../functions/adapters/dynamo/dynamo-search-index.js';
import { DynamoSourceStateRepository } from '../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { DynamoWebhookRepository } from '../../functions/adapters/webhooks/dynamo-webhook-repository.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { createPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemorySearchIndex } from '../../functions/adapters/memory/memory-search-index.js';
import { MemoryRawPageStore } from '../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../functions/adapters/memory/memory-source-state-repository.js';
import { lazyExtractor } from '../../functions/adapters/extraction/lazy-extractor.js';
import { WorkerDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureBucket, S3RawPageStore } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { MemoryWebhookRepository } from '../../functions/adapters/webhooks/memory-webhook-repository.js';
import { WebhookNotifier } from '../../functions/adapters/webhooks/webhook-notifier.js';
import { loadConfig } from '../../functions/config.js';
import type { DocumentParser, PracticeRepository, SourceRunReport, SourceStateRepository } from '../../functions/core/ports.js';
import type { SourceProfile } from '../../functions/core/source-definition.js';
import { createIngestHandler } from '../../functions/handlers/ingest/ingest-handler.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { startLocalStack } from '../../functions/local/local-stack.js';
import { loopbackFetcherOptions, overPlainHttp, replayTable, startReplayServer, type ReplayRequest } from '../../functions/local/replay-server.js';
import { sqsEventFor } from '../../functions/local/scheduler.js';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';
import { drainProjections, projectPending, type ProjectionRun, type ProjectorDeps } from '../../functions/core/projection/project-records.js';
import { countingClient, dynamoReads, dynamoWrites, emptyCounts, s3Requests, type AwsCounts } from './aws-counters.js';
import { cpuMs, peakRssMb, processCpuMs, resetPeakRss, serverPid } from './process-stats.js';
import { buildIngestReplaySet, type ReplaySet } from './replay-set.js';
import type { BenchRow } from './report.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The target on this 2-core machine. */
export const INGEST_TARGET_ARTICLES_PER_SECOND = 100;

/** The ingest function's configured memory (`ingestMemoryMb` in infra/config.ts): the handler's peak must fit. */
export const INGEST_MEMORY_MB = 512;

/** A parser that counts the documents it is asked to parse. */
class CountingParser implements DocumentParser {
  listings = 0;
  articles = 0;
  constructor(private readonly inner: DocumentParser) {}
  parseListing(job: Parameters<DocumentParser['parseListing']>[0]) {
    this.listings += 1;
    return this.inner.parseListing(job);
  }
  parseArticle(job: Parameters<DocumentParser['parseArticle']>[0]) {
    this.articles += 1;
    return this.inner.parseArticle(job);
  }
}

interface Backend {
  name: string;
  practices: PracticeRepository;
  sourceStates: SourceStateRepository;
  rawPages: ConstructorParameters<typeof Object>[0];
  notifier: { publish(event: never): Promise<void> };
  counts?: () => AwsCounts;
  resetCounts?: () => void;
}

/** What one run of every source measured. */
export interface RunFigures {
  wallMs: number;
  cpuMs: number;
  peakRssMb: number | null;
  reports: SourceRunReport[];
  messageFailures: number;
  requests: number;
  notModified: number;
  robots: number;
  listingsParsed: number;
  articlesParsed: number;
  dynamo?: { writes: number; reads: number; writeUnits: number; readUnits: number; commands: Record<string, number> };
  s3?: { puts: number; gets: number; heads: number };
  /** Shortest wall time the sources' per-host politeness allows for the requests this run made. */
  politenessFloorMs: number;
  /** CPU the local servers used during the run (DynamoDB Local's JVM, s3rver), when measurable. */
  serverCpuMs?: { dynamo: number | null; s3: number | null };
}

/** The wall time politeness alone imposes: per host, (requests − 1) × the source's delay; the longest host. */
function politenessFloor(requests: ReplayRequest[], sources: readonly SourceProfile[]): number {
  const perHost = new Map<string, number>();
  for (const request of requests) perHost.set(request.host, (perHost.get(request.host) ?? 0) + 1);
  let floor = 0;
  for (const [host, count] of perHost) {
    const source = sources.find((s) => s.hosts.includes(host));
    const delay = Math.max(1000, source?.politeness.minDelayMs ?? 1000);
    floor = Math.max(floor, (count - 1) * delay);
  }
  return floor;
}

async function runOnce(options: {
  handler: ReturnType<typeof createIngestHandler>;
  sourceIds: string[];
  parser: CountingParser;
  requests: ReplayRequest[];
  backend: Backend;
  sources: readonly SourceProfile[];
  serverPids?: { dynamo: number | null; s3: number | null };
}): Promise<RunFigures> {
  const { handler, sourceIds, parser, requests, backend } = options;
  options.requests.length = 0;
  parser.listings = 0;
  parser.articles = 0;
  backend.resetCounts?.();
  const reports: SourceRunReport[] = [];
  resetPeakRss();
  const pids = options.serverPids;
  const serversBefore = pids ? { dynamo: processCpuMs(pids.dynamo), s3: processCpuMs(pids.s3) } : null;
  const cpuBefore = cpuMs();
  const started = performance.now();
  const results = await Promise.all(
    sourceIds.map((sourceId) => handler(sqsEventFor({ sourceId, force: true }), localLambdaContext('ingest')) as Promise<SQSBatchResponse>),
  );
  const wallMs = performance.now() - started;
  const cpu = cpuMs() - cpuBefore;
  const delta = (before: number | null | undefined, pid: number | null) => {
    const after = processCpuMs(pid);
    return before === null || before === undefined || after === null ? null : after - before;
  };
  const serverCpuMs = pids && serversBefore ? { dynamo: delta(serversBefore.dynamo, pids.dynamo), s3: delta(serversBefore.s3, pids.s3) } : undefined;
  for (const sourceId of sourceIds) {
    const state = await backend.sourceStates.get(sourceId);
    if (state?.lastRun) reports.push(state.lastRun);
  }
  const counts = backend.counts?.();
  return {
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpu),
    peakRssMb: peakRssMb(),
    reports,
    messageFailures: results.reduce((n, r) => n + (r?.batchItemFailures.length ?? 0), 0),
    requests: requests.length,
    notModified: requests.filter((r) => r.status === 304).length,
    robots: requests.filter((r) => r.path === '/robots.txt').length,
    listingsParsed: parser.listings,
    articlesParsed: parser.articles,
    ...(counts
      ? {
          dynamo: { writes: dynamoWrites(counts), reads: dynamoReads(counts), writeUnits: Math.round(counts.writeUnits * 10) / 10, readUnits: Math.round(counts.readUnits * 10) / 10, commands: { ...counts.commands } },
          s3: { puts: s3Requests(counts, 'PutObject'), gets: s3Requests(counts, 'GetObject'), heads: s3Requests(counts, 'HeadObject') },
        }
      : {}),
    politenessFloorMs: politenessFloor(requests, options.sources),
    ...(serverCpuMs ? { serverCpuMs } : {}),
  };
}

/**
 * What re-observing one known entry of a changed listing costs: the changed run's CPU and capacity
 * units, less what its new articles cost (at the first run's rate per article) and less the
 * fixed part of a run (the unchanged run's), divided by the known entries it saw.
 */
function perKnownEntry(changed: RunFigures, unchanged: RunFigures, first: RunFigures, articles: number, newArticles: number) {
  const known = changed.reports.reduce((n, r) => n + r.itemsSeen, 0) - newArticles;
  const share = (total: number, fixed: number, firstTotal: number) => Math.max(0, (total - fixed - (firstTotal / articles) * newArticles) / Math.max(1, known));
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    cpuMsPerKnownEntry: round(share(changed.cpuMs, unchanged.cpuMs, first.cpuMs)),
    dynamoReadUnitsPerKnownEntry: round(share(changed.dynamo?.readUnits ?? 0, unchanged.dynamo?.readUnits ?? 0, first.dynamo?.readUnits ?? 0)),
    dynamoWriteUnitsPerKnownEntry: round(share(changed.dynamo?.writeUnits ?? 0, unchanged.dynamo?.writeUnits ?? 0, first.dynamo?.writeUnits ?? 0)),
  };
}

/**
 * Checks that every article of the set is stored: `stored` URLs found, in `records` distinct
 * records (fewer records than URLs means articles were merged as near-duplicates).
 */
async function storedExactlyOnce(practices: PracticeRepository, set: ReplaySet): Promise<{ stored: number; records: number; missing: string[] }> {
  const missing: string[] = [];
  const ids = new Set<string>();
  let stored = 0;
  for (const urls of set.articles.values()) {
    for (const url of urls) {
      const item = await practices.findByUrl(url);
      if (!item) missing.push(url);
      else {
        stored += 1;
        ids.add(item.id);
      }
    }
  }
  return { stored, records: ids.size, missing };
}

/** What one projector phase measured (the outbox drained into listing rows and postings). */
export interface ProjectorFigures {
  wallMs: number;
  cpuMs: number;
  serverCpuMs: { dynamo: number | null; s3: number | null } | null;
  run: Omit<ProjectionRun, 'failures'> & { failures: number };
  articlesPerSecond: number;
  rowsPerSecond: number;
  dynamo: { writes: number; reads: number; writeUnits: number; readUnits: number; commands: Record<string, number> };
  /** Outbox depth once done (0 when every record is projected). */
  depthAfter: number;
}

/** Ingest and projector running at once, into a fresh table: when the last article became searchable. */
export interface SearchableFigures {
  /** Until the ingest runs returned: records durably stored, outbox written. */
  ingestWallMs: number;
  /** Until the outbox was empty: every record listed and searchable. */
  searchableWallMs: number;
  ingestArticlesPerSecond: number;
  searchableArticlesPerSecond: number;
  cpuMs: number;
  serverCpuMs: { dynamo: number | null; s3: number | null } | null;
  /** Largest outbox depth sampled while both ran, and the oldest entry's age then (ms). */
  maxDepth: number;
  maxLagMs: number;
  projected: number;
  documents: number;
  /** Records the run stored in that table (near-duplicates merge, and which pairs meet depends on timing). */
  records: number;
  messageFailures: number;
}

/** Per-article figures of a run: where the time goes. */
function perArticle(run: { cpuMs: number; serverCpuMs?: { dynamo: number | null; s3: number | null } | null; dynamo?: { commands: Record<string, number> } }, articles: number) {
  const round = (n: number) => Math.round(n * 100) / 100;
  const requests: Record<string, number> = {};
  for (const [name, n] of Object.entries(run.dynamo?.commands ?? {})) requests[name.replace(/Command$/, '')] = round(n / articles);
  return {
    nodeCpuMs: round(run.cpuMs / articles),
    dynamoCpuMs: run.serverCpuMs?.dynamo == null ? null : round(run.serverCpuMs.dynamo / articles),
    s3CpuMs: run.serverCpuMs?.s3 == null ? null : round(run.serverCpuMs.s3 / articles),
    requests,
  };
}

export interface IngestBenchFigures {
  articles: number;
  sources: string[];
  memory: RunFigures & { articlesPerSecond: number };
  /** Ingest with derived rows deferred to the projector (the Lambda's composition). */
  dynamo: RunFigures & { articlesPerSecond: number; stored: number; records: number; missing: number };
  /** The projector draining what `dynamo` queued, alone. */
  projector: ProjectorFigures;
  /** Ingest and projector at once into a fresh table. */
  searchable: SearchableFigures;
  /** Ingest with every listing row and posting in the ingest path, as before the projector (only with `INGEST_BENCH_INLINE=1`). */
  inline: (RunFigures & { articlesPerSecond: number }) | null;
  /** Per article: node CPU, DynamoDB Local's and s3rver's CPU, requests by kind. */
  profile: { ingest: ReturnType<typeof perArticle>; projector: ReturnType<typeof perArticle>; inline: ReturnType<typeof perArticle> | null };
  unchanged: RunFigures;
  /** The third run: every feed changed by one new article. */
  changed: RunFigures & { newArticles: number; stored: number };
  /** Per-article and per-run figures for `npm run cost`. */
  model: {
    cpuMsPerArticle: number;
    cpuMsPerUnchangedRun: number;
    /**
     * A listing that changed by one article: what each known entry in it costs to re-observe
     * (CPU, capacity units), the changed run's figures less its new articles' and its fixed part.
     */
    cpuMsPerKnownEntry: number;
    dynamoReadUnitsPerKnownEntry: number;
    dynamoWriteUnitsPerKnownEntry: number;
    /** Listing snapshots archived per changed run (feeds and list pages). */
    s3PutsPerChangedRun: number;
    /** Bytes of a listing per entry it carries (full-text feeds; stored gzip-compressed). */
    listingBytesPerEntry: number;
    dynamoWriteUnitsPerArticle: number;
    dynamoReadUnitsPerArticle: number;
    dynamoWriteUnitsPerUnchangedRun: number;
    dynamoReadUnitsPerUnchangedRun: number;
    s3PutsPerArticle: number;
    /** Peak resident memory of the ingest handler in a process of its own (see {@link HandlerMemory}). */
    peakRssMb: number | null;
    /** The bench process's own peak during the measured run (baseline adapters, counting clients, replay set included). */
    benchProcessPeakRssMb: number | null;
    /** The projector's share of a new article: node CPU, capacity units (its listing rows and postings). */
    projectorCpuMsPerArticle: number;
    projectorWriteUnitsPerArticle: number;
    projectorReadUnitsPerArticle: number;
  };
  handlerMemory: HandlerMemory;
  dynamoEngine: string;
  /** Whether new records were linked into stories, as the Lambda's composition does. */
  storyLinking: boolean;
}


/** What the ingest handler alone holds in memory, measured in a process of its own. */
export interface HandlerMemory {
  /** The sources of the one invocation each (run one after another in one process). */
  sourceIds: string[];
  articles: number;
  /** Resident memory once the bundle is imported, before the first event. */
  rssAfterImportMb: number | null;
  /** Peak resident memory of the process (VmHWM: the parse worker thread included). */
  peakRssMb: number | null;
  wallMs: number;
  messageFailures: number;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Runs the ingest handler the way Lambda runs it, in a process of its own bundled like the Lambda
 * asset (`ingest-memory-child.ts`), against a fresh table of the same DynamoDB Local and the same
 * replay server, and reads that process's peak resident memory: the bench process's own peak also
 * holds the in-memory baseline, the counting clients and the replay set.
 */
async function measureHandlerMemory(options: { dynamoEndpoint: string; s3Endpoint: string; replayPort: number; sourceIds: string[]; articles: number; stories: boolean }): Promise<HandlerMemory> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-ingest-memory-'));
  try {
    const common = { ...LOCAL_RUN_BUNDLE, minify: true };
    await build({ ...common, entryPoints: [path.join(ROOT, 'scripts/bench/ingest-memory-child.ts')], outfile: path.join(dir, 'ingest.mjs') });
    await build({ ...common, entryPoints: [path.join(ROOT, 'functions/adapters/parse-worker/parse-worker.ts')], outfile: path.join(dir, 'parse-worker.mjs') });
    await build({ ...common, entryPoints: [path.join(ROOT, 'functions/core/extraction/extract-practice.ts')], outfile: path.join(dir, 'extract.mjs') });
    const env = { DYNAMODB_ENDPOINT: options.dynamoEndpoint, S3_ENDPOINT: options.s3Endpoint, TABLE_NAME: 'ingest-bench-memory', RAW_BUCKET: 'ingest-bench-memory-raw', LOG_LEVEL: 'SILENT' };
    const config = loadConfig(env);
    const dynamo = createDynamoClient(config);
    const s3 = createS3Client(config);
    await ensureTable(dynamo, config.tableName);
    await ensureBucket(s3, config.rawBucket);
    dynamo.destroy();
    s3.destroy();
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(dir, 'ingest.mjs')], {
        env: { PATH: process.env['PATH'] ?? '', ...env, REPLAY_PORT: String(options.replayPort), INGEST_SOURCES: options.sourceIds.join(','), INGEST_STORIES: options.stories ? '1' : '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`the memory probe exited with ${code}: ${stderr}`))));
    });
    const figures = JSON.parse(output.trim().split('\n').pop()!) as Omit<HandlerMemory, 'articles'>;
    return { ...figures, articles: options.articles };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU of this process and of the local servers over `work`. */
async function timed<T>(pids: { dynamo: number | null; s3: number | null }, work: () => Promise<T>) {
  const servers = { dynamo: processCpuMs(pids.dynamo), s3: processCpuMs(pids.s3) };
  const cpu = cpuMs();
  const started = performance.now();
  const result = await work();
  const delta = (before: number | null, pid: number | null) => {
    const after = processCpuMs(pid);
    return before === null || after === null ? null : Math.round(after - before);
  };
  return { result, wallMs: Math.round(performance.now() - started), cpuMs: Math.round(cpuMs() - cpu), serverCpuMs: { dynamo: delta(servers.dynamo, pids.dynamo), s3: delta(servers.s3, pids.s3) } };
}

/** Request rounds the bench sends DynamoDB Local before measuring (about as many as the first 600 transactions), and a time cap. */
const DYNAMO_WARMUP_ROUNDS = 600;
const DYNAMO_WARMUP_MS = 120_000;

/**
 * Sends DynamoDB Local the kinds of requests ingestion and the projector make (URL BatchGets, the
 * band lookups' PartiQL statement over 4–32 band values, a group of records' transactions with their
 * rows, posting BatchWrites),
 * {@link DYNAMO_WARMUP_ROUNDS} rounds 8 at a time (at most {@link DYNAMO_WARMUP_MS}), into a scratch
 * table. Returns the rounds done.
 */
async function warmDynamo(client: ReturnType<typeof createDynamoClient>, tableName: string): Promise<{ rounds: number; ms: number }> {
  await ensureTable(client, tableName);
  const started = performance.now();
  const doc = 'слово '.repeat(600);
  const deadline = performance.now() + DYNAMO_WARMUP_MS;
  let rounds = 0;
  const worker = async () => {
    while (rounds < DYNAMO_WARMUP_ROUNDS && performance.now() < deadline) {
      const id = `warm-${rounds++}`;
      const row = (gpk: string) => ({ pk: `P#${id}`, sk: `X#${gpk}`, gpk, gsk: `2024-01-01T00:00:00.000Z#${id}`, id, ver: 1, flt: ['R:77', 'C:pos'], txt: 'слово слово', d: '2024-01-01T00:00:00.000Z' });
      // A run's URL lookup (BatchGet), near-duplicate checks' band statement (one PartiQL SELECT over the
      // bands of the lookups asked together, see `BandLookups`), and a group of two records' transactions
      // with their rows.
      await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: Array.from({ length: 20 }, (_, i) => ({ pk: `URL#${id}-${i}`, sk: 'U' })), ConsistentRead: true } } }));
      const bands = Array.from({ length: 4 * (1 + (rounds % 8)) }, (_, i) => `BAND#${i % 4}:${(rounds + i) % 97}`);
      await client.send(new ExecuteStatementCommand({ Statement: `SELECT id, ver, txt, gpk FROM "${tableName}"."${LISTING_INDEX}" WHERE gpk IN [${bands.map(() => '?').join(', ')}]`, Parameters: bands }));
      const recordItems = (rid: string) => [
        { Put: { TableName: tableName, Item: { pk: `P#${rid}`, sk: 'R', id: rid, ver: 1, doc }, ConditionExpression: 'attribute_not_exists(pk)' } },
        ...Array.from({ length: 12 }, (_, i) => row(i < 4 ? `BAND#${i}:${rounds % 97}` : `LK#k${i}:${rounds % 13}`)).map((item) => ({ Put: { TableName: tableName, Item: { ...item, pk: `P#${rid}`, id: rid, gsk: `${item.gsk}${rid}` } } })),
      ];
      await client.send(new TransactWriteCommand({ TransactItems: [...recordItems(`${id}a`), ...recordItems(`${id}b`)] }));
      await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: Array.from({ length: 25 }, (_, i) => ({ PutRequest: { Item: { pk: `P#${id}`, sk: `W#t${i}`, gpk: `W#t${i}`, gsk: `0001.050.${id}`, id, ver: 1 } } })) } }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { rounds, ms: Math.round(performance.now() - started) };
}

/** The projector's concurrency in the bench (records projected at once), as the local runtime runs it. */
const PROJECTOR_CONCURRENCY = 8;

/** Drains the outbox with the projector alone and measures it. */
async function measureProjector(deps: ProjectorDeps, pids: { dynamo: number | null; s3: number | null }, counts: () => AwsCounts, reset: () => void): Promise<ProjectorFigures> {
  reset();
  const { result: run, wallMs, cpuMs: cpu, serverCpuMs } = await timed(pids, () => drainProjections(deps, { concurrency: PROJECTOR_CONCURRENCY }));
  const c = counts();
  const depthAfter = (await deps.outbox.projectionLag()).depth;
  return {
    wallMs,
    cpuMs: cpu,
    serverCpuMs,
    run: { ...run, failures: run.failures.length },
    articlesPerSecond: Math.round((run.projected / (wallMs / 1000)) * 10) / 10,
    rowsPerSecond: Math.round(((run.listingRows + run.postings) / (wallMs / 1000)) * 10) / 10,
    dynamo: { writes: dynamoWrites(c), reads: dynamoReads(c), writeUnits: Math.round(c.writeUnits), readUnits: Math.round(c.readUnits), commands: { ...c.commands } },
    depthAfter,
  };
}

/**
 * Ingest (every source at once) and one projector loop side by side, as deployed: the rate at
 * which articles are stored, and the rate at which they are listed and searchable.
 */
async function measureSearchable(options: {
  handler: ReturnType<typeof createIngestHandler>;
  sourceIds: string[];
  projector: ProjectorDeps;
  search: DynamoSearchIndex;
  articles: number;
  serverPids: { dynamo: number | null; s3: number | null };
}): Promise<Omit<SearchableFigures, 'records'>> {
  let ingestWallMs = 0;
  let maxDepth = 0;
  let maxLagMs = 0;
  let projected = 0;
  let messageFailures = 0;
  const started = performance.now();
  const { wallMs, cpuMs: cpu, serverCpuMs } = await timed(options.serverPids, async () => {
    let ingesting = true;
    const ingest = Promise.all(options.sourceIds.map((sourceId) => options.handler(sqsEventFor({ sourceId, force: true }), localLambdaContext('ingest')) as Promise<SQSBatchResponse>)).then((results) => {
      ingestWallMs = Math.round(performance.now() - started);
      messageFailures = results.reduce((n, r) => n + (r?.batchItemFailures.length ?? 0), 0);
      ingesting = false;
    });
    const project = (async () => {
      let passes = 0;
      for (;;) {
        const run = await projectPending(options.projector, { limit: 200, concurrency: PROJECTOR_CONCURRENCY });
        projected += run.projected;
        if (passes++ % 10 === 0) {
          const lag = await options.projector.outbox.projectionLag();
          maxDepth = Math.max(maxDepth, lag.depth);
          if (lag.oldestSince) maxLagMs = Math.max(maxLagMs, Date.now() - Date.parse(lag.oldestSince));
        }
        if (run.seen === 0) {
          if (!ingesting) return;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    })();
    await Promise.all([ingest, project]);
  });
  const rate = (ms: number) => Math.round((options.articles / (ms / 1000)) * 10) / 10;
  return {
    ingestWallMs,
    searchableWallMs: wallMs,
    ingestArticlesPerSecond: rate(ingestWallMs),
    searchableArticlesPerSecond: rate(wallMs),
    cpuMs: cpu,
    serverCpuMs,
    maxDepth,
    maxLagMs: Math.round(maxLagMs),
    projected,
    documents: (await options.search.stats()).documents,
    messageFailures,
  };
}

/** Runs the ingestion bench; `itemsPerFeed` articles in each of the set's six feeds. */
export async function measureIngest(options: { itemsPerFeed?: number; stories?: boolean } = {}): Promise<IngestBenchFigures> {
  // The Lambda's composition links every new record into stories; the bench's figures leave it out
  // unless asked (`INGEST_BENCH_STORIES=1`): on this replay set it is the larger cost by far.
  const stories = options.stories ?? process.env['INGEST_BENCH_STORIES'] === '1';
  const set = buildIngestReplaySet({ itemsPerFeed: options.itemsPerFeed ?? 400 });
  const articles = [...set.articles.values()].reduce((n, urls) => n + urls.length, 0);
  const requests: ReplayRequest[] = [];
  const table = replayTable(set.documents);
  const replay = await startReplayServer(table, 0, { onRequest: (r) => requests.push(r) });
  const overHttp = new Map(overPlainHttp(sourceProfiles).map((s) => [s.id, s]));
  const getSource = (id: string) => overHttp.get(id) ?? getSourceProfile(id);
  const sources = set.sourceIds.map(getSource);
  const dir = mkdtempSync(path.join(tmpdir(), 'pw-ingest-bench-'));
  const stack = await startLocalStack({ s3Dir: path.join(dir, 's3'), log });
  const worker = new WorkerDocumentParser();
  try {
    // The worker starts once per container, during Lambda's init: outside the timed runs.
    await worker.warm();
    const parser = new CountingParser(worker);
    const extract = lazyExtractor();
    const fetcherFor = () => createPageFetcher({ contactUrl: 'https://example.org/bench', outboundProxy: undefined }, loopbackFetcherOptions(replay.port));
    const handlerFor = (backend: Backend, fetcher: ReturnType<typeof fetcherFor>) =>
      createIngestHandler({
        fetcher,
        parser,
        extract,
        rawPages: backend.rawPages as never,
        practices: backend.practices,
        // Story linking, as the Lambda's composition wires it, only when asked (see `measureIngest`).
        ...(stories ? { stories: backend.practices as never } : {}),
        sourceStates: backend.sourceStates,
        notifier: backend.notifier as never,
        clock: { now: () => new Date() },
        getSource,
      });

    // Baseline: the in-memory adapters.
    const memoryBackend: Backend = {
      name: 'memory',
      // Search postings are written with every new record, as the Lambda's composition wires them.
      practices: new MemoryPracticeRepository({ search: new MemorySearchIndex() }),
      sourceStates: new MemorySourceStateRepository(),
      rawPages: new MemoryRawPageStore(),
      notifier: new WebhookNotifier({ repository: new MemoryWebhookRepository() }) as never,
    };
    const memoryFetcher = fetcherFor();
    log(`ingest: ${articles} articles in ${set.documents.length} documents of ${set.sourceIds.length} sources (${set.sourceIds.join(', ')}); baseline into the in-memory adapters…`);
    const memory = { ...(await runOnce({ handler: handlerFor(memoryBackend, memoryFetcher), sourceIds: set.sourceIds, parser, requests, backend: memoryBackend, sources })), articlesPerSecond: 0 };
    memory.articlesPerSecond = Math.round((articles / (memory.wallMs / 1000)) * 10) / 10;
    await memoryFetcher.close();

    // The measured runs: DynamoDB Local and s3rver, through the adapters the Lambda's composition builds.
    let counts = emptyCounts();
    const config = loadConfig({ DYNAMODB_ENDPOINT: stack.dynamoEndpoint, S3_ENDPOINT: stack.s3Endpoint, TABLE_NAME: 'ingest-bench', RAW_BUCKET: 'ingest-bench-raw', LOG_LEVEL: 'SILENT' });
    // Clients that count what they send.
    const dynamoClient = countingClient(createDynamoClient(config), () => counts, { dynamo: true });
    const s3Client = countingClient(createS3Client(config), () => counts, { dynamo: false });
    await ensureBucket(s3Client, config.rawBucket);
    const serverPids = { dynamo: serverPid(new URL(stack.dynamoEndpoint).port, stack.dynamoEngine === 'dynamodb-local' ? 'DynamoDBLocal' : 'dynalite'), s3: serverPid(new URL(stack.s3Endpoint).port, 's3rver') };
    /** A backend over its own table: `deferred` as the Lambda's composition, `inline` as before the projector. */
    const openBackend = async (tableName: string, projection: 'inline' | 'deferred') => {
      await ensureTable(dynamoClient, tableName);
      const search = new DynamoSearchIndex(dynamoClient, tableName);
      const practices = new DynamoPracticeRepository(dynamoClient, tableName, { search, projection });
      const backend: Backend = {
        name: stack.dynamoEngine,
        practices,
        sourceStates: new DynamoSourceStateRepository(dynamoClient, tableName),
        rawPages: new S3RawPageStore(s3Client, config.rawBucket),
        notifier: new WebhookNotifier({ repository: new DynamoWebhookRepository(dynamoClient, tableName) }) as never,
        counts: () => counts,
        resetCounts: () => {
          counts = emptyCounts();
        },
      };
      const projector: ProjectorDeps = { outbox: practices, index: search, now: () => new Date() };
      return { backend, practices, search, projector };
    };
    // A deployed DynamoDB is always warm; DynamoDB Local's JVM compiles its hot paths during its
    // first minute of work, which would otherwise be charged to whichever run comes first.
    log(`ingest: warming ${stack.dynamoEngine}'s JIT on a scratch table (${DYNAMO_WARMUP_ROUNDS} rounds of the requests ingestion makes)…`);
    const warmup = await warmDynamo(dynamoClient, 'ingest-bench-warmup');
    log(`ingest: warm-up done (${warmup.rounds} request rounds in ${warmup.ms} ms)`);
    const perSecond = (run: RunFigures) => Math.round((articles / (run.wallMs / 1000)) * 10) / 10;
    const main = await openBackend(config.tableName, 'deferred');
    const fetcher = fetcherFor();
    const handler = handlerFor(main.backend, fetcher);
    log(`ingest: the same into ${stack.dynamoEngine} and s3rver, listing rows and postings deferred to the projector…`);
    const dynamo = await runOnce({ handler, sourceIds: set.sourceIds, parser, requests, backend: main.backend, sources, serverPids });
    const check = await storedExactlyOnce(main.practices, set);
    log('ingest: the projector alone, draining what the run queued…');
    const projector = await measureProjector(main.projector, serverPids, () => counts, () => (counts = emptyCounts()));
    log('ingest: a second run, nothing changed…');
    const unchanged = await runOnce({ handler, sourceIds: set.sourceIds, parser, requests, backend: main.backend, sources, serverPids });
    // The common case of an hourly poll: the feed changed by one new article.
    for (const [key, response] of replayTable(set.nextEdition)) table.set(key, response);
    log('ingest: a third run, one new article on top of every feed…');
    const changed = await runOnce({ handler, sourceIds: set.sourceIds, parser, requests, backend: main.backend, sources, serverPids });
    const nextArticles = [...set.nextArticles.values()].flat();
    const nextStored = (await Promise.all(nextArticles.map((url) => main.practices.findByUrl(url)))).filter(Boolean).length;
    await drainProjections(main.projector);
    await fetcher.close();
    if (process.env['INGEST_BENCH_QUICK'] === '1') {
      // Iterating on the ingest row only: its figures and the second and third runs', nothing else.
      const commands = (run: RunFigures) => JSON.stringify(run.dynamo?.commands ?? {});
      log(`ingest (quick): ${articles} articles, ${perSecond(dynamo)} articles/s (in memory ${memory.articlesPerSecond}), stored ${check.stored}, records ${check.records}, missing ${check.missing.length}, failures ${dynamo.reports.reduce((n, r) => n + r.failures.length + r.itemFailures.length, 0) + dynamo.messageFailures}`);
      log(`ingest (quick): per article ${JSON.stringify(perArticle(dynamo, articles))}`);
      log(`ingest (quick): second run ${unchanged.listingsParsed + unchanged.articlesParsed} parses, ${unchanged.dynamo?.writes} writes ${commands(unchanged)}; third run ${nextStored}/${nextArticles.length} stored, ${changed.dynamo?.writes} writes ${commands(changed)}`);
      throw new QuickDone();
    }
    for (const [key, response] of replayTable(set.documents)) table.set(key, response);

    log('ingest: ingest and projector at once, into a fresh table…');
    const e2e = await openBackend('ingest-bench-e2e', 'deferred');
    const e2eFetcher = fetcherFor();
    const searchableRun = await measureSearchable({ handler: handlerFor(e2e.backend, e2eFetcher), sourceIds: set.sourceIds, projector: e2e.projector, search: e2e.search, articles, serverPids });
    const searchable = { ...searchableRun, records: (await storedExactlyOnce(e2e.practices, set)).records };
    await e2eFetcher.close();

    let inline: (RunFigures & { articlesPerSecond: number }) | null = null;
    if (process.env['INGEST_BENCH_INLINE'] === '1') {
      log('ingest: for comparison, every listing row and posting in the ingest path (as before the projector)…');
      const before = await openBackend('ingest-bench-inline', 'inline');
      const inlineFetcher = fetcherFor();
      const run = await runOnce({ handler: handlerFor(before.backend, inlineFetcher), sourceIds: set.sourceIds, parser, requests, backend: before.backend, sources, serverPids });
      await inlineFetcher.close();
      inline = { ...run, articlesPerSecond: Math.round((articles / (run.wallMs / 1000)) * 10) / 10 };
    }

    // The largest message of the set, as one Lambda invocation in a process of its own.
    const [largest, largestUrls] = [...set.articles].sort(([, a], [, b]) => b.length - a.length)[0]!;
    log(`ingest: the handler's own memory, ${largest} (${largestUrls.length} articles) in a process of its own…`);
    const handlerMemory = await measureHandlerMemory({ dynamoEndpoint: stack.dynamoEndpoint, s3Endpoint: stack.s3Endpoint, replayPort: replay.port, sourceIds: [largest], articles: largestUrls.length, stories });

    const runs = set.sourceIds.length;
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return {
      articles,
      sources: set.sourceIds,
      memory: { ...memory, articlesPerSecond: perSecond(memory) },
      dynamo: { ...dynamo, articlesPerSecond: perSecond(dynamo), stored: check.stored, records: check.records, missing: check.missing.length },
      projector,
      searchable,
      inline,
      profile: { ingest: perArticle(dynamo, articles), projector: perArticle(projector, articles), inline: inline ? perArticle(inline, articles) : null },
      unchanged,
      changed: { ...changed, newArticles: nextArticles.length, stored: nextStored },
      model: {
        cpuMsPerArticle: round(dynamo.cpuMs / articles),
        cpuMsPerUnchangedRun: round(unchanged.cpuMs / runs),
        ...perKnownEntry(changed, unchanged, dynamo, articles, nextArticles.length),
        s3PutsPerChangedRun: round((changed.s3?.puts ?? 0) / runs),
        listingBytesPerEntry: Math.round(set.documents.reduce((n, d) => n + d.body.length, 0) / (articles + 100 * 2)),
        dynamoWriteUnitsPerArticle: round((dynamo.dynamo?.writeUnits ?? 0) / articles),
        dynamoReadUnitsPerArticle: round((dynamo.dynamo?.readUnits ?? 0) / articles),
        dynamoWriteUnitsPerUnchangedRun: round((unchanged.dynamo?.writeUnits ?? 0) / runs),
        dynamoReadUnitsPerUnchangedRun: round((unchanged.dynamo?.readUnits ?? 0) / runs),
        s3PutsPerArticle: round((dynamo.s3?.puts ?? 0) / articles, 4),
        // The handler's own process (one invocation of the largest message), not the bench's.
        peakRssMb: handlerMemory.peakRssMb,
        benchProcessPeakRssMb: dynamo.peakRssMb,
        projectorCpuMsPerArticle: round(projector.cpuMs / Math.max(1, projector.run.projected)),
        projectorWriteUnitsPerArticle: round(projector.dynamo.writeUnits / Math.max(1, projector.run.projected)),
        projectorReadUnitsPerArticle: round(projector.dynamo.readUnits / Math.max(1, projector.run.projected)),
      },
      handlerMemory,
      dynamoEngine: stack.dynamoEngine,
      storyLinking: stories,
    };
  } finally {
    await worker.close();
    await replay.close();
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Thrown to end a quick run (`INGEST_BENCH_QUICK=1`) once its figures are logged, after the servers stopped. */
class QuickDone extends Error {}

/** The bench rows of the ingestion suite. */
export async function benchIngest(options: { itemsPerFeed?: number; stories?: boolean } = {}): Promise<{ rows: BenchRow[]; figures: IngestBenchFigures }> {
  const f = await measureIngest(options);
  const d = f.dynamo;
  const u = f.unchanged;
  const c = f.changed;
  const itemsNew = d.reports.reduce((n, r) => n + r.itemsNew, 0);
  const failures = d.reports.reduce((n, r) => n + r.failures.length + r.itemFailures.length, 0);
  log(`ingest: per article ${JSON.stringify(f.profile)}`);
  log(`ingest: projector ${JSON.stringify(f.projector)}; ingest and projector at once ${JSON.stringify(f.searchable)}`);
  log(`ingest: ${JSON.stringify({ handlerMemory: f.handlerMemory, memory: { ...f.memory, reports: undefined }, dynamo: { ...d, reports: undefined }, unchanged: { ...u, reports: undefined }, changed: { ...c, reports: undefined }, model: f.model })}`);
  const unchangedWritesBeyondState = (u.dynamo?.writes ?? 0) - f.sources.length;
  // A new record is one transaction (its outbox row included); postings are the projector's, so any BatchWrite or UpdateItem here is the search index's.
  const changedCommands = c.dynamo?.commands ?? {};
  const changedWrites = { records: changedCommands['TransactWriteItemsCommand'] ?? 0, states: changedCommands['PutItemCommand'] ?? 0, search: (changedCommands['BatchWriteItemCommand'] ?? 0) + (changedCommands['UpdateItemCommand'] ?? 0) };
  const rows: BenchRow[] = [
    {
      suite: 'ingest',
      name: `ingest: replay run into ${f.dynamoEngine} + s3rver, records stored with their outbox row (${f.articles} articles, ${f.sources.length} sources${f.storyLinking ? ', with story linking' : ', without story linking'}; listings and postings deferred to the projector)`,
      value: d.articlesPerSecond,
      unit: 'articles/s',
      baseline:
        `in-memory adapters ${f.memory.articlesPerSecond} articles/s (ratio ${(d.articlesPerSecond / f.memory.articlesPerSecond).toFixed(2)}); wall ${d.wallMs} ms vs politeness floor ${d.politenessFloorMs} ms; ` +
        `per article ${f.profile.ingest.nodeCpuMs} ms node CPU, ${f.profile.ingest.dynamoCpuMs} ms DynamoDB Local CPU` +
        (f.inline ? `; everything in the ingest path (INGEST_BENCH_INLINE=1): ${f.inline.articlesPerSecond} articles/s, ${f.profile.inline?.nodeCpuMs} + ${f.profile.inline?.dynamoCpuMs} ms CPU per article` : ''),
      bar: `≥ ${INGEST_TARGET_ARTICLES_PER_SECOND} articles/s; every article stored once, 0 failures`,
      pass: d.articlesPerSecond >= INGEST_TARGET_ARTICLES_PER_SECOND && d.stored === f.articles && d.missing === 0 && itemsNew === f.articles && failures === 0 && d.messageFailures === 0,
      figures: { ...d, reports: undefined, itemsNew, failures, memory: { ...f.memory, reports: undefined } },
    },
    {
      suite: 'ingest',
      name: `projector alone: the outbox of the ingest run drained into listing rows and postings (${PROJECTOR_CONCURRENCY} records at a time)`,
      value: f.projector.articlesPerSecond,
      unit: 'articles/s',
      baseline:
        `${f.projector.rowsPerSecond} rows/s (${f.projector.run.listingRows} listing rows + ${f.projector.run.postings} postings for ${f.projector.run.projected} records in ${f.projector.wallMs} ms); ` +
        `per article ${f.profile.projector.nodeCpuMs} ms node CPU, ${f.profile.projector.dynamoCpuMs} ms DynamoDB Local CPU`,
      bar: 'outbox drained (depth 0), 0 failures; its rate is reported, the ≥ 100 bar is the ingest row\'s',
      pass: f.projector.depthAfter === 0 && f.projector.run.failures === 0 && f.projector.run.projected === d.records,
      figures: { ...f.projector, profile: f.profile.projector },
    },
    {
      suite: 'ingest',
      name: 'ingest and projector at once into a fresh table: stored, then listed and searchable',
      value: f.searchable.searchableArticlesPerSecond,
      unit: 'articles/s searchable',
      baseline:
        `ingest returned after ${f.searchable.ingestWallMs} ms (${f.searchable.ingestArticlesPerSecond} articles/s stored), the outbox was empty after ${f.searchable.searchableWallMs} ms; ` +
        `largest outbox depth sampled ${f.searchable.maxDepth}, oldest entry ${f.searchable.maxLagMs} ms old`,
      bar: 'every record projected and indexed (search documents = records), 0 failures; rate reported',
      pass: f.searchable.documents === f.searchable.records && f.searchable.projected >= f.searchable.records && f.searchable.messageFailures === 0,
      figures: { ...f.searchable },
    },
    {
      suite: 'ingest',
      name: 'second run, nothing changed: parses and writes',
      value: `${u.listingsParsed + u.articlesParsed} parses, ${unchangedWritesBeyondState} writes`,
      unit: '',
      baseline: `${u.requests} fetches (${u.notModified} answered 304, ${u.robots} robots.txt); ${u.dynamo?.writes ?? 0} DynamoDB writes = ${f.sources.length} source states; ${u.s3?.puts ?? 0} S3 puts; first run: ${d.requests} fetches, ${d.dynamo?.writes ?? 0} writes`,
      bar: '0 parses, 0 writes beyond source state',
      pass: u.listingsParsed + u.articlesParsed === 0 && unchangedWritesBeyondState === 0 && (u.s3?.puts ?? 0) === 0 && u.messageFailures === 0,
      figures: { ...u, reports: undefined },
    },
    {
      suite: 'ingest',
      name: 'third run, one new article on top of every feed: new records and writes',
      value: `${f.changed.stored}/${f.changed.newArticles} stored, ${c.dynamo?.writes ?? 0} writes (${changedWrites.records} record transactions, ${changedWrites.states} source states, ${changedWrites.search} search index)`,
      unit: '',
      baseline: `${c.requests} fetches, ${c.listingsParsed} listings parsed, ${c.reports.reduce((n, r) => n + r.itemsSeen, 0)} entries seen, ${c.reports.reduce((n, r) => n + r.itemsNew, 0)} new; ${c.dynamo?.readUnits ?? 0} read units, ${c.dynamo?.writeUnits ?? 0} write units; ${c.wallMs} ms`,
      bar: 'every new article stored; at most one record transaction per new article (several may share one), one write per source state, nothing else (postings are the projector\'s)',
      pass: f.changed.stored === f.changed.newArticles && changedWrites.records >= 1 && changedWrites.records <= f.changed.newArticles && changedWrites.states === f.sources.length && changedWrites.search === 0 && changedWrites.records + changedWrites.states === (c.dynamo?.writes ?? 0) && c.messageFailures === 0,
      figures: { ...c, reports: undefined },
    },
    {
      suite: 'ingest',
      name: `ingest handler's peak memory, in a process of its own (${f.handlerMemory.sourceIds.join(', ')}: ${f.handlerMemory.articles} articles, one invocation)`,
      value: f.handlerMemory.peakRssMb,
      unit: 'MB',
      baseline: `${f.handlerMemory.rssAfterImportMb} MB resident after importing the bundle; the bench process's own peak ${f.model.benchProcessPeakRssMb} MB`,
      bar: `< ${INGEST_MEMORY_MB} MB (the function's configured memory)`,
      pass: f.handlerMemory.peakRssMb !== null && f.handlerMemory.peakRssMb < INGEST_MEMORY_MB && f.handlerMemory.messageFailures === 0,
      figures: { ...f.handlerMemory },
    },
  ];
  return { rows, figures: f };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const itemsPerFeed = process.env['INGEST_BENCH_ITEMS'] ? Number(process.env['INGEST_BENCH_ITEMS']) : undefined;
  const { rows } = await benchIngest({ itemsPerFeed }).catch((error: unknown) => {
    if (error instanceof QuickDone) process.exit(0);
    throw error;
  });
  for (const row of rows) process.stdout.write(`${row.pass ? 'PASS' : 'FAIL'}  ${row.name}  ${row.value} ${row.unit}  (${row.baseline})\n`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
