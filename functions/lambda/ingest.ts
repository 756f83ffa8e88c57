import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { PowertoolsRunMetrics } from '../adapters/observability/powertools-run-metrics.js';
import { createIngestDependencies } from '../composition/ingest.js';
import { createStorage } from '../composition/storage.js';
import { loadConfig } from '../config.js';
import { createIngestHandler } from '../handlers/ingest/ingest-handler.js';
import { getSourceProfile } from '../sources/profiles.js';
import { tracingFor } from './tracing.js';

// Built once per container and reused across invocations.
const config = loadConfig();
const logger = new Logger({ serviceName: 'ingest' });
const tracing = tracingFor('ingest');
const storage = createStorage(config, { instrument: tracing.instrument, projection: 'deferred' });

/** SQS → one source run per message, with ReportBatchItemFailures. */
export const handler = createIngestHandler({
  ...createIngestDependencies(config, storage, { getSource: getSourceProfile }),
  metrics: new PowertoolsRunMetrics(new Metrics({ namespace: 'PracticeWatch', serviceName: 'ingest' })),
  logger,
}).use(tracing.middleware);
