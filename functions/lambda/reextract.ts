import { Logger } from '@aws-lambda-powertools/logger';
import { createSqsClient } from '../adapters/aws-clients.js';
import { SqsReextractJobQueue } from '../adapters/learning/sqs-reextract-queue.js';
import { WorkerDocumentParser } from '../adapters/parse-worker/worker-document-parser.js';
import { createReextractDependencies } from '../composition/learning.js';
import { createStorage } from '../composition/storage.js';
import { loadConfig } from '../config.js';
import { createReextractHandler } from '../handlers/learning/reextract-handler.js';
import { getSourceProfile } from '../sources/profiles.js';
import { tracingFor } from './tracing.js';

// Built once per container and reused across invocations.
const config = loadConfig();
if (!config.reextractQueueUrl) throw new Error('REEXTRACT_QUEUE_URL is not set');
const logger = new Logger({ serviceName: 'reextract' });
const tracing = tracingFor('reextract');
// Records rewritten here reach listings and search through the projector, as ingested ones do.
const storage = createStorage(config, { instrument: tracing.instrument, projection: 'deferred' });
const sourceOf = (id: string) => {
  try {
    return getSourceProfile(id);
  } catch {
    return undefined;
  }
};

/** SQS → one step of the re-extraction job per message (a page of records), the next step enqueued by it. */
export const handler = createReextractHandler({
  ...createReextractDependencies(config, storage, {
    queue: new SqsReextractJobQueue(tracing.instrument(createSqsClient(config)), config.reextractQueueUrl),
    parser: new WorkerDocumentParser({ timeoutMs: config.parseTimeoutMs }),
    sourceOf,
  }),
  logger,
}).use(tracing.middleware);
