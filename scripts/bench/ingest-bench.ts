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
import { build } from 'esbuild';
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

export interface IngestBenchFigures {
  articles: number;
  sources: string[];
  memory: RunFigures & { articlesPerSecond: number };
  dynamo: RunFigures & { articlesPerSecond: number; stored: number; records: number; missing: number };
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
    const common = {
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      charset: 'utf8',
      logLevel: 'silent',
      minify: true,
      banner: { js: "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);" },
    } as const;
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
    const memory = await runOnce({ handler: handlerFor(memoryBackend, memoryFetcher), sourceIds: set.sourceIds, parser, requests, backend: memoryBackend, sources });
    await memoryFetcher.close();

    // The measured run: DynamoDB Local and s3rver, through the composition the Lambda uses.
    let counts = emptyCounts();
    const config = loadConfig({ DYNAMODB_ENDPOINT: stack.dynamoEndpoint, S3_ENDPOINT: stack.s3Endpoint, TABLE_NAME: 'ingest-bench', RAW_BUCKET: 'ingest-bench-raw', LOG_LEVEL: 'SILENT' });
    // The adapters the Lambda's composition builds, over clients that count what they send.
    const dynamoClient = countingClient(createDynamoClient(config), () => counts, { dynamo: true });
    const s3Client = countingClient(createS3Client(config), () => counts, { dynamo: false });
    const storage = {
      dynamo: dynamoClient,
      s3: s3Client,
      practices: new DynamoPracticeRepository(dynamoClient, config.tableName, { search: new DynamoSearchIndex(dynamoClient, config.tableName) }),
      sourceStates: new DynamoSourceStateRepository(dynamoClient, config.tableName),
      rawPages: new S3RawPageStore(s3Client, config.rawBucket),
      webhooks: new DynamoWebhookRepository(dynamoClient, config.tableName),
    };
    await ensureTable(storage.dynamo, config.tableName);
    await ensureBucket(storage.s3, config.rawBucket);
    const dynamoBackend: Backend = {
      name: stack.dynamoEngine,
      practices: storage.practices,
      sourceStates: storage.sourceStates,
      rawPages: storage.rawPages,
      notifier: new WebhookNotifier({ repository: storage.webhooks }) as never,
      counts: () => counts,
      resetCounts: () => {
        counts = emptyCounts();
      },
    };
    const fetcher = fetcherFor();
    const handler = handlerFor(dynamoBackend, fetcher);
    const serverPids = { dynamo: serverPid(new URL(stack.dynamoEndpoint).port, stack.dynamoEngine === 'dynamodb-local' ? 'DynamoDBLocal' : 'dynalite'), s3: serverPid(new URL(stack.s3Endpoint).port, 's3rver') };
    log(`ingest: the same into ${stack.dynamoEngine} and s3rver…`);
    const dynamo = await runOnce({ handler, sourceIds: set.sourceIds, parser, requests, backend: dynamoBackend, sources, serverPids });
    const check = await storedExactlyOnce(storage.practices, set);
    log('ingest: a second run, nothing changed…');
    const unchanged = await runOnce({ handler, sourceIds: set.sourceIds, parser, requests, backend: dynamoBackend, sources, serverPids });
    // The common case of an hourly poll: the feed changed by one new article.
    for (const [key, response] of replayTable(set.nextEdition)) table.set(key, response);
    log('ingest: a third run, one new article on top of every feed…');
    const changed = await runOnce({ handler, sourceIds: set.sourceIds, parser, requests, backend: dynamoBackend, sources, serverPids });
    const nextArticles = [...set.nextArticles.values()].flat();
    const nextStored = (await Promise.all(nextArticles.map((url) => storage.practices.findByUrl(url)))).filter(Boolean).length;
    await fetcher.close();
    // The largest message of the set, as one Lambda invocation in a process of its own.
    const [largest, largestUrls] = [...set.articles].sort(([, a], [, b]) => b.length - a.length)[0]!;
    log(`ingest: the handler's own memory, ${largest} (${largestUrls.length} articles) in a process of its own…`);
    const handlerMemory = await measureHandlerMemory({ dynamoEndpoint: stack.dynamoEndpoint, s3Endpoint: stack.s3Endpoint, replayPort: replay.port, sourceIds: [largest], articles: largestUrls.length, stories });

