import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { RetryableError } from '../../../functions/core/errors.js';
import type { PracticeItem } from '../../../functions/core/ports.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { freshTable } from './dynamo-test-support.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';

const WRITES = new Set(['TransactWriteCommand', 'PutCommand', 'BatchWriteCommand', 'UpdateCommand', 'DeleteCommand']);

/**
 * Makes a share of write requests fail, half before reaching the server (throttling the SDK gave
 * up on: a fault DynamoDB Local cannot produce) and half after the server applied them (the
 * answer lost on the way back). Deterministic, so a failing run can be replayed.
 */
function injectWriteFaults(client: DynamoDBDocumentClient, rate: number, seed = 42): { injected: () => number; stop: () => void } {
  // mulberry32: a small PRNG with a full 32-bit period.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let injected = 0;
  let active = true;
  const send = client.send.bind(client) as (command: object) => Promise<unknown>;
  (client as { send: unknown }).send = async (command: object) => {
    if (!active || !WRITES.has(command.constructor.name) || random() >= rate) return send(command);
    injected += 1;
    if (random() < 0.5) {
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), { name: 'ProvisionedThroughputExceededException' });
    }
    await send(command);
    throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
  };
  return { injected: () => injected, stop: () => (active = false) };
}

/** Runs every task, re-running only the failed ones, until all succeed (as a queue with retries would). */
async function untilAllSucceed<T>(keys: number[], task: (key: number) => Promise<T>): Promise<{ results: Map<number, T>; failures: number; retryable: number }> {
  const results = new Map<number, T>();
  let pending = keys;
  let failures = 0;
  let retryable = 0;
  for (let round = 0; pending.length && round < 30; round += 1) {
    const failed: number[] = [];
    await Promise.all(
      pending.map(async (key) => {
        try {
          results.set(key, await task(key));
        } catch (error) {
          failures += 1;
          if (error instanceof RetryableError) retryable += 1;
          failed.push(key);
        }
      }),
    );
    pending = failed;
  }
  expect(pending).toEqual([]);
  return { results, failures, retryable };
}

describeNeedingDynamoDbLocal.each([0.1, 0.3])('DynamoPracticeRepository under %s injected write faults', (rate) => {
  it('loses nothing and duplicates nothing; a full re-run writes nothing', async () => {
    const { client, tableName, writes } = await freshTable();
    const repo = new DynamoPracticeRepository(client, tableName);
    const faults = injectWriteFaults(client, rate);
    const keys = Array.from({ length: 100 }, (_, i) => i);

    const ingest = await untilAllSucceed(keys, (i) => repo.recordObservation(practiceObservation(i)));
    expect(faults.injected()).toBeGreaterThan(0);
    expect(ingest.retryable).toBeGreaterThan(0);

    const approvals = await untilAllSucceed(keys, async (i) => {
      const item = (await repo.findByUrl(practiceObservation(i).source.url))!;
      return repo.applyEditorAction({ id: item.id, expectedVersion: 1, action: { type: 'approve' }, actor: 'editor', requestToken: `approve-${i}`, at: '2025-01-01T00:00:00.000Z' });
    });
    expect(approvals.failures).toBeGreaterThan(0);
    faults.stop();

    const listed: PracticeItem[] = [];
    let after: string | null = null;
    do {
      const page = await repo.listPublic({}, { limit: 50, after });
      listed.push(...page.items);
      after = page.next;
    } while (after);
    expect(listed).toHaveLength(keys.length);
    expect(new Set(listed.map((i) => i.id)).size).toBe(keys.length);
    for (const item of listed) {
      expect(item.editorial.version).toBe(2);
      const history = await repo.history(item.id, { limit: 10 });
      expect(history.items.map((h) => h.action)).toEqual(['created', 'approve']);
    }

    const before = writes();
    const rerun = await Promise.all(keys.map((i) => repo.recordObservation(practiceObservation(i))));
    expect(rerun.every((outcome) => outcome.kind === 'unchanged')).toBe(true);
    expect(writes()).toBe(before);
    const versions = await Promise.all(listed.map((i) => repo.get(i.id)));
    expect(versions.every((i) => i!.editorial.version === 2)).toBe(true);
    console.info(`fault rate ${rate}: ${faults.injected()} faults injected, ${ingest.failures} ingest and ${approvals.failures} approval attempts failed and were re-run`);
  }, 120_000);
});
