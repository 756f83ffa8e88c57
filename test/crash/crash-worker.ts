/**
 * The crash suite's ingest worker, run as a child process (bundled like the Lambda asset, with
 * `parse-worker.mjs` beside it): the real ingest handler and storage adapters against DynamoDB
 * Local and s3rver, fetching over loopback from a local HTTP server in this process. It runs a
 * scenario of three steps, recording each finished step in a journal so that a restarted worker
 * picks up where the killed one stopped, as SQS redelivers only what was not acknowledged:
 *
 * 1. `ingest-1`: one SQS event with two messages (gov74-ru, kremlin-ru), edition 1 of the sites;
 *    each source reads its first entry point only (one request per host: no politeness wait);
 * 2. `editor`: an editor edits then approves two records (fixed request tokens, If-Match versions);
 * 3. `ingest-2`: the same event against edition 2 (one new article, one edited article rewritten).
 *
 * Listing rows and postings are deferred to the projector, as deployed: `project-1` drains the
 * outbox after `ingest-1`, `project-2` after `ingest-2` (the editor's step runs between, on
 * whatever the first drain left).
 *
 * `CRASH_AT=<point>:<n>` makes the process SIGKILL itself at the n-th crossing of a named point:
 * `fetched` (between fetch and archive), `archived` (between archive and any derived write),
 * `recording` (before a record's transaction), `transaction` (after DynamoDB applied a record's
 * transaction, before its answer is read), `state-saved` (after one message of the batch, before
 * the next), `editor-sent` / `editor-applied` (an editor transaction before it reaches DynamoDB /
 * after it was applied), `projected` (inside a projection, its listing rows written, its postings and
 * outbox entry not yet). The journal also gets a line per raw page stored and per derived write
 * started, so that the parent can check their order.
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { SQSEvent } from 'aws-lambda';
import { createStorage } from '../../functions/composition/storage.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { createPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { lazyExtractor } from '../../functions/adapters/extraction/lazy-extractor.js';
import { WorkerDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { ensureBucket } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { loadConfig } from '../../functions/config.js';
import type { PageFetcher, PracticeRepository, RawPageStore, SourceStateRepository } from '../../functions/core/ports.js';
import { createIngestHandler } from '../../functions/handlers/ingest/ingest-handler.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { loopbackFetcherOptions, overPlainHttp, startReplayServer, type RecordedResponse } from '../../functions/local/replay-server.js';
import { sqsEventFor } from '../../functions/local/scheduler.js';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';
import { drainProjections, type ProjectorDeps } from '../../functions/core/projection/project-records.js';
import { EDITED, edition } from './crash-fixtures.js';

const journal = process.env['CRASH_JOURNAL'];
if (!journal) throw new Error('CRASH_JOURNAL is required');
const [crashPoint, crashNth] = (process.env['CRASH_AT'] ?? '').split(':');
const crossings: Record<string, number> = {};
const write = (line: string) => appendFileSync(journal, `${line}\n`);

/** Counts a crossing of `point`; at the chosen one the process dies as a power cut would take it. */
function cross(point: string): void {
  crossings[point] = (crossings[point] ?? 0) + 1;
  if (point === crashPoint && crossings[point] === Number(crashNth)) {
    write(`killed ${point} ${crossings[point]}`);
    process.kill(process.pid, 'SIGKILL');
  }
}

let step = '';
const done = new Set(existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter((l) => l.startsWith('done ')).map((l) => l.slice(5)) : []);

const config = loadConfig();
type Middleware = (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) => (args: { input: Record<string, unknown> }) => Promise<unknown>;
let instrumented = 0;
const storage = createStorage(config, {
  projection: 'deferred',
  instrument: <T>(client: T): T => {
    // The DynamoDB client comes first: transactions are crossing points before and after the server applies them.
    if (instrumented++ === 0) {
      const onTransaction: Middleware = (next, context) => async (args) => {
        if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
        if (step === 'editor') cross('editor-sent');
        const result = await next(args);
        cross(step === 'editor' ? 'editor-applied' : 'transaction');
        return result;
      };
      (client as unknown as { middlewareStack: { add(m: Middleware, o: { step: string; name: string }): void } }).middlewareStack.add(onTransaction, { step: 'initialize', name: 'crashPoints' });
    }
    return client;
  },
});

const wrapFetcher = (inner: PageFetcher): PageFetcher => ({
  fetch: async (request) => {
    const page = await inner.fetch(request);
    if (!page.notModified) cross('fetched');
    return page;
  },
  close: () => inner.close?.() ?? Promise.resolve(),
});
const wrapRawPages = (inner: RawPageStore): RawPageStore => ({
  put: async (page) => {
    const stored = await inner.put(page);
    write(`s3 ${stored.key}`);
    cross('archived');
    return stored;
  },
  get: (key) => inner.get(key),
});
const wrapPractices = (inner: PracticeRepository): PracticeRepository =>
  Object.assign(Object.create(inner) as PracticeRepository, {
    recordObservation: async (observation: Parameters<PracticeRepository['recordObservation']>[0], mergeInto?: string) => {
      write(`db ${observation.source.rawKey} ${observation.source.url}`);
      cross('recording');
      return inner.recordObservation(observation, mergeInto);
    },
  });
