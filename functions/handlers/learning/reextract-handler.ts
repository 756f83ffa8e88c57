import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { REEXTRACT_STATUS_ORDER } from '../../core/ingest/reextract.js';
import { runReextractStep, type ReextractJobMessage, type ReextractStepDependencies, type ReextractStepOptions } from '../../core/learning/reextract-job.js';

export interface ReextractLogger {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface ReextractHandlerDependencies extends ReextractStepDependencies {
  options: Omit<ReextractStepOptions, 'remainingMs'>;
  logger?: ReextractLogger;
}

/** The message as the queue delivers it, checked field by field (a message nobody can act on goes to the DLQ). */
export function parseReextractMessage(body: string): ReextractJobMessage {
  const value = JSON.parse(body) as Partial<ReextractJobMessage> | null;
  const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const cursor = value?.cursor;
  if (
    !value ||
    !text(value.jobId) ||
    !text(value.modelVersion) ||
    !text(value.extractorVersion) ||
    !text(value.startedAt) ||
    !Number.isInteger(value.step) ||
    (value.step as number) < 0 ||
    !cursor ||
    !REEXTRACT_STATUS_ORDER.includes(cursor.status) ||
    !(cursor.after === null || text(cursor.after))
  ) {
    throw new Error('not a re-extraction job message');
  }
  return { jobId: value.jobId, modelVersion: value.modelVersion, extractorVersion: value.extractorVersion, startedAt: value.startedAt, step: value.step!, cursor: { status: cursor.status, after: cursor.after } };
}

/**
 * The re-extraction function: one step of the job per message (one bounded page of records within
 * the invocation's time budget), the next step enqueued by the step itself. A message whose model
 * is no longer current, or whose step is done already, ends quietly; a step that fails is reported
 * so that the queue redelivers it (and parks it in the DLQ after the last attempt).
 */
export function createReextractHandler(deps: ReextractHandlerDependencies) {
  const logger = deps.logger ?? { info: () => {}, error: () => {} };
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().handler(async (event, context) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      let message: ReextractJobMessage | null = null;
      try {
        message = parseReextractMessage(record.body);
        const outcome = await runReextractStep(message, deps, {
          ...deps.options,
          ...(typeof context?.getRemainingTimeInMillis === 'function' ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
        });
        if (outcome.kind === 'continued' || outcome.kind === 'done') {
          const { state } = outcome;
          logger.info(outcome.kind === 'done' ? 're-extraction done' : 're-extraction step', {
            jobId: state.jobId,
            extractorVersion: state.extractorVersion,
            step: message.step,
            cursor: state.cursor,
            totals: state.totals,
            ...(outcome.kind === 'continued' && outcome.delaySeconds ? { delaySeconds: outcome.delaySeconds } : {}),
          });
        } else {
          logger.info('re-extraction message ignored', { jobId: message.jobId, step: message.step, outcome });
        }
      } catch (error) {
        logger.error('re-extraction step failed', {
          messageId: record.messageId,
          jobId: message?.jobId,
          step: message?.step,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}
