import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClient } from '../../../functions/adapters/aws-clients.js';
import { ensureTable } from '../../../functions/adapters/dynamo/ensure-table.js';
import { testConfig } from '../../support/stack.js';

const WRITE_COMMANDS = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand']);

/** A fresh table on the test run's DynamoDB Local, with a client that counts the write requests it sends. */
export async function freshTable(): Promise<{ client: DynamoDBDocumentClient; tableName: string; writes: () => number }> {
  const config = testConfig();
  const client = createDynamoClient(config);
  await ensureTable(client, config.tableName);
  let writes = 0;
  const send = client.send.bind(client) as (command: object) => Promise<unknown>;
  (client as { send: unknown }).send = (command: object) => {
    if (WRITE_COMMANDS.has(command.constructor.name)) writes += 1;
    return send(command);
  };
  return { client, tableName: config.tableName, writes: () => writes };
}
