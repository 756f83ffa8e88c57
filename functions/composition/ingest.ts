import type { HttpPageFetcherOptions } from '../adapters/fetcher/fetcher-options.js';
import { modelAwareExtractor } from '../adapters/learning/model-aware-extractor.js';
import { createPageFetcher } from '../adapters/fetcher/http-page-fetcher.js';
import { WorkerDocumentParser } from '../adapters/parse-worker/worker-document-parser.js';
import type { Config } from '../config.js';
import { systemClock, type Notifier } from '../core/ports.js';
import type { SourceProfile } from '../core/source-definition.js';
import type { IngestHandlerDependencies } from '../handlers/ingest/ingest-handler.js';
import { createNotifier, type Storage } from './storage.js';

/**
 * Dependencies of the ingest handler, for the Lambda entry point and the local runtime alike.
 * Apart from the API's composition so that the API bundles carry no fetcher or parser.
 */
export function createIngestDependencies(
  config: Config,
  storage: Storage,
  registry: { getSource(id: string): SourceProfile },
  overrides: { fetcher?: Partial<HttpPageFetcherOptions>; notifier?: Notifier } = {},
): IngestHandlerDependencies {
  return {
    fetcher: createPageFetcher(config, overrides.fetcher),
    parser: new WorkerDocumentParser({ timeoutMs: config.parseTimeoutMs }),
    // The promoted classifier model from S3 (learning/models/current.json), else the shipped one.
    extract: modelAwareExtractor(storage.models, { onModelError: (error) => console.warn('classifier model not read from S3; the shipped one applies', error) }),
    rawPages: storage.rawPages,
    practices: storage.practices,
    // The practice repository keeps stories too (one table, one transaction per record).
    stories: storage.practices,
    sourceStates: storage.sourceStates,
    notifier: overrides.notifier ?? createNotifier(storage),
    clock: systemClock,
    getSource: (id) => registry.getSource(id),
  };
}
