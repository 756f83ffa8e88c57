import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ReextractJobMessage, ReextractJobQueue } from '../core/learning/reextract-job.js';
import { localLambdaContext } from './lambda-context.js';

export type ReextractLambda = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/** Receives before a message is parked, as the SQS queue's redrive policy does. */
export const LOCAL_MAX_RECEIVE_COUNT = 5;

interface Queued {
  id: string;
  body: string;
  receives: number;
}

/**
 * The local stand-in for the re-extraction queue: messages kept in this process, delivered one at a
 * time to the very Lambda handler (as an SQS event) by {@link drain}. A failed delivery is retried
 * up to {@link LOCAL_MAX_RECEIVE_COUNT} times, then parked in `deadLetters`. Delays are not kept
 * (a CLI run drains and exits), so locally a job never makes its delayed second pass.
 */
export class LocalReextractQueue implements ReextractJobQueue {
  private readonly messages: Queued[] = [];
  readonly deadLetters: ReextractJobMessage[] = [];

  async send(message: ReextractJobMessage): Promise<void> {
    this.messages.push({ id: randomUUID(), body: JSON.stringify(message), receives: 0 });
  }

  get depth(): number {
    return this.messages.length;
  }

  /** Delivers until the queue is empty (each step enqueues the next); returns the deliveries made. */
  async drain(handler: ReextractLambda, log: (line: string) => void = () => {}, context: () => Context = () => localLambdaContext('reextract')): Promise<number> {
    let deliveries = 0;
    for (let queued = this.messages.shift(); queued; queued = this.messages.shift()) {
      queued.receives += 1;
      deliveries += 1;
      let failed: boolean;
      try {
        const result = await handler(eventOf(queued), context());
        failed = Boolean(result && result.batchItemFailures.length > 0);
      } catch {
        failed = true;
      }
      if (!failed) continue;
      if (queued.receives >= LOCAL_MAX_RECEIVE_COUNT) {
        this.deadLetters.push(JSON.parse(queued.body) as ReextractJobMessage);
        log(`re-extraction step failed ${queued.receives} times: parked (${queued.body})`);
      } else this.messages.unshift(queued);
    }
    return deliveries;
  }
}

function eventOf(queued: Queued): SQSEvent {
  const now = String(Date.now());
  return {
    Records: [
      {
        messageId: queued.id,
        receiptHandle: 'local',
        body: queued.body,
        attributes: { ApproximateReceiveCount: String(queued.receives), SentTimestamp: now, SenderId: 'local', ApproximateFirstReceiveTimestamp: now },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:reextract',
        awsRegion: 'local',
      },
    ],
  };
}
