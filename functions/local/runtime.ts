import path from 'node:path';
import { createJwtVerifier } from '../adapters/auth/jwt-verifier.js';
import { localVerifierOptions } from '../adapters/auth/local-issuer.js';
import { ensureTable } from '../adapters/dynamo/ensure-table.js';
import { decodeBody } from '../adapters/fetcher/decode.js';
import { ensureBucket } from '../adapters/s3/s3-raw-page-store.js';
import { createQueryApiDependencies, createReviewApiDependencies } from '../composition/api.js';
import { createIngestDependencies } from '../composition/ingest.js';
import { createReextractDependencies } from '../composition/learning.js';
import { createNotifier, createStorage } from '../composition/storage.js';
import { reextract as reextractUseCase } from '../core/ingest/reextract.js';
import type { SourceProfile } from '../core/source-definition.js';
import { createQueryApiHandler } from '../handlers/api/query-api.js';
import { createReviewApiHandler } from '../handlers/api/review-api.js';
import { createIngestHandler } from '../handlers/ingest/ingest-handler.js';
import { createReextractHandler } from '../handlers/learning/reextract-handler.js';
import { getSourceProfile, sourceProfiles } from '../sources/profiles.js';
import { localDir, openLocalEnvironment, projectRoot } from './environment.js';
import { LocalProjectorLoop } from './projector-loop.js';
import { LocalReextractQueue } from './reextract-queue.js';
import type { IngestLambda } from './scheduler.js';
import { loopbackFetcherOptions, overPlainHttp, startReplayServer, type ReplayServer } from './replay-server.js';

export interface LocalRuntimeOptions {
  /** Serve every source's recorded fixtures from a local replay server instead of the real sites. */
  replay: boolean;
  /** Wipe `.local/` first. */
  fresh?: boolean;
  /** Publish this process's server endpoints for CLI runs (what `npm start` does). */
  advertise?: boolean;
  log: (line: string) => void;
  /** Fewer startup lines (CLI commands that only read). */
  quiet?: boolean;
}

/**
 * The pipeline on one machine: real DynamoDB Local and S3 servers, and the very handlers the
 * Lambda entry points export, built by the same composition functions from a local `Config`.
 */
export async function createLocalRuntime(options: LocalRuntimeOptions) {
  const log = options.quiet ? () => {} : options.log;
  const environment = await openLocalEnvironment({ fresh: options.fresh, advertise: options.advertise, log });
  const { config } = environment;
  // As deployed: an ingested record's listing rows and postings follow through the projector.
  const storage = createStorage(config, { projection: 'deferred' });
  const projector = new LocalProjectorLoop({ outbox: storage.practices, index: storage.search, now: () => new Date() }, options.log);
  await ensureTable(storage.dynamo, config.tableName);
  await ensureBucket(storage.s3, config.rawBucket);

  let replay: ReplayServer | null = null;
  let registry = { getSource: getSourceProfile };
  let fetcherOverrides = {};
  if (options.replay) {
    replay = await startReplayServer(projectRoot);
    log(`replay server on http://127.0.0.1:${replay.port} with ${replay.size} recorded URLs`);
    // Every source host "resolves" to the replay server, over plain HTTP; nothing else is reachable.
    fetcherOverrides = loopbackFetcherOptions(replay.port);
    const overHttp = new Map(overPlainHttp(sourceProfiles).map((s) => [s.id, s]));
    registry = { getSource: (id: string) => overHttp.get(id) ?? getSourceProfile(id) };
  }

  const notifier = createNotifier(storage);
  const ingestDependencies = createIngestDependencies(config, storage, registry, { fetcher: fetcherOverrides, notifier });
  const lambdaIngestHandler = createIngestHandler({
    ...ingestDependencies,
    logger: {
      info: (message, extra) => log(`${message} ${JSON.stringify(extra)}`),
      error: (message, extra) => options.log(`${message} ${JSON.stringify(extra)}`),
    },
  });

  // The very Lambda handler; locally a run returns once its records are projected too, so that
  // what a CLI run or a test ingests is listed and searchable when it returns.
  const ingestHandler: IngestLambda = async (event, context) => {
    const result = await lambdaIngestHandler(event, context);
    await projector.drain();
    return result;
  };

  // The re-extraction job: the very Lambda handler behind an in-process queue (no delayed second pass locally).
  const reextractQueue = new LocalReextractQueue();
  const reextractDependencies = createReextractDependencies(config, storage, {
    queue: reextractQueue,
    parser: ingestDependencies.parser,
    sourceOf: (id) => {
      try {
        return registry.getSource(id);
      } catch {
        return undefined;
      }
    },
    settleMs: 0,
  });
  const reextractHandler = createReextractHandler({
    ...reextractDependencies,
    logger: {
      info: (message, extra) => log(`${message} ${JSON.stringify(extra)}`),
      error: (message, extra) => options.log(`${message} ${JSON.stringify(extra)}`),
    },
  });

  const verifier = createJwtVerifier(await localVerifierOptions(path.join(localDir, 'auth')));
  const queryHandler = createQueryApiHandler(createQueryApiDependencies(config, storage, sourceProfiles));
  const reviewHandler = createReviewApiHandler(createReviewApiDependencies(config, storage, verifier, { notifier }));

  return {
    config,
    stack: environment.stack,
    replay,
    sourceStates: storage.sourceStates,
    practices: storage.practices,
    /** The learning loop's stores: editors' labelled examples and versioned classifier models. */
    labels: storage.labels,
    models: storage.models,
    ingestHandler,
    /** The projector's loop (started by `npm start`) and its drain. */
    projector,
    queryHandler,
    reviewHandler,
    /** The re-extraction job's queue (a retrain that promotes, or a rollback, enqueues its first step) and its handler. */
    reextractJobs: {
      queue: reextractQueue,
      handler: reextractHandler,
      /** The latest job's state (S3 learning/reextract/job.json). */
      jobs: reextractDependencies.jobs,
      /** Runs the queued steps to the end, then brings listings and search up to date. */
      async drain(): Promise<number> {
        await projector.drain();
        const deliveries = await reextractQueue.drain(reextractHandler, options.log);
        await projector.drain();
        return deliveries;
      },
    },
    /** Re-extraction from stored raw pages (no fetching), keeping editors' work. */
    async reextract(chosen: readonly SourceProfile[], opts: { since?: string; onProgress?: (line: string) => void }) {
      // It finds records through the listings by source: bring them up to date first.
      await projector.drain();
      const report = await reextractUseCase(
        chosen,
        {
          practices: storage.practices,
          rawPages: storage.rawPages,
          parser: ingestDependencies.parser,
          decode: (page, source) =>
            decodeBody(page.bytes, { contentType: page.meta.headers['content-type'], defaultCharset: source.charsetDefault }).text,
          now: () => new Date(),
          // The ingest extractor: the promoted classifier model when there is one.
          extract: ingestDependencies.extract,
        },
        opts,
      );
      await projector.drain();
      return report;
    },
    async close() {
      await projector.stop();
      await ingestDependencies.fetcher.close?.();
      await ingestDependencies.parser.close?.();
      await replay?.close();
      await environment.close();
    },
  };
}

export type LocalRuntime = Awaited<ReturnType<typeof createLocalRuntime>>;
