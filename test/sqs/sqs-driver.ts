/**
 * An SQS standard queue with a dead-letter queue, and Lambda's event source mapping over it, with
 * the semantics the ingest path relies on (AWS SQS and Lambda developer guides):
 *
 * - a received message stays invisible for the visibility timeout, then is delivered again with
 *   a new receipt handle and `ApproximateReceiveCount` + 1;
 * - a delete with an outdated receipt handle (the message was received again since) succeeds but
 *   does not delete the message;
 * - once a message has been received `maxReceiveCount` times, the next receive moves it to the
 *   dead-letter queue instead of delivering it;
 * - the event source mapping invokes the function with a batch and, with ReportBatchItemFailures,
 *   deletes every message of the batch except those listed in `batchItemFailures`; when the
 *   invocation throws, it deletes none.
 *
 * Time is real (short timeouts in tests), so that it runs against the real handler unchanged.
 */
import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { localLambdaContext } from '../../functions/local/lambda-context.js';

export interface QueueMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  receiptHandle: string | null;
  visibleAt: number;
  sentAt: number;
  firstReceivedAt: number | null;
}

export class SimulatedQueue {
  readonly deadLetters: QueueMessage[] = [];
  private readonly messages = new Map<string, QueueMessage>();
  /** Every delivery made, in order: message id and receive count. */
  readonly deliveries: Array<{ messageId: string; receiveCount: number }> = [];

  constructor(private readonly options: { visibilityTimeoutMs: number; maxReceiveCount: number; now?: () => number }) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  send(body: string): string {
    const messageId = randomUUID();
    this.messages.set(messageId, { messageId, body, receiveCount: 0, receiptHandle: null, visibleAt: 0, sentAt: this.now(), firstReceivedAt: null });
    return messageId;
  }

  /** Messages in the queue (not the DLQ), visible or not. */
  get size(): number {
    return this.messages.size;
  }

  receive(max: number): SQSRecord[] {
    const now = this.now();
    const records: SQSRecord[] = [];
    for (const message of this.messages.values()) {
      if (records.length >= max) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.options.maxReceiveCount) {
        // The redrive policy: received maxReceiveCount times without being deleted.
        this.messages.delete(message.messageId);
        this.deadLetters.push(message);
        continue;
      }
      message.receiveCount += 1;
      message.receiptHandle = randomUUID();
      message.visibleAt = now + this.options.visibilityTimeoutMs;
      message.firstReceivedAt ??= now;
      this.deliveries.push({ messageId: message.messageId, receiveCount: message.receiveCount });
      records.push({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle,
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentAt),
          SenderId: 'simulated-scheduler',
          ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
        awsRegion: 'local',
      });
    }
    return records;
  }

  /** Deletes the message if `receiptHandle` is its latest one; an outdated handle deletes nothing. */
  delete(messageId: string, receiptHandle: string): boolean {
    const message = this.messages.get(messageId);
    if (!message || message.receiptHandle !== receiptHandle) return false;
    this.messages.delete(messageId);
    return true;
  }
}

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/**
 * One poller of the event source mapping (one function instance): receives a batch, invokes the
 * handler, deletes what succeeded. Returns the number of messages it received (0 when idle).
 */
export async function pollOnce(queue: SimulatedQueue, handler: SqsHandler, batchSize = 1): Promise<number> {
  const records = queue.receive(batchSize);
  if (records.length === 0) return 0;
  let failed: Set<string>;
  try {
    const response = await handler({ Records: records }, localLambdaContext('ingest'));
    failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch {
    failed = new Set(records.map((r) => r.messageId));
  }
  for (const record of records) if (!failed.has(record.messageId)) queue.delete(record.messageId, record.receiptHandle);
  return records.length;
}

/** Polls with each handler (one per function instance) until the queue is empty or `deadline` passes. */
export async function drain(queue: SimulatedQueue, handlers: SqsHandler[], options: { deadlineMs: number; idleWaitMs?: number; batchSize?: number }): Promise<void> {
  const stopAt = Date.now() + options.deadlineMs;
  await Promise.all(
    handlers.map(async (handler) => {
      while (queue.size > 0 && Date.now() < stopAt) {
        const received = await pollOnce(queue, handler, options.batchSize ?? 1);
        if (received === 0) await new Promise((resolve) => setTimeout(resolve, options.idleWaitMs ?? 20));
      }
    }),
  );
  if (queue.size > 0) throw new Error(`the queue still holds ${queue.size} message(s) after ${options.deadlineMs} ms`);
}
