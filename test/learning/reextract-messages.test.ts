import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { MemoryModelStore, MemoryReextractJobStore } from '../../functions/adapters/learning/memory-learning-stores.js';
import { SqsReextractJobQueue } from '../../functions/adapters/learning/sqs-reextract-queue.js';
import type { ReextractJobMessage } from '../../functions/core/learning/reextract-job.js';
import { createReextractHandler, parseReextractMessage } from '../../functions/handlers/learning/reextract-handler.js';
import { LOCAL_MAX_RECEIVE_COUNT, LocalReextractQueue } from '../../functions/local/reextract-queue.js';

const message: ReextractJobMessage = {
  jobId: 'v+m-20261204T090000Z@2026-12-04T09:00:00.000Z',
  modelVersion: 'm-20261204T090000Z',
  extractorVersion: 'v+m-20261204T090000Z',
  startedAt: '2026-12-04T09:00:00.000Z',
  step: 2,
  cursor: { status: 'pending', after: 'MjAyNg' },
};

describe('re-extraction job messages', () => {
  it('reads a well-formed message and refuses anything else', () => {
    expect(parseReextractMessage(JSON.stringify(message))).toEqual(message);
    for (const bad of [
      'null',
      '{}',
      JSON.stringify({ ...message, step: -1 }),
      JSON.stringify({ ...message, step: 1.5 }),
      JSON.stringify({ ...message, cursor: { status: 'deleted', after: null } }),
      JSON.stringify({ ...message, cursor: { status: 'pending', after: '' } }),
      JSON.stringify({ ...message, modelVersion: '' }),
    ]) {
      expect(() => parseReextractMessage(bad), bad).toThrow();
    }
    expect(() => parseReextractMessage('not json')).toThrow(SyntaxError);
  });

  it('reports a message nobody can act on as failed, so that the queue parks it in the DLQ after the last delivery', async () => {
    const errors: string[] = [];
    const handler = createReextractHandler({
      models: new MemoryModelStore(),
      jobs: new MemoryReextractJobStore(),
      queue: { send: async () => {} },
      now: () => new Date(),
      practices: {} as never,
      rawPages: {} as never,
      parser: {} as never,
      decode: () => '',
      sourceOf: () => undefined,
      options: { pageSize: 5 },
      logger: { info: () => {}, error: (_m, extra) => errors.push(String(extra['error'])) },
    });
    const queue = new LocalReextractQueue();
    // Sent as a body the job never writes: a hand-made message with a status that does not exist.
    await queue.send({ ...message, cursor: { status: 'deleted' as never, after: null } });
    expect(await queue.drain(handler)).toBe(LOCAL_MAX_RECEIVE_COUNT);
    expect(queue.deadLetters).toHaveLength(1);
    expect(errors).toHaveLength(LOCAL_MAX_RECEIVE_COUNT);
    expect(errors[0]).toMatch(/not a re-extraction job message/);
  });
});

describe('SqsReextractJobQueue', () => {
  it('sends the message as JSON, with the delay clamped to what SQS accepts', async () => {
    const sent: Array<Record<string, unknown>> = [];
    const client = { send: async (command: { input: Record<string, unknown> }) => void sent.push(command.input) } as unknown as SQSClient;
    const queue = new SqsReextractJobQueue(client, 'https://sqs.eu-central-1.amazonaws.com/000000000000/reextract');
    await queue.send(message);
    await queue.send(message, { delaySeconds: 660.4 });
    await queue.send(message, { delaySeconds: 5000 });
    expect(sent[0]).toEqual({ QueueUrl: 'https://sqs.eu-central-1.amazonaws.com/000000000000/reextract', MessageBody: JSON.stringify(message) });
    expect(JSON.parse(sent[0]!['MessageBody'] as string)).toEqual(message);
    expect(sent.slice(1).map((input) => input['DelaySeconds'])).toEqual([660, 900]);
  });
});
