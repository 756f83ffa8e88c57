import type { ClassifierModel } from '../extraction/classifier.js';

/** Scores of one model on one evaluation, per field (F1 and its counts). */
export type FieldScores = Record<string, { f1: number; precision: number; recall: number; tp: number; fp: number; fn: number }>;

/**
 * A classifier model promoted by a guarded retrain (or a candidate kept for the record), with what
 * it was trained on. `extractorVersion` is what records extracted with it carry, so that
 * `reextract` and ingestion know which records are stale.
 */
export interface StoredModel {
  /** `m-<UTC timestamp>`: unique, and ordered by time. */
  version: string;
  /** The code's extractor version the model was trained with: features may change with it. */
  baseExtractorVersion: string;
  /** `<baseExtractorVersion>+<version>`: the version records extracted with this model carry. */
  extractorVersion: string;
  trainedAt: string;
  /** Texts per labelled set, and the editors' examples (practice ids) it learnt from. */
  trainedOn: Array<{ set: string; texts: number; announcements: number }>;
  editorExamples: string[];
  hyperparameters: { cuePenalty: number; wordPenalty: number | null };
  model: ClassifierModel;
}

/** The version name of the model shipped with the code (classifier-model.json); a store never holds it. */
export const SHIPPED_VERSION = 'shipped';

/** The pointer to the current model, with the one it replaced (for rollback). */
export interface CurrentModel {
  version: string;
  previous: string | null;
  promotedAt: string;
}

/**
 * Versioned models (S3 `learning/models/` locally and on AWS): every version is kept; `current`
 * names the one the extractor uses. No current model means the shipped one (classifier-model.json).
 */
export interface ModelStore {
  save(model: StoredModel): Promise<void>;
  /** A stored version; null for {@link SHIPPED_VERSION} and unknown versions. */
  get(version: string): Promise<StoredModel | null>;
  current(): Promise<CurrentModel | null>;
  /** Makes `version` current, recording the version it replaces. */
  setCurrent(pointer: CurrentModel): Promise<void>;
}

/** The model the extractor should use: the current stored one, or null for the shipped one. */
export async function currentModel(store: ModelStore): Promise<StoredModel | null> {
  const pointer = await store.current();
  return pointer ? store.get(pointer.version) : null;
}

/** A new model version name from a time: `m-20261204T031500Z`. */
export function modelVersionAt(at: Date): string {
  return `m-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}`;
}
