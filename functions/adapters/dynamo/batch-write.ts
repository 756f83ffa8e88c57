import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CriticalError } from '../../core/errors.js';
import { translateTransient } from './dynamo-errors.js';

/** One request of a BatchWriteItem: a put or a delete (both idempotent, so a batch may be sent again). */
export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Sends up to 25 writes as one BatchWriteItem and re-sends what DynamoDB leaves unprocessed, with
 * jittered exponential backoff, up to 12 rounds (then a `CriticalError`). A transient failure of a
 * whole request (throttling, a server error) is retried too, up to `errorAttempts` rounds, then
 * thrown as the `RetryableError` it translates to; any other error is thrown as it is.
 */
export async function batchWriteAll(
  client: DynamoDBDocumentClient,
  tableName: string,
  requests: readonly WriteRequest[],
  options: { what: string; context?: Record<string, unknown>; errorAttempts?: number },
): Promise<void> {
  let pending = [...requests];
  for (let attempt = 0; pending.length; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(1000, 20 * 2 ** attempt) * Math.random());
    if (attempt > 12) throw new CriticalError(`BatchWrite left ${pending.length} ${options.what} unprocessed after ${attempt} attempts`, options.context ?? {});
    try {
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
    } catch (error) {
      const translated = translateTransient(error, options.context ?? {});
      if (translated === error || attempt >= (options.errorAttempts ?? 6)) throw translated;
    }
  }
}