const wrapStates = (inner: SourceStateRepository): SourceStateRepository =>
  Object.assign(Object.create(inner) as SourceStateRepository, {
    put: async (...args: Parameters<SourceStateRepository['put']>) => {
      await inner.put(...args);
      cross('state-saved');
    },
  });

/** The projector over the same storage, with a crossing point between its listing rows and the rest. */
const projector: ProjectorDeps = {
  outbox: Object.assign(Object.create(storage.practices) as typeof storage.practices, {
    projectListings: async (item: Parameters<typeof storage.practices.projectListings>[0]) => {
      const written = await storage.practices.projectListings(item);
      cross('projected');
      return written;
    },
  }),
  index: storage.search,
  now: () => new Date(),
};
const project = async () => {
  const run = await drainProjections(projector);
  if (run.failures.length) throw new Error(`projection failures: ${run.failures.map((f) => `${f.id}: ${String(f.error)}`).join('; ')}`);
};

async function main(): Promise<void> {
  await ensureTable(storage.dynamo, config.tableName);
  await ensureBucket(storage.s3, config.rawBucket);
  // The server reads this table on every request: serving another edition is refilling it.
  const live = new Map<string, RecordedResponse>();
  const serve = (next: Map<string, RecordedResponse>) => {
    live.clear();
    for (const [key, response] of next) live.set(key, response);
  };
  const replay = await startReplayServer(live, 0);
  // Plain HTTP to the local server; one request per host a run (kremlin.ru's feed of all events
  // only, no robots.txt), so that politeness never makes a run wait.
  const viaLoopback = new Map(
    overPlainHttp(sourceProfiles).map((s) => [s.id, { ...s, entryPoints: s.entryPoints.slice(0, 1), politeness: { ...s.politeness, respectRobots: false } }]),
  );
  const parser = new WorkerDocumentParser({ timeoutMs: config.parseTimeoutMs });
  const fetcher = createPageFetcher(config, { ...loopbackFetcherOptions(replay.port), retries: 0 });
  const handler = createIngestHandler({
    fetcher: wrapFetcher(fetcher),
    parser,
    extract: lazyExtractor(),
    rawPages: wrapRawPages(storage.rawPages),
    practices: wrapPractices(storage.practices),
    sourceStates: wrapStates(storage.sourceStates),
    notifier: { publish: async () => {} },
    clock: { now: () => new Date() },
    getSource: (id) => viaLoopback.get(id) ?? getSourceProfile(id),
  });
  const batch = (): SQSEvent => ({
    Records: ['gov74-ru', 'kremlin-ru'].map((sourceId, i) => ({ ...sqsEventFor({ sourceId, force: true }).Records[0]!, messageId: `m${i}` })),
  });
  const steps: Array<[string, () => Promise<void>]> = [
    [
      'ingest-1',
      async () => {
        serve(edition(1));
        const result = await handler(batch(), localLambdaContext('ingest'));
        if (result && result.batchItemFailures.length > 0) throw new Error(`batch item failures: ${JSON.stringify(result.batchItemFailures)}`);
      },
    ],
    ['project-1', project],
    [
      'editor',
      async () => {
        // An editor's client retries the request whose answer it lost, with the same request token and
        // If-Match version it first used; requests already answered are not sent again (a replay of
        // one after a later write is stale, a 412, as a client that re-sent it would be told).
        for (const [index, url] of EDITED.entries()) {
          const record = await storage.practices.findByUrl(url);
          if (!record) throw new Error(`no record for ${url}`);
          const requests = [
            { expectedVersion: 1, action: { type: 'edit' as const, overrides: { title: `Проверено редактором: запись ${index + 1}` } }, requestToken: `edit-${index}`, at: '2024-03-02T10:00:00.000Z' },
            { expectedVersion: 2, action: { type: 'approve' as const }, requestToken: `approve-${index}`, at: '2024-03-02T10:01:00.000Z' },
          ];
          for (const request of requests) {
            if (done.has(`editor:${request.requestToken}`)) continue;
            await storage.practices.applyEditorAction({ id: record.id, actor: 'anna', ...request });
            write(`done editor:${request.requestToken}`);
          }
        }
      },
    ],
    [
      'ingest-2',
      async () => {
        serve(edition(2));
        const result = await handler(batch(), localLambdaContext('ingest'));
        if (result && result.batchItemFailures.length > 0) throw new Error(`batch item failures: ${JSON.stringify(result.batchItemFailures)}`);
      },
    ],
    ['project-2', project],
  ];
  for (const [name, run] of steps) {
    if (done.has(name)) continue;
    step = name;
    write(`step ${name}`);
    await run();
    write(`done ${name}`);
  }
  write(`crossings ${JSON.stringify(crossings)}`);
  await fetcher.close();
  await parser.close();
  await replay.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    write(`error ${error instanceof Error ? error.stack ?? error.message : String(error)}`.replace(/\n/g, ' | '));
    process.exit(1);
  },
);
