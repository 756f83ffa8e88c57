import { decodeBody } from '../adapters/fetcher/decode.js';
import { S3ReextractJobStore } from '../adapters/learning/s3-learning-stores.js';
import { MODEL_REFRESH_MS } from '../adapters/learning/model-aware-extractor.js';
import type { Config } from '../config.js';
import type { ReextractJobQueue } from '../core/learning/reextract-job.js';
import type { DocumentParser } from '../core/ports.js';
import type { SourceProfile } from '../core/source-definition.js';
import type { ReextractHandlerDependencies } from '../handlers/learning/reextract-handler.js';
import type { Storage } from './storage.js';

/** Records per step of the re-extraction job: a few seconds of work, well inside the function's timeout. */
export const REEXTRACT_PAGE_SIZE = 25;
/** Time a step leaves unused at the end of its invocation (the page is cut short before it). */
export const REEXTRACT_RESERVE_MS = 30_000;

/**
 * Dependencies of the re-extraction handler, for the Lambda entry point and the local runtime
 * alike: the records and raw pages of `storage`, the job's state beside the models in S3, and the
 * queue the caller chose (SQS on AWS, in process locally).
 */
export function createReextractDependencies(
  config: Config,
  storage: Storage,
  deps: { queue: ReextractJobQueue; parser: DocumentParser; sourceOf: (id: string) => SourceProfile | undefined; pageSize?: number; settleMs?: number },
): Omit<ReextractHandlerDependencies, 'logger'> {
  return {
    practices: storage.practices,
    rawPages: storage.rawPages,
    parser: deps.parser,
    decode: (page, source) => decodeBody(page.bytes, { contentType: page.meta.headers['content-type'], defaultCharset: source.charsetDefault }).text,
    models: storage.models,
    jobs: new S3ReextractJobStore(storage.s3, config.rawBucket),
    queue: deps.queue,
    now: () => new Date(),
    sourceOf: deps.sourceOf,
    options: {
      pageSize: deps.pageSize ?? REEXTRACT_PAGE_SIZE,
      reserveMs: REEXTRACT_RESERVE_MS,
      // Ingest containers re-read the current model this often: a job that ends sooner walks the pending queue again after it.
      settleMs: deps.settleMs ?? MODEL_REFRESH_MS + 60_000,
    },
  };
}
