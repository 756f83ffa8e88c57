import { createDynamoClient, createS3Client } from '../adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSearchIndex } from '../adapters/dynamo/dynamo-search-index.js';
import { DynamoSourceStateRepository } from '../adapters/dynamo/dynamo-source-state-repository.js';
import { S3LabelledExampleStore, S3ModelStore } from '../adapters/learning/s3-learning-stores.js';
import { S3RawPageStore } from '../adapters/s3/s3-raw-page-store.js';
import { DynamoWebhookRepository } from '../adapters/webhooks/dynamo-webhook-repository.js';
import { WebhookNotifier } from '../adapters/webhooks/webhook-notifier.js';
import type { Config } from '../config.js';
import { publicEventsOnly } from '../core/practices/public-events.js';
import type { Notifier, WebhookUrlPolicy } from '../core/ports.js';

/**
 * Builds the real storage adapters from a `Config`. The Lambda entry points and the local runtime
 * both call this, so locally and on AWS the same code runs; only the endpoints in `Config` differ.
 */
export function createStorage(config: Config, options: { instrument?: <T>(client: T) => T; projection?: 'inline' | 'deferred' } = {}) {
  // On Lambda, `instrument` is the X-Ray tracer's client capture; locally it is absent.
  const instrument = options.instrument ?? (<T>(client: T) => client);
  const dynamo = instrument(createDynamoClient(config));
  const s3 = instrument(createS3Client(config));
  // The full-text index lives in the same table. `deferred` (what the deployed functions and
  // `npm start` use): an ingested record's listing rows and postings are the projector's
  // (core/projection); `inline` (the default, for harnesses without a projector) writes them
  // with the record.
  const search = new DynamoSearchIndex(dynamo, config.tableName);
  const practices = new DynamoPracticeRepository(dynamo, config.tableName, { search, projection: options.projection ?? 'inline' });
  return {
    dynamo,
    s3,
    practices,
    search,
    sourceStates: new DynamoSourceStateRepository(dynamo, config.tableName),
    rawPages: new S3RawPageStore(s3, config.rawBucket),
    webhooks: new DynamoWebhookRepository(dynamo, config.tableName),
    // The learning loop's editors' examples and versioned models, under `learning/` in the raw-page bucket.
    labels: new S3LabelledExampleStore(s3, config.rawBucket),
    models: new S3ModelStore(s3, config.rawBucket),
  };
}

export type Storage = ReturnType<typeof createStorage>;

/**
 * The webhook notifier over the stored subscriptions, passing only events about public practices;
 * `policy` relaxes URL rules for local use.
 */
export function createNotifier(storage: Storage, policy?: WebhookUrlPolicy): Notifier {
  return publicEventsOnly(new WebhookNotifier({ repository: storage.webhooks, ...(policy ? { policy } : {}) }), storage.practices);
}
