/**
 * The ingest bench's memory probe, run as its own process and bundled like the Lambda asset
 * (`parse-worker.mjs` and `extract.mjs` beside it): the real ingest handler over the real storage
 * adapters (DynamoDB Local, s3rver) and the bench's replay server, one SQS event per source in
 * `INGEST_SOURCES`, one after another as one warm container takes its invocations. It prints, as one
 * JSON line on stdout, the process's resident memory after its imports and its peak (the kernel's
 * high-water mark, the parse worker thread included): what a Lambda function's memory must hold,
 * without the bench's own clients, baseline adapters and replay set.
 */
import { readFileSync } from 'node:fs';
import type { SQSBatchResponse } from 'aws-lambda';
import { createDynamoClient, createS3Client } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSourceStateRepository } from '../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { lazyExtractor } from '../../functions/adapters/extraction/lazy-extractor.js';
import { createPageFetcher } from '../../functions/adapters/fetcher/http-page-fetcher.js';
import { WorkerDocumentParser } from '../../functions/adapters/parse-worker/worker-document-parser.js';
import { S3RawPageStore } from '../../functions/adapters/s3/s3-raw-page-store.js';
import { DynamoWebhookRepository } from '../../functions/adapters/webhooks/dynamo-webhook-repository.js';
import { WebhookNotifier } from '../../functions/adapters/webhooks/webhook-notifier.js';
import { loadConfig } from '../../functions/config.js';
import { createIngestHandler } from '../../functions/handlers/ingest/ingest-handler.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { loopbackFetcherOptions, overPlainHttp } from '../../functions/local/replay-server.js';
import { sqsEventFor } from '../../functions/local/scheduler.js';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';

const statusMb = (field: 'VmRSS' | 'VmHWM') => {
  const kb = new RegExp(`${field}:\\s+(\\d+)\\s+kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : null;
};

const rssAfterImportMb = statusMb('VmRSS');
const config = loadConfig();
const replayPort = Number(process.env['REPLAY_PORT']);
const sourceIds = (process.env['INGEST_SOURCES'] ?? '').split(',').filter(Boolean);
if (!replayPort || sourceIds.length === 0) throw new Error('REPLAY_PORT and INGEST_SOURCES are required');

const overHttp = new Map(overPlainHttp(sourceProfiles).map((s) => [s.id, s]));
const dynamo = createDynamoClient(config);
const s3 = createS3Client(config);
const practices = new DynamoPracticeRepository(dynamo, config.tableName, { projection: 'deferred' });
const parser = new WorkerDocumentParser();
const fetcher = createPageFetcher({ contactUrl: 'https://example.org/bench', outboundProxy: undefined }, loopbackFetcherOptions(replayPort));
const handler = createIngestHandler({
  fetcher,
  parser,
  extract: lazyExtractor(),
  rawPages: new S3RawPageStore(s3, config.rawBucket),
  practices,
  ...(process.env['INGEST_STORIES'] === '1' ? { stories: practices } : {}),
  sourceStates: new DynamoSourceStateRepository(dynamo, config.tableName),
  notifier: new WebhookNotifier({ repository: new DynamoWebhookRepository(dynamo, config.tableName) }),
  clock: { now: () => new Date() },
  getSource: (id) => overHttp.get(id) ?? getSourceProfile(id),
});

let failures = 0;
const started = performance.now();
for (const sourceId of sourceIds) {
  const result = (await handler(sqsEventFor({ sourceId, force: true }), localLambdaContext('ingest'))) as SQSBatchResponse;
  failures += result.batchItemFailures.length;
}
const wallMs = Math.round(performance.now() - started);
const peakRssMb = statusMb('VmHWM');
await fetcher.close();
await parser.close();
process.stdout.write(`${JSON.stringify({ sourceIds, rssAfterImportMb, peakRssMb, heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1048576), wallMs, messageFailures: failures })}\n`);
process.exit(0);
