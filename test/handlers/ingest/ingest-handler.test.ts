import path from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPageFetcher } from '../../../functions/adapters/fetcher/http-page-fetcher.js';
import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../../functions/adapters/memory/memory-source-state-repository.js';
import { extractPractice } from '../../../functions/core/extraction/extract-practice.js';
import { InProcessDocumentParser } from '../../../functions/adapters/parse-worker/worker-document-parser.js';
import type { SourceRunReport } from '../../../functions/core/ports.js';
import { createIngestHandler, type IngestHandlerDependencies } from '../../../functions/handlers/ingest/ingest-handler.js';
import { localLambdaContext } from '../../../functions/local/lambda-context.js';
import { sqsEventFor } from '../../../functions/local/scheduler.js';
import { loopbackFetcherOptions, overPlainHttp, startReplayServer, type ReplayServer } from '../../../functions/local/replay-server.js';
import { getSource, sources } from '../../../functions/sources/registry.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..');

function batch(...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body, i) => ({ ...sqsEventFor({ sourceId: 'x' }).Records[0]!, messageId: `m${i}`, body })) };
}

describe('ingest handler (SQS → one source run per message)', () => {
  let replay: ReplayServer;
  let deps: IngestHandlerDependencies;
  const runs: Array<{ report: SourceRunReport; failing: boolean }> = [];
  const viaHttp = new Map(overPlainHttp(sources).map((s) => [s.id, s]));

  beforeAll(async () => {
    replay = await startReplayServer(root);
    deps = {
      fetcher: createPageFetcher({ contactUrl: 'https://example.org/contact', outboundProxy: undefined }, loopbackFetcherOptions(replay.port)),
      parser: new InProcessDocumentParser({ registry: { getSource } }),
      extract: extractPractice,
      rawPages: new MemoryRawPageStore(),
      practices: new MemoryPracticeRepository(),
      sourceStates: new MemorySourceStateRepository(),
      notifier: { publish: async () => {} },
      clock: { now: () => new Date() },
      getSource: (id) => viaHttp.get(id) ?? getSource(id),
      metrics: { recordRun: (report, failing) => void runs.push({ report, failing }) },
    };
  });

  afterAll(() => replay?.close());

  it('runs the source of each message and reports no failure for recorded runs', async () => {
    const handler = createIngestHandler(deps);
    const result = await handler(batch(JSON.stringify({ sourceId: 'madeinrussia-ru' })), localLambdaContext('ingest'));
    expect(result).toEqual({ batchItemFailures: [] });
    const state = await deps.sourceStates.get('madeinrussia-ru');
    expect(state?.health.status).toBe('ok');
    expect(runs.at(-1)).toMatchObject({ report: { sourceId: 'madeinrussia-ru', outcome: 'success' }, failing: false });
  }, 30_000);

  it('returns only the poison messages as batch item failures, so SQS retries them and then dead-letters them', async () => {
    const handler = createIngestHandler(deps);
    const result = await handler(
      batch('not json', JSON.stringify({ sourceId: 'no-such-source' }), JSON.stringify({ sourceId: 'smarteka' }), JSON.stringify({ source: 'smarteka' })),
      localLambdaContext('ingest'),
    );
    expect(result?.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }]);
    expect((await deps.sourceStates.get('smarteka'))?.lastRun?.outcome).toBe('success');
  }, 30_000);

  it('treats an unreachable source as a recorded run, but a storage failure as a message failure', async () => {
    const unreachable = { ...deps, fetcher: createPageFetcher({ contactUrl: 'https://example.org/contact', outboundProxy: undefined }, { ...loopbackFetcherOptions(1), retries: 0 }) };
    const recorded = await createIngestHandler(unreachable)(batch(JSON.stringify({ sourceId: 'kremlin-ru', force: true })), localLambdaContext('ingest'));
    expect(recorded?.batchItemFailures).toEqual([]);
    expect((await deps.sourceStates.get('kremlin-ru'))?.health).toMatchObject({ status: 'failing', consecutiveFailures: 1 });

    // A fault a real store cannot be made to produce on demand: every state write fails.
    const brokenStore = { ...deps.sourceStates, get: deps.sourceStates.get.bind(deps.sourceStates), list: deps.sourceStates.list.bind(deps.sourceStates), put: async () => { throw new Error('ProvisionedThroughputExceededException'); } };
    const lost = await createIngestHandler({ ...deps, sourceStates: brokenStore })(batch(JSON.stringify({ sourceId: 'gov74-ru' })), localLambdaContext('ingest'));
    expect(lost?.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }]);
  }, 30_000);
});
