import type { SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { MemoryModelStore, MemoryReextractJobStore } from '../../functions/adapters/learning/memory-learning-stores.js';
import { executionNameOf, StepFunctionsReextractStarter } from '../../functions/adapters/learning/sfn-reextract-starter.js';
import type { ReextractJobMessage } from '../../functions/core/learning/reextract-job.js';
import { createReextractHandler, INVALID_MESSAGE_ERROR, parseReextractMessage } from '../../functions/handlers/learning/reextract-handler.js';
import { localLambdaContext } from '../../functions/local/lambda-context.js';
import { LOCAL_STEP_ATTEMPTS, LocalReextractRunner } from '../../functions/local/reextract-runner.js';

const message: ReextractJobMessage = {
  jobId: 'v+m-20261204T090000Z@2026-12-04T09:00:00.000Z',
  modelVersion: 'm-20261204T090000Z',
  extractorVersion: 'v+m-20261204T090000Z',
  startedAt: '2026-12-04T09:00:00.000Z',
  step: 2,
  cursor: { status: 'pending', after: 'MjAyNg' },
};

function handlerWith(errors: string[], models = new MemoryModelStore()) {
  return createReextractHandler({
    models,
    jobs: new MemoryReextractJobStore(),
    now: () => new Date(),
    practices: {} as never,
    rawPages: {} as never,
    parser: {} as never,
    decode: () => '',
    sourceOf: () => undefined,
    options: { pageSize: 5 },
    logger: { info: () => {}, error: (_m, extra) => errors.push(String(extra['error'])) },
  });
}

describe('re-extraction job messages', () => {
  it('reads a well-formed message (as the state machine passes it, or as JSON) and refuses anything else', () => {
    expect(parseReextractMessage(message)).toEqual(message);
    expect(parseReextractMessage(JSON.stringify(message))).toEqual(message);
    // The execution a hand-over started (absent, or 0, in the first).
    expect(parseReextractMessage({ ...message, execution: 3 })).toEqual({ ...message, execution: 3 });
    expect(parseReextractMessage({ ...message, execution: 0 })).toEqual(message);
    for (const bad of [
      null,
      {},
      'not json',
      { ...message, step: -1 },
      { ...message, step: 1.5 },
      { ...message, cursor: { status: 'deleted', after: null } },
      { ...message, cursor: { status: 'pending', after: '' } },
      { ...message, modelVersion: '' },
      { ...message, execution: -1 },
      { ...message, execution: 1.5 },
      { ...message, execution: '2' },
    ]) {
      expect(() => parseReextractMessage(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ name: INVALID_MESSAGE_ERROR }));
    }
  });

  it('fails a message nobody can act on at once, with the error name the state machine does not retry', async () => {
    const errors: string[] = [];
    const handler = handlerWith(errors);
    const runner = new LocalReextractRunner();
    // A message the job never writes: a hand-made one with a status that does not exist.
    await runner.start({ ...message, cursor: { status: 'deleted' as never, after: null } });
    expect(await runner.run(handler)).toBe(1);
    expect(runner.failed).toHaveLength(1);
    // The step's error, then the driver's failure report (no job to mark: the message is not a job's).
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^${INVALID_MESSAGE_ERROR}: not a re-extraction job message`)), INVALID_MESSAGE_ERROR]);
  });

  it('retries a failing step as the state machine does, then fails the execution', async () => {
    const errors: string[] = [];
    const models = new MemoryModelStore();
    models.current = async () => {
      throw new Error('injected: the model store is unreachable');
    };
    const runner = new LocalReextractRunner();
    await runner.start(message);
    await runner.start(message);
    // Started twice, run once (one execution per job).
    expect(await runner.run(handlerWith(errors, models))).toBe(LOCAL_STEP_ATTEMPTS);
    expect(runner.failed).toEqual([message]);
    // Each attempt's error, then the failure report (the job never opened its state: nothing to mark).
    expect(errors).toHaveLength(LOCAL_STEP_ATTEMPTS + 1);
    expect(errors.at(-1)).toBe('Error');
  });

  it('ends a step of a model that is not current with done (a newer promotion superseded it)', async () => {
    expect(await handlerWith([])(message, localLambdaContext('reextract'))).toEqual({ done: true });
  });
});

describe('StepFunctionsReextractStarter', () => {
  it('starts one execution per job: its input { message }, its name the job\'s (so a second start of the same job is a no-op)', async () => {
    const sent: Array<Record<string, unknown>> = [];
    let exists = false;
    const client = {
      send: async (command: { input: Record<string, unknown> }) => {
        if (exists) throw Object.assign(new Error('Execution already exists'), { name: 'ExecutionAlreadyExists' });
        exists = true;
        sent.push(command.input);
      },
    } as unknown as SFNClient;
    const arn = 'arn:aws:states:eu-central-1:000000000000:stateMachine:Reextract';
    const starter = new StepFunctionsReextractStarter(client, arn);
    await starter.start(message);
    await starter.start(message);
    expect(sent).toEqual([{ stateMachineArn: arn, name: executionNameOf(message), input: JSON.stringify({ message }) }]);
    expect(executionNameOf(message)).toMatch(/^reextract-20261204090000000-[0-9a-f]{16}$/);
    expect(executionNameOf(message).length).toBeLessThanOrEqual(80);
    expect(executionNameOf({ ...message, jobId: `${message.jobId}x` })).not.toBe(executionNameOf(message));
    // Hand-overs: one name per job and execution, still within 80 characters.
    expect(executionNameOf({ ...message, execution: 0 })).toBe(executionNameOf(message));
    expect(executionNameOf({ ...message, execution: 12 })).toBe(`${executionNameOf(message)}-h12`);
    expect(executionNameOf({ ...message, execution: 99_999 }).length).toBeLessThanOrEqual(80);
  });

  it('passes other failures on (the retrain invocation fails and reports it)', async () => {
    const client = { send: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AccessDeniedException' })) } as unknown as SFNClient;
    await expect(new StepFunctionsReextractStarter(client, 'arn:aws:states:eu-central-1:000000000000:stateMachine:R').start(message)).rejects.toThrow('denied');
  });
});
