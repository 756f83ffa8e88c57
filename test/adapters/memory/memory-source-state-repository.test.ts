import { MemorySourceStateRepository } from '../../../functions/adapters/memory/memory-source-state-repository.js';
import { sourceStateRepositoryContract } from './source-state.contract.js';

sourceStateRepositoryContract('MemorySourceStateRepository', async () => new MemorySourceStateRepository());
