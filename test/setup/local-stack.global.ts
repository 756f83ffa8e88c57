import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalStack } from '../../functions/local/local-stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
    dynamoEngine: 'dynamodb-local' | 'dynalite';
  }
}

/**
 * Starts one real DynamoDB Local and one s3rver for the whole test run, on random ports;
 * tests create their own uniquely named tables and buckets (see `test/support/stack.ts`).
 */
export default async function setup(project: TestProject) {
  const s3Dir = mkdtempSync(path.join(tmpdir(), 'pw-test-s3-'));
  // PRACTICE_WATCH_TEST_DYNAMO=dynalite rehearses a machine without Java 17+.
  const dynamoEngine = process.env.PRACTICE_WATCH_TEST_DYNAMO === 'dynalite' ? 'dynalite' : 'auto';
  const stack = await startLocalStack({ s3Dir, dynamoEngine, log: (line) => console.warn(`[local-stack] ${line}`) });
  if (stack.dynamoEngine === 'dynalite') {
    console.warn('[local-stack] DynamoDB Local is unavailable (it needs Java 17+): suites that need transactions or TTL are SKIPPED; install Java 17+ to run them.');
  }
  project.provide('dynamoEndpoint', stack.dynamoEndpoint);
  project.provide('s3Endpoint', stack.s3Endpoint);
  project.provide('dynamoEngine', stack.dynamoEngine);
  return async () => {
    await stack.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  };
}
