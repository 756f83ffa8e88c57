import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { drainProjections, projectRecord, type ProjectorDeps } from '../../core/projection/project-records.js';

/** The scheduled sweep's event: drain whatever the outbox holds (entries whose stream delivery failed). */
export interface ProjectorSweepEvent {
  drain: true;
}

export interface ProjectorLogger {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface ProjectorHandlerDependencies extends ProjectorDeps {
  logger?: ProjectorLogger;
}

/** The record id of an outbox row's stream record (`pk` = `P#<id>`, `sk` = `PROJ`), or null for any other row. */
function outboxId(record: DynamoDBRecord): string | null {
  const keys = record.dynamodb?.Keys;
  const pk = keys?.['pk']?.S;
  return keys?.['sk']?.S === 'PROJ' && pk?.startsWith('P#') ? pk.slice(2) : null;
}

/**
 * The projector function. From DynamoDB Streams (outbox rows written or rewritten): projects each
 * record named, and reports the ones that failed so that only they are retried. From the schedule
 * (`{ drain: true }`): drains the outbox, the safety net for entries whose stream records ran out
 * of retries. Either way a projection is idempotent and re-running it is harmless.
 */
export function createProjectorHandler(deps: ProjectorHandlerDependencies) {
  const logger = deps.logger ?? { info: () => {}, error: () => {} };
  return middy<DynamoDBStreamEvent | ProjectorSweepEvent, DynamoDBBatchResponse | { projected: number; failures: number }>().handler(async (event) => {
    if ('drain' in event) {
      const run = await drainProjections(deps);
      const lag = await deps.outbox.projectionLag();
      logger.info('projector sweep', { projected: run.projected, requeued: run.requeued, failures: run.failures.length, depth: lag.depth, oldestSince: lag.oldestSince });
      // A failing entry stays in the outbox; failing the invocation makes the sweep's own alarm see it.
      if (run.failures.length) throw new Error(`projector sweep: ${run.failures.length} records failed`, { cause: run.failures[0]!.error });
      return { projected: run.projected, failures: 0 };
    }
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    const seen = new Set<string>();
    for (const record of event.Records) {
      const id = outboxId(record);
      // A record written twice in one batch is projected once (the projection reads the stored version).
      if (id === null || record.eventName === 'REMOVE' || seen.has(id)) continue;
      seen.add(id);
      try {
        await projectRecord(deps, { id, version: 0 });
      } catch (error) {
        logger.error('projection failed', { id, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
        batchItemFailures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' });
      }
    }
    return { batchItemFailures };
  });
}
