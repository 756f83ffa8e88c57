/**
 * Counts what the storage adapters ask of DynamoDB and S3 (requests by command, and DynamoDB's
 * consumed read and write capacity units), through SDK middleware: the bench's "writes" and the
 * cost model's request figures come from the real calls, not from a reading of the code.
 */

/** Running totals, reset by the caller between phases. */
export interface AwsCounts {
  /** Requests per command name (e.g. `TransactWriteItemsCommand`, `PutObjectCommand`). */
  commands: Record<string, number>;
  readUnits: number;
  writeUnits: number;
}

export const emptyCounts = (): AwsCounts => ({ commands: {}, readUnits: 0, writeUnits: 0 });

const WRITE = /Put|Update|Delete|TransactWrite|BatchWrite/;

/** DynamoDB requests that write (puts, updates, deletes, transactions, batch writes). */
export function dynamoWrites(counts: AwsCounts): number {
  return Object.entries(counts.commands)
    .filter(([name]) => WRITE.test(name) && !/Object/.test(name))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** DynamoDB requests that read (gets, queries, scans, batch gets, transactional gets). */
export function dynamoReads(counts: AwsCounts): number {
  return Object.entries(counts.commands)
    .filter(([name]) => /Get|Query|Scan/.test(name) && !/Object/.test(name))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** S3 requests of one kind (`PutObject`, `GetObject`, `HeadObject`). */
export function s3Requests(counts: AwsCounts, kind: string): number {
  return counts.commands[`${kind}Command`] ?? 0;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

type Middleware = (next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) => (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
interface WithStack {
  middlewareStack: { add(middleware: Middleware, options: { step: 'initialize'; name: string; override?: boolean }): void };
}

/**
 * Adds the counting middleware to an SDK client (the DynamoDB document client or the S3 client)
 * and returns it, as `createStorage`'s `instrument` option expects. DynamoDB requests are asked
 * for their consumed capacity (`ReturnConsumedCapacity: TOTAL`), which DynamoDB Local reports.
 */
export function countingClient<T>(client: T, counts: () => AwsCounts, options: { dynamo: boolean }): T {
  const counting: Middleware = (next, context) => async (args) => {
    const name = context.commandName ?? 'unknown';
    const current = counts();
    current.commands[name] = (current.commands[name] ?? 0) + 1;
    if (options.dynamo && args.input && typeof args.input === 'object') args.input.ReturnConsumedCapacity = 'TOTAL';
    const result = await next(args);
    if (options.dynamo) {
      const consumed = result.output?.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[] | undefined;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = entry.CapacityUnits ?? 0;
        if (entry.WriteCapacityUnits !== undefined || entry.ReadCapacityUnits !== undefined) {
          current.readUnits += entry.ReadCapacityUnits ?? 0;
          current.writeUnits += entry.WriteCapacityUnits ?? 0;
        } else if (WRITE.test(name)) current.writeUnits += units;
        else current.readUnits += units;
      }
    }
    return result;
  };
  (client as unknown as WithStack).middlewareStack.add(counting, { step: 'initialize', name: 'benchCounting', override: true });
  return client;
}
