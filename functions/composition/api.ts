import { glossaryFromFile } from '../adapters/search/glossary-file.js';
import type { GlossarySource } from '../core/search/search-ports.js';
import { S3ReextractJobStore } from '../adapters/learning/s3-learning-stores.js';
import { createWebhookUrlRule } from '../adapters/webhooks/url-policy.js';
import type { Config } from '../config.js';
import type { AccessTokenVerifier, Notifier, WebhookUrlPolicy } from '../core/ports.js';
import type { SourceProfile } from '../core/source-definition.js';
import type { QueryApiDeps } from '../handlers/api/query-api.js';
import type { ReviewApiDeps } from '../handlers/api/review-api.js';
import { createNotifier, type Storage } from './storage.js';

/**
 * One cross-language glossary per process, read on the first query that needs it. The public API
 * translates; the editors' searches the words as written (so decided when its bundle sat at the
 * 400 KB bar, before the API's schemas moved to zod/mini).
 */
let glossary: GlossarySource | undefined;
const sharedGlossary = (): GlossarySource => (glossary ??= glossaryFromFile());

/** Dependencies of the public read API. */
export function createQueryApiDependencies(config: Config, storage: Storage, sources: readonly SourceProfile[]): QueryApiDeps {
  return {
    queries: storage.practices,
    practices: storage.practices,
    stories: storage.practices,
    sourceStates: storage.sourceStates,
    rawPages: storage.rawPages,
    search: { index: storage.search, records: storage.practices, glossary: sharedGlossary() },
    projection: storage.practices,
    reextraction: new S3ReextractJobStore(storage.s3, config.rawBucket),
    sources,
    cursorSecret: config.cursorSecret,
    publicBaseUrl: config.publicBaseUrl,
  };
}

/** Dependencies of the editors' API; `webhookUrlPolicy` relaxes the webhook URL rule for local use. */
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
    stories: storage.practices,
    search: { index: storage.search, records: storage.practices },
    webhooks: storage.webhooks,
    notifier: overrides.notifier ?? createNotifier(storage, overrides.webhookUrlPolicy),
    verifier,
    cursorSecret: config.cursorSecret,
    webhookUrls: createWebhookUrlRule(overrides.webhookUrlPolicy),
    labels: storage.labels,
  };
}
