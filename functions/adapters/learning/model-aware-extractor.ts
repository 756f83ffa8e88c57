import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelStore, StoredModel } from '../../core/learning/model-store.js';
import type { ExtractionInput, ExtractionRecord } from '../../core/model.js';
import type { PracticeExtractor } from '../../core/ports.js';

type ExtractWithModel = (input: ExtractionInput, model: StoredModel | null) => ExtractionRecord;

/** The extraction module: `extract.mjs` beside the running code (the ingest asset), else the source. */
export function resolveLearnedExtractionModule(base: string | URL = import.meta.url): URL {
  const bundled = new URL('./extract.mjs', base);
  if (existsSync(fileURLToPath(bundled))) return bundled;
  return new URL('../../core/learning/learned-extraction.ts', base);
}

/** How long a container keeps the current model before it asks the store again. */
export const MODEL_REFRESH_MS = 10 * 60_000;

/**
 * The {@link PracticeExtractor} port with the promoted classifier model: the current model is
 * read from the model store (S3) on the first new article and again every {@link MODEL_REFRESH_MS};
 * with none, with one trained for other code, or when the store cannot be read, the shipped model
 * applies (the failure is reported once per refresh, and extraction goes on). Like the lazy
 * extractor, the extraction code is loaded on first use only.
 */
export function modelAwareExtractor(
  models: Pick<ModelStore, 'current' | 'get'>,
  options: { module?: URL; refreshMs?: number; now?: () => number; onModelError?: (error: unknown) => void } = {},
): PracticeExtractor {
  const module = options.module ?? resolveLearnedExtractionModule();
  const refreshMs = options.refreshMs ?? MODEL_REFRESH_MS;
  const now = options.now ?? Date.now;
  let loaded: Promise<ExtractWithModel> | undefined;
  let model: { value: StoredModel | null; at: number } | undefined;
  const currentModel = async (): Promise<StoredModel | null> => {
    if (model && now() - model.at < refreshMs) return model.value;
    let value: StoredModel | null = null;
    try {
      const pointer = await models.current();
      value = pointer ? await models.get(pointer.version) : null;
    } catch (error) {
      options.onModelError?.(error);
      value = model?.value ?? null;
    }
    model = { value, at: now() };
    return value;
  };
  return async (input) => {
    loaded ??= (import(module.href) as Promise<{ extractWithModel: ExtractWithModel }>).then(
      (m) => m.extractWithModel,
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    );
    const [extract, stored] = await Promise.all([loaded, currentModel()]);
    return extract(input, stored);
  };
}
