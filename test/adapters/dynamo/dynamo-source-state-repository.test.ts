import { DynamoSourceStateRepository } from '../../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { sourceStateRepositoryContract } from '../memory/source-state.contract.js';
import { freshTable } from './dynamo-test-support.js';

sourceStateRepositoryContract('DynamoSourceStateRepository', async () => {
  const { client, tableName } = await freshTable();
  return new DynamoSourceStateRepository(client, tableName);
});
