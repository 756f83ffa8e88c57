import type { LabelledExample, LabelledExampleStore } from '../../core/learning/labelled-example.js';
import { SHIPPED_VERSION, type CurrentModel, type ModelStore, type StoredModel } from '../../core/learning/model-store.js';
import type { ReextractJobState, ReextractJobStore } from '../../core/learning/reextract-job.js';

/** In-memory twin of the S3 labelled-example store (tests, the in-memory API harness). */
export class MemoryLabelledExampleStore implements LabelledExampleStore {
  readonly examples = new Map<string, LabelledExample>();

  async put(example: LabelledExample): Promise<void> {
    this.examples.set(example.practiceId, structuredClone(example));
  }

  async remove(practiceId: string): Promise<void> {
    this.examples.delete(practiceId);
  }

  async list(): Promise<LabelledExample[]> {
    return [...this.examples.values()].map((example) => structuredClone(example)).sort((a, b) => (a.practiceId < b.practiceId ? -1 : 1));
  }
}

/** In-memory twin of the S3 model store. */
export class MemoryModelStore implements ModelStore {
  readonly models = new Map<string, StoredModel>();
  pointer: CurrentModel | null = null;

  async save(model: StoredModel): Promise<void> {
    this.models.set(model.version, structuredClone(model));
  }

  async get(version: string): Promise<StoredModel | null> {
    if (version === SHIPPED_VERSION) return null;
    return structuredClone(this.models.get(version) ?? null);
  }

  async current(): Promise<CurrentModel | null> {
    return structuredClone(this.pointer);
  }

  async setCurrent(pointer: CurrentModel): Promise<void> {
    this.pointer = structuredClone(pointer);
  }
}

/** In-memory twin of the S3 re-extraction job store. */
export class MemoryReextractJobStore implements ReextractJobStore {
  state: ReextractJobState | null = null;

  async get(): Promise<ReextractJobState | null> {
    return structuredClone(this.state);
  }

  async put(state: ReextractJobState): Promise<void> {
    this.state = structuredClone(state);
  }
}
