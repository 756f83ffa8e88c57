import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import { practiceRepositoryContract } from '../practice-repository.contract.js';
import { storyRepositoryContract } from '../story-repository.contract.js';

practiceRepositoryContract('MemoryPracticeRepository', async () => {
  const repo = new MemoryPracticeRepository();
  return { repo, writes: () => repo.writes };
});

storyRepositoryContract('MemoryPracticeRepository', async () => ({ repo: new MemoryPracticeRepository() }));