    const perSecond = (run: RunFigures) => Math.round((articles / (run.wallMs / 1000)) * 10) / 10;
    const runs = set.sourceIds.length;
    const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
    return {
      articles,
      sources: set.sourceIds,
      memory: { ...memory, articlesPerSecond: perSecond(memory) },
      dynamo: { ...dynamo, articlesPerSecond: perSecond(dynamo), stored: check.stored, records: check.records, missing: check.missing.length },
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

/** The bench rows of the ingestion suite. */
export async function benchIngest(options: { itemsPerFeed?: number; stories?: boolean } = {}): Promise<{ rows: BenchRow[]; figures: IngestBenchFigures }> {
  const f = await measureIngest(options);
  const d = f.dynamo;
  const u = f.unchanged;
  const c = f.changed;
  const itemsNew = d.reports.reduce((n, r) => n + r.itemsNew, 0);
  const failures = d.reports.reduce((n, r) => n + r.failures.length + r.itemFailures.length, 0);
  log(`ingest: ${JSON.stringify({ handlerMemory: f.handlerMemory, memory: { ...f.memory, reports: undefined }, dynamo: { ...d, reports: undefined }, unchanged: { ...u, reports: undefined }, changed: { ...c, reports: undefined }, model: f.model })}`);
  const unchangedWritesBeyondState = (u.dynamo?.writes ?? 0) - f.sources.length;
  // A new record is one transaction; the search index adds BatchWrites of postings and UpdateItems of its statistics.
  const changedCommands = c.dynamo?.commands ?? {};
  const changedWrites = { records: changedCommands['TransactWriteItemsCommand'] ?? 0, states: changedCommands['PutItemCommand'] ?? 0, search: (changedCommands['BatchWriteItemCommand'] ?? 0) + (changedCommands['UpdateItemCommand'] ?? 0) };
  const rows: BenchRow[] = [
    {
      suite: 'ingest',
      name: `replay run into ${f.dynamoEngine} + s3rver (${f.articles} articles, ${f.sources.length} sources${f.storyLinking ? ', with story linking' : ', without story linking'})`,
      value: d.articlesPerSecond,
      unit: 'articles/s',
      baseline: `in-memory adapters ${f.memory.articlesPerSecond} articles/s (ratio ${(d.articlesPerSecond / f.memory.articlesPerSecond).toFixed(2)}); wall ${d.wallMs} ms vs politeness floor ${d.politenessFloorMs} ms`,
      bar: `≥ ${INGEST_TARGET_ARTICLES_PER_SECOND} articles/s; every article stored once, 0 failures`,
      pass: d.articlesPerSecond >= INGEST_TARGET_ARTICLES_PER_SECOND && d.stored === f.articles && d.missing === 0 && itemsNew === f.articles && failures === 0 && d.messageFailures === 0,
      figures: { ...d, reports: undefined, itemsNew, failures, memory: { ...f.memory, reports: undefined } },
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
      bar: 'every new article stored; one record transaction per new article, one write per source state, the rest search postings',
      pass: f.changed.stored === f.changed.newArticles && changedWrites.records === f.changed.newArticles && changedWrites.states === f.sources.length && changedWrites.records + changedWrites.states + changedWrites.search === (c.dynamo?.writes ?? 0) && c.messageFailures === 0,
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
  const { rows } = await benchIngest({ itemsPerFeed });
  for (const row of rows) process.stdout.write(`${row.pass ? 'PASS' : 'FAIL'}  ${row.name}  ${row.value} ${row.unit}  (${row.baseline})\n`);
  process.exit(rows.every((r) => r.pass) ? 0 : 1);
}
