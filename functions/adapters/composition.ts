import type { Config } from '../config.js';
import type { Notifier } from '../core/ports.js';
import type { SourceProfile } from '../core/source-definition.js';
import type { QueryApiDeps } from '../handlers/api/query-api.js';
import type { ReviewApiDeps } from '../handlers/api/review-api.js';
import type { AccessTokenVerifier } from './auth/jwt-verifier.js';
import { createDynamoClient, createS3Client } from './aws-clients.js';
import { DynamoPracticeRepository } from './dynamo/dynamo-practice-repository.js';
import { DynamoSourceStateRepository } from './dynamo/dynamo-source-state-repository.js';
import { S3RawPageStore } from './s3/s3-raw-page-store.js';
import { DynamoWebhookRepository } from './webhooks/dynamo-webhook-repository.js';
import { WebhookNotifier } from './webhooks/webhook-notifier.js';
import type { WebhookUrlPolicy } from './webhooks/url-policy.js';

/**
 * Builds the real adapters from a `Config`. The Lambda entry points and the local runtime both
 * call these, so locally and on AWS the same code runs; only the endpoints in `Config` differ.
 * The ingest side (fetcher, parser) lives in `ingest-composition.ts` so that the API bundles
 * do not carry it.
 */
export function createStorage(config: Config, options: { instrument?: <T>(client: T) => T } = {}) {
  // On Lambda, `instrument` is the X-Ray tracer's client capture; locally it is absent.
  const instrument = options.instrument ?? (<T>(client: T) => client);
  const dynamo = instrument(createDynamoClient(config));
  const s3 = instrument(createS3Client(config));
  const practices = new DynamoPracticeRepository(dynamo, config.tableName);
  return {
    dynamo,
    s3,
    practices,
    sourceStates: new DynamoSourceStateRepository(dynamo, config.tableName),
    rawPages: new S3RawPageStore(s3, config.rawBucket),
    webhooks: new DynamoWebhookRepository(dynamo, config.tableName),
  };
}

export type Storage = ReturnType<typeof createStorage>;

/** The webhook notifier over the stored subscriptions; `policy` relaxes URL rules for local use. */
export function createNotifier(storage: Storage, policy?: WebhookUrlPolicy): Notifier {
  return new WebhookNotifier({ repository: storage.webhooks, ...(policy ? { policy } : {}) });
}

/** Dependencies of the public read API. */
export function createQueryApiDependencies(config: Config, storage: Storage, sources: readonly SourceProfile[]): QueryApiDeps {
  return {
    queries: storage.practices,
    practices: storage.practices,
    sourceStates: storage.sourceStates,
    rawPages: storage.rawPages,
    sources,
    cursorSecret: config.cursorSecret,
    publicBaseUrl: config.publicBaseUrl,
  };
}

/** Dependencies of the editors' API. */
export function createReviewApiDependencies(
  config: Config,
  storage: Storage,
  verifier: AccessTokenVerifier,
  overrides: { notifier?: Notifier; webhookUrlPolicy?: WebhookUrlPolicy } = {},
): ReviewApiDeps {
  return {
    queries: storage.practices,
    practices: storage.practices,
    review: storage.practices,
    webhooks: storage.webhooks,
    notifier: overrides.notifier ?? createNotifier(storage, overrides.webhookUrlPolicy),
    verifier,
    cursorSecret: config.cursorSecret,
    ...(overrides.webhookUrlPolicy ? { webhookUrlPolicy: overrides.webhookUrlPolicy } : {}),
  };
}
