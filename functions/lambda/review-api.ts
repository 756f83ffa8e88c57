import { Logger } from '@aws-lambda-powertools/logger';
import { createJwtVerifier } from '../adapters/auth/jwt-verifier.js';
import { createReviewApiDependencies } from '../composition/api.js';
import { createStorage } from '../composition/storage.js';
import { loadConfig } from '../config.js';
import { createReviewApiHandler } from '../handlers/api/review-api.js';
import { tracingFor } from './tracing.js';

// Built once per container and reused across invocations (the JWKS is cached with them).
const config = loadConfig();
const logger = new Logger({ serviceName: 'review-api' });
const tracing = tracingFor('review-api');
const storage = createStorage(config, { instrument: tracing.instrument, projection: 'deferred' });
const { issuer, audience, jwksUrl, editorScope } = config.auth;
if (!issuer || !audience || !jwksUrl) throw new Error('AUTH_ISSUER, AUTH_AUDIENCE and AUTH_JWKS_URL are required by the review API');

const verifier = createJwtVerifier({ issuer, clientIds: [audience], keys: { jwksUrl }, editorScope, editorGroup: 'editors' });

/** API Gateway HTTP API (v2) → the editor routes of `REVIEW_API_ROUTES`, each checked again for the editors group. */
export const handler = createReviewApiHandler({ ...createReviewApiDependencies(config, storage, verifier), logger }).use(tracing.middleware);
