import { DynamoPracticeRepository } from '../../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { practiceRepositoryContract } from '../practice-repository.contract.js';
import { freshTable } from './dynamo-test-support.js';

practiceRepositoryContract('DynamoPracticeRepository', async () => {
  const { client, tableName, writes } = await freshTable();
  return { repo: new DynamoPracticeRepository(client, tableName), writes };
});
