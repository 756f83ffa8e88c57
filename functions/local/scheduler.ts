import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { SourceProfile } from '../core/source-definition.js';
import type { IngestMessage } from '../handlers/ingest/ingest-handler.js';
import { localLambdaContext } from './lambda-context.js';

export type IngestLambda = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;


/** An SQS event with one message, shaped as Lambda receives it from the ingest queue. */
export function sqsEventFor(message: IngestMessage): SQSEvent {
  const now = Date.now();
  return {
    Records: [
      {
        messageId: randomUUID(),
        receiptHandle: 'local',
        body: JSON.stringify(message),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(now),
          SenderId: 'local-scheduler',
          ApproximateFirstReceiveTimestamp: String(now),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:local:000000000000:ingest',
        awsRegion: 'local',
      },
    ],
  };
}

export interface LocalScheduler {
  stop(): Promise<void>;
}

/**
 * The local stand-in for EventBridge Scheduler + SQS: each source on its own interval, delivered
 * to the very ingest handler Lambda runs. A run that throws is logged; the timer keeps going.
 */
export function startScheduler(
  sources: readonly SourceProfile[],
  handler: IngestLambda,
  options: { log: (line: string) => void; initialDelayMs?: number; staggerMs?: number },
): LocalScheduler {
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  let stopped = false;

  const run = (source: SourceProfile) => {
    if (stopped) return;
    const task = handler(sqsEventFor({ sourceId: source.id }), localLambdaContext('ingest'))
      .then((result) => {
        if (result && result.batchItemFailures.length > 0) options.log(`${source.id}: run failed and would be retried by SQS`);
      })
      .catch((error: unknown) => options.log(`${source.id}: run crashed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => running.delete(task));
    running.add(task);
  };

  sources.forEach((source, index) => {
    const first = setTimeout(() => {
      run(source);
      const every = setInterval(() => run(source), source.scheduleMinutes * 60_000);
      timers.add(every);
    }, (options.initialDelayMs ?? 0) + index * (options.staggerMs ?? 0));
    timers.add(first);
  });

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
