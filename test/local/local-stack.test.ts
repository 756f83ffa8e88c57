import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../functions/adapters/aws-clients.js';
import { loadConfig } from '../../functions/config.js';
import { startLocalStack } from '../../functions/local/local-stack.js';

describe('local stack', () => {
  it('falls back to dynalite when asked (as it does without Java 17+), and it serves the same client', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-dynalite-'));
    const stack = await startLocalStack({ s3Dir: path.join(dir, 's3'), dynamoEngine: 'dynalite' });
    try {
      expect(stack.dynamoEngine).toBe('dynalite');
      const client = createDynamoClient(loadConfig({ DYNAMODB_ENDPOINT: stack.dynamoEndpoint }));
      await client.send(
        new CreateTableCommand({
          TableName: 'fallback',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      for (let i = 0; i < 50; i++) {
        try {
          await client.send(new PutCommand({ TableName: 'fallback', Item: { pk: 'a', value: 'Челябинск' } }));
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 100)); // dynalite creates tables asynchronously
        }
      }
      expect((await client.send(new GetCommand({ TableName: 'fallback', Key: { pk: 'a' } }))).Item?.value).toBe('Челябинск');
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['fallback']);
    } finally {
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
