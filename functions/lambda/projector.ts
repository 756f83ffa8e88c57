import { Logger } from '@aws-lambda-powertools/logger';
import { createStorage } from '../composition/storage.js';
import { loadConfig } from '../config.js';
import { createProjectorHandler } from '../handlers/projector/projector-handler.js';
import { tracingFor } from './tracing.js';

// Built once per container and reused across invocations.
const config = loadConfig();
const logger = new Logger({ serviceName: 'projector' });
const tracing = tracingFor('projector');
const storage = createStorage(config, { instrument: tracing.instrument, projection: 'deferred' });

/** DynamoDB Streams (outbox rows) or the scheduled sweep → listing rows and postings of the records named. */
export const handler = createProjectorHandler({ outbox: storage.practices, index: storage.search, now: () => new Date(), logger }).use(tracing.middleware);
