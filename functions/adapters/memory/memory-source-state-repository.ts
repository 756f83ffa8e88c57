import { VersionConflictError } from '../../core/errors.js';
import type { SourceState, SourceStateRepository } from '../../core/ports.js';

/**
 * In-memory twin of `DynamoSourceStateRepository`: a write succeeds only while the stored version
 * is `expectedVersion` (0: not stored yet) and stores the state at `expectedVersion + 1`.
 */
export class MemorySourceStateRepository implements SourceStateRepository {
  private readonly states = new Map<string, SourceState>();

  async get(sourceId: string): Promise<SourceState | null> {
    const state = this.states.get(sourceId);
    return state ? structuredClone(state) : null;
  }

  async list(): Promise<SourceState[]> {
    return [...this.states.values()].sort((a, b) => (a.sourceId < b.sourceId ? -1 : 1)).map((s) => structuredClone(s));
  }

  async put(state: SourceState, expectedVersion: number): Promise<void> {
    const current = this.states.get(state.sourceId)?.version ?? 0;
    if (current !== expectedVersion) {
      throw new VersionConflictError(`source ${state.sourceId} is at version ${current}, not ${expectedVersion}`, {
        sourceId: state.sourceId,
        currentVersion: current,
      });
    }
    this.states.set(state.sourceId, { ...structuredClone(state), version: expectedVersion + 1 });
  }
}
