import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { describeNeedingDynamoDbLocal } from '../../support/stack.js';
import { practiceRepositoryContract } from '../practice-repository.contract.js';
import { storyRepositoryContract } from '../story-repository.contract.js';
import { freshTable } from './dynamo-test-support.js';

describeNeedingDynamoDbLocal('on DynamoDB Local', () => {
  practiceRepositoryContract('DynamoPracticeRepository', async () => {
    const { client, tableName, writes } = await freshTable();
    return { repo: new DynamoPracticeRepository(client, tableName), writes };
  });
  storyRepositoryContract('DynamoPracticeRepository', async () => {
    const { client, tableName } = await freshTable();
    return { repo: new DynamoPracticeRepository(client, tableName) };
  });
});
