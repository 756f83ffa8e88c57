import { Logger } from '@aws-lambda-powertools/logger';
import { createQueryApiDependencies } from '../composition/api.js';
import { createStorage } from '../composition/storage.js';
import { loadConfig } from '../config.js';
import { createQueryApiHandler } from '../handlers/api/query-api.js';
import { sourceProfiles } from '../sources/profiles.js';
import { tracingFor } from './tracing.js';

// Built once per container and reused across invocations.
const config = loadConfig();
const logger = new Logger({ serviceName: 'query-api' });

const tracing = tracingFor('query-api');
const storage = createStorage(config, { instrument: tracing.instrument, projection: 'deferred' });

/** API Gateway HTTP API (v2) → the public read routes of `QUERY_API_ROUTES`. */
export const handler = createQueryApiHandler({ ...createQueryApiDependencies(config, storage, sourceProfiles), logger }).use(tracing.middleware);
