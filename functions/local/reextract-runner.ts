import type { Context } from 'aws-lambda';
import { executionNameOf, type ReextractJobMessage, type ReextractJobStarter } from '../core/learning/reextract-job.js';
import { INVALID_MESSAGE_ERROR, type ReextractFailureInput, type ReextractStepResult } from '../handlers/learning/reextract-handler.js';
import { localLambdaContext } from './lambda-context.js';

export type ReextractLambda = (event: ReextractJobMessage | ReextractFailureInput, context: Context) => Promise<ReextractStepResult>;

/** Attempts of one step before the execution fails, as the state machine's retry (infra/stacks/learning-stack.ts REEXTRACT_STEP_ATTEMPTS). */
export const LOCAL_STEP_ATTEMPTS = 5;

export interface LocalReextractRunOptions {
  log?: (line: string) => void;
  context?: () => Context;
  /**
   * The longest a Wait state is honoured, in milliseconds (default: as long as the step asks). The
   * local runtime composes the job without a settling time, so it never asks; tests pass 0.
   */
  maxWaitMs?: number;
}

/**
 * The local stand-in for the re-extraction state machine: executions started in this process, run
 * one at a time by {@link run}, each a loop over the very Lambda handler as the state machine loops
 * (invoke the step, retry it up to {@link LOCAL_STEP_ATTEMPTS} times, done or wait and go on, or
 * hand over: start a fresh execution with the next message and end this one). An execution whose
 * step fails every attempt is recorded in `failed` (on AWS: an execution failed, alarmed). No retry
 * backoff locally. A local execution has no history limit; the hand-over is followed all the same,
 * so that the job behaves as on AWS.
 */
export class LocalReextractRunner implements ReextractJobStarter {
  private readonly executions: ReextractJobMessage[] = [];
  private readonly names = new Set<string>();
  /** Executions that failed: the message of the step that failed its last attempt. */
  readonly failed: ReextractJobMessage[] = [];
  /** Every wait a step asked for, in seconds (whether or not honoured in full). */
  readonly waits: number[] = [];
  /** The names of the executions started by hand-overs, in order. */
  readonly handOvers: string[] = [];

  async start(message: ReextractJobMessage): Promise<void> {
    // One execution per job and hand-over, as the state machine's execution names make it.
    const name = executionNameOf(message);
    if (this.names.has(name)) return;
    this.names.add(name);
    this.executions.push(message);
  }

  /** Executions started and not yet run. */
  get pending(): number {
    return this.executions.length;
  }

  /** Runs every started execution to its end, in the order started; returns the step invocations made (retries included). */
  async run(handler: ReextractLambda, options: LocalReextractRunOptions = {}): Promise<number> {
    const log = options.log ?? (() => {});
    const context = options.context ?? (() => localLambdaContext('reextract'));
    let invocations = 0;
    for (let execution = this.executions.shift(); execution; execution = this.executions.shift()) {
      let message: ReextractJobMessage | null = execution;
      while (message) {
        let result: ReextractStepResult | null = null;
        for (let attempt = 1; attempt <= LOCAL_STEP_ATTEMPTS && !result; attempt += 1) {
          invocations += 1;
          try {
            result = await handler(message, context());
          } catch (error) {
            if (attempt === LOCAL_STEP_ATTEMPTS || (error instanceof Error && error.name === INVALID_MESSAGE_ERROR)) {
              this.failed.push(message);
              log(`re-extraction execution failed at step ${message.step} after ${attempt} attempts (${error instanceof Error ? error.message : String(error)})`);
              // As the state machine's catch: the job's state says it failed (best effort: the execution has failed either way).
              await handler({ failed: { message, error: error instanceof Error ? error.name : 'Error', cause: error instanceof Error ? error.message : String(error) } }, context()).catch(() => undefined);
              break;
            }
          }
        }
        if (!result || result.done) break;
        if (result.handOver) {
          this.handOvers.push(result.executionName);
          await this.start(result.message);
          break;
        }
        if (result.waitSeconds > 0) {
          this.waits.push(result.waitSeconds);
          const ms = Math.min(result.waitSeconds * 1000, options.maxWaitMs ?? Infinity);
          if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
        }
        message = result.message;
      }
    }
    return invocations;
  }
}
