import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { loadConfig, type Config } from '../../functions/config.js';

/**
 * A configuration pointing at the test run's local servers, with a table and bucket name of
 * its own so that test files never see each other's data. Creating them is the caller's job
 * (usually through the same `ensureTable` / `ensureBucket` that `npm start` uses).
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const suffix = randomBytes(4).toString('hex');
  return loadConfig({
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    S3_ENDPOINT: inject('s3Endpoint'),
    TABLE_NAME: `test-${suffix}`,
    RAW_BUCKET: `test-raw-${suffix}`,
    LOG_LEVEL: 'SILENT',
    ...overrides,
  });
}

/** True when the local DynamoDB is dynalite (no Java 17+ here), which lacks transactions and TTL. */
export const dynamoIsDynalite = () => inject('dynamoEngine') === 'dynalite';

/** `describe` for suites that need DynamoDB Local's transactions or TTL; skipped (and said so) under dynalite. */
export const describeNeedingDynamoDbLocal = describe.skipIf(dynamoIsDynalite());

/** The storage backends a suite can run on here: the DynamoDB one only with DynamoDB Local. */
export const storageBackends = <T extends string>(backends: readonly T[]): T[] =>
  backends.filter((backend) => backend !== 'dynamo' || !dynamoIsDynalite());
