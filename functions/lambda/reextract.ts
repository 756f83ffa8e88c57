import { Logger } from '@aws-lambda-powertools/logger';
import { WorkerDocumentParser } from '../adapters/parse-worker/worker-document-parser.js';
import { createReextractDependencies } from '../composition/learning.js';
import { createStorage } from '../composition/storage.js';
import { loadConfig } from '../config.js';
import { createReextractHandler } from '../handlers/learning/reextract-handler.js';
import { getSourceProfile } from '../sources/profiles.js';
import { tracingFor } from './tracing.js';

// Built once per container and reused across invocations.
const config = loadConfig();
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

/** Step Functions → one step of the re-extraction job per invocation (a page of records); returns the next step's message, or done. */
export const handler = createReextractHandler({
  ...createReextractDependencies(config, storage, {
    parser: new WorkerDocumentParser({ timeoutMs: config.parseTimeoutMs }),
    sourceOf,
  }),
  logger,
}).use(tracing.middleware);
