import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ReextractJobMessage, ReextractJobQueue } from '../../core/learning/reextract-job.js';

/** SQS's longest delivery delay. */
export const MAX_DELAY_SECONDS = 900;

/** The re-extraction job's queue on AWS: one SQS message per step. */
export class SqsReextractJobQueue implements ReextractJobQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async send(message: ReextractJobMessage, options: { delaySeconds?: number } = {}): Promise<void> {
    const delay = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.round(options.delaySeconds ?? 0)));
    // A failure propagates: the step that sends fails and its own message is redelivered.
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message), ...(delay ? { DelaySeconds: delay } : {}) }));
  }
}
