import { spawn, execFileSync } from 'node:child_process';
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

  it('leaves no server behind when its parent is killed outright (SIGKILL)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-orphan-'));
    const script = `import { startLocalStack } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../functions/local/local-stack.ts'))};
await startLocalStack({ dataDir: ${JSON.stringify(dir)} });
console.log('READY');
setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        parent.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve());
        parent.once('exit', () => reject(new Error('the parent exited before the stack was ready')));
      });
      const servers = () =>
        execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
          .split('\n')
          // The servers themselves, not their watchdogs (whose command line repeats theirs after `-e`).
          .filter((line) => line.includes(dir) && !line.includes(' -e '));
      const running = servers();
      expect(running.some((line) => line.startsWith('java '))).toBe(true);
      expect(running.some((line) => line.includes('s3rver'))).toBe(true);
      parent.kill('SIGKILL');
      let left = servers();
      for (let i = 0; i < 100 && left.length > 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        left = servers();
      }
      expect(left).toEqual([]);
    } finally {
      if (parent.exitCode === null) parent.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
