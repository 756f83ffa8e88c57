import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { REEXTRACT_STATUS_ORDER } from '../../core/ingest/reextract.js';
import { executionNameOf, recordReextractFailure, runReextractStep, type ReextractJobMessage, type ReextractStepDependencies, type ReextractStepOptions } from '../../core/learning/reextract-job.js';

export interface ReextractLogger {
  info(message: string, extra: Record<string, unknown>): void;
  error(message: string, extra: Record<string, unknown>): void;
}

export interface ReextractHandlerDependencies extends ReextractStepDependencies {
  options: Omit<ReextractStepOptions, 'remainingMs'>;
  logger?: ReextractLogger;
}

/**
 * What a step returns to the job's driver: the next step's message and the seconds to wait before
 * it (the state machine's Wait state), or `done` (the job finished, or the message no longer
 * matters: a newer job supersedes it, or its step was done already). `handOver` asks the driver to
 * start a fresh execution named `executionName` with the message and to end the current one (an
 * execution's history is bounded).
 */
export type ReextractStepResult =
  | { done: true }
  | { done: false; message: ReextractJobMessage; waitSeconds: number; handOver: false }
  | { done: false; message: ReextractJobMessage; waitSeconds: 0; handOver: true; executionName: string };

/** The error name of a message nobody can act on: the state machine does not retry it (infra/stacks/learning-stack.ts). */
export const INVALID_MESSAGE_ERROR = 'ReextractMessageInvalid';

/** A message that is not a job step (hand-made, or from another version of the code). */
export class ReextractMessageError extends Error {
  override readonly name = INVALID_MESSAGE_ERROR;
}

/** The message as the driver hands it over (an object, or its JSON), checked field by field. */
export function parseReextractMessage(input: unknown): ReextractJobMessage {
  let value: Partial<ReextractJobMessage> | null;
  try {
    value = (typeof input === 'string' ? JSON.parse(input) : input) as Partial<ReextractJobMessage> | null;
  } catch {
    throw new ReextractMessageError('not a re-extraction job message (not JSON)');
  }
  const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
  const cursor = value?.cursor;
  const execution = value?.execution;
  if (
    !value ||
    typeof value !== 'object' ||
    !text(value.jobId) ||
    !text(value.modelVersion) ||
    !text(value.extractorVersion) ||
    !text(value.startedAt) ||
    !Number.isInteger(value.step) ||
    (value.step as number) < 0 ||
    !cursor ||
    !REEXTRACT_STATUS_ORDER.includes(cursor.status) ||
    !(cursor.after === null || text(cursor.after)) ||
    !(execution === undefined || (Number.isInteger(execution) && execution >= 0))
  ) {
    throw new ReextractMessageError('not a re-extraction job message');
  }
  return { jobId: value.jobId, modelVersion: value.modelVersion, extractorVersion: value.extractorVersion, startedAt: value.startedAt, step: value.step!, cursor: { status: cursor.status, after: cursor.after }, ...(execution ? { execution } : {}) };
}

/**
 * The input the driver sends when it gives up on a step (every attempt failed): the step's message
 * and the error. Not a step: the job's state is marked `failed`, and the driver then fails the execution.
 */
export interface ReextractFailureInput {
  failed: { message: unknown; error?: unknown; cause?: unknown };
}

const isFailureInput = (event: unknown): event is ReextractFailureInput => typeof event === 'object' && event !== null && 'failed' in event && typeof (event as ReextractFailureInput).failed === 'object' && (event as ReextractFailureInput).failed !== null;

/**
 * The re-extraction function: one step of the job per invocation (one bounded page of records
 * within the invocation's time budget). Its input is the step's message; its result the next
 * message and the wait before it, or done. A message whose model is no longer current, or whose
 * step is done already, ends the job quietly (`done`); a step that fails throws, so that the
 * driver retries it; after the last attempt the driver sends `{ failed: { message, error, cause } }`,
 * which marks the job `failed` in its state, and fails the execution (alarmed).
 */
export function createReextractHandler(deps: ReextractHandlerDependencies) {
  const logger = deps.logger ?? { info: () => {}, error: () => {} };
  return middy<unknown, ReextractStepResult, Error, Context>().handler(async (event, context) => {
    let message: ReextractJobMessage | null = null;
    if (isFailureInput(event)) {
      const { failed } = event;
      let failedMessage: ReextractJobMessage;
      try {
        failedMessage = parseReextractMessage(failed.message);
      } catch {
        // The step failed on a message that is not a job's: there is no job to mark.
        logger.error('re-extraction execution failed', { error: String(failed.error ?? 'unknown') });
        return { done: true };
      }
      const state = await recordReextractFailure(failedMessage, { error: String(failed.error ?? 'unknown'), cause: String(failed.cause ?? '') }, deps);
      logger.error('re-extraction execution failed', { jobId: failedMessage.jobId, step: failedMessage.step, error: String(failed.error ?? 'unknown'), cause: String(failed.cause ?? ''), recorded: state !== null });
      return { done: true };
    }
    try {
      message = parseReextractMessage(event);
      const outcome = await runReextractStep(message, deps, {
        ...deps.options,
        ...(typeof context?.getRemainingTimeInMillis === 'function' ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
      });
      if (outcome.kind === 'continued' || outcome.kind === 'done') {
        const { state } = outcome;
        const handOverTo = outcome.kind === 'continued' && outcome.handOver ? executionNameOf(outcome.next) : null;
        logger.info(outcome.kind === 'done' ? 're-extraction done' : outcome.resumed ? 're-extraction step resumed' : 're-extraction step', {
          jobId: state.jobId,
          extractorVersion: state.extractorVersion,
          step: message.step,
          cursor: state.cursor,
          totals: state.totals,
          ...(outcome.kind === 'continued' && outcome.delaySeconds ? { delaySeconds: outcome.delaySeconds } : {}),
          ...(handOverTo ? { handOverTo, handovers: state.handovers } : {}),
        });
        if (outcome.kind === 'done') return { done: true };
        if (handOverTo) return { done: false, message: outcome.next, waitSeconds: 0, handOver: true, executionName: handOverTo };
        return { done: false, message: outcome.next, waitSeconds: outcome.delaySeconds, handOver: false };
      }
      logger.info('re-extraction message ignored', { jobId: message.jobId, step: message.step, outcome });
      return { done: true };
    } catch (error) {
      logger.error('re-extraction step failed', {
        jobId: message?.jobId,
        step: message?.step,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      throw error;
    }
  });
}
