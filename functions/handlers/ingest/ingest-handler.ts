import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { ingestSource, type IngestDependencies } from '../../core/ingest/ingest-source.js';
import { FAILING_ALERT_THRESHOLD } from '../../core/ingest/source-health.js';
import type { RunMetrics } from '../../core/ports.js';
import type { SourceProfile } from '../../core/source-definition.js';

/** The message one schedule tick puts on the ingest queue. */
export const ingestMessageSchema = z.object({
  sourceId: z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)),
  /** Ignore backoff (manual runs). */
  force: z.optional(z.boolean()),
});
export type IngestMessage = z.infer<typeof ingestMessageSchema>;

/** Structured log sink; the Lambda entry passes the Powertools logger. */
export interface IngestLogger {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface IngestHandlerDependencies extends IngestDependencies {
  /** Looks a source up in the registry; throws for an unknown id. */
  getSource(id: string): SourceProfile;
  metrics?: RunMetrics;
  logger?: IngestLogger;
  maxArticleFetches?: number;
}

/**
 * The ingest function: one SQS message per source run. A source that fails (unreachable, blocked,
 * layout changed) is a *completed* run recorded in its health, not a message failure; only what
 * leaves the run unrecorded (an unknown source, storage errors) is reported back to SQS so that the
 * message is retried and, after five receives, lands in the DLQ.
 */
export function createIngestHandler(deps: IngestHandlerDependencies) {
  const logger = deps.logger ?? { info: () => {}, error: () => {} };
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    // Sources run one after another: a batch is small and per-host politeness is per process anyway.
    for (const record of event.Records) {
      try {
        await runRecord(record, deps, logger);
      } catch (error) {
        logger.error('ingest message failed', { messageId: record.messageId, error: describe(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}

async function runRecord(record: SQSRecord, deps: IngestHandlerDependencies, logger: IngestLogger) {
  const message = ingestMessageSchema.parse(JSON.parse(record.body));
  const source = deps.getSource(message.sourceId);
  const report = await ingestSource(source, deps, { force: message.force ?? false, maxArticleFetches: deps.maxArticleFetches });
  const state = await deps.sourceStates.get(source.id);
  const failing = (state?.health.consecutiveFailures ?? 0) >= FAILING_ALERT_THRESHOLD;
  await deps.metrics?.recordRun(report, failing);
  logger.info('ingest run', {
    sourceId: source.id,
    outcome: report.outcome,
    itemsSeen: report.itemsSeen,
    itemsNew: report.itemsNew,
    failures: report.failures,
    itemFailures: report.itemFailures.length,
  });
}

function describe(error: unknown) {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
