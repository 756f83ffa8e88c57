import { DynamoSourceStateRepository } from '../../../functions/adapters/dynamo/dynamo-source-state-repository.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';
import { sourceStateRepositoryContract } from '../memory/source-state.contract.js';
import { freshTable } from './dynamo-test-support.js';

describeNeedingDynamoDbLocal('on DynamoDB Local', () => {
  sourceStateRepositoryContract('DynamoSourceStateRepository', async () => {
    const { client, tableName } = await freshTable();
    return new DynamoSourceStateRepository(client, tableName);
  });
});
