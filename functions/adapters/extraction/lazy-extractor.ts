import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ExtractionInput, ExtractionRecord } from '../../core/model.js';
import type { PracticeExtractor } from '../../core/ports.js';

/**
 * The extraction module: `extract.mjs` beside the running code when it exists (the ingest Lambda
 * asset ships it there, bundled apart), else the TypeScript source (`npm start`, tests).
 */
export function resolveExtractionModule(base: string | URL = import.meta.url): URL {
  const bundled = new URL('./extract.mjs', base);
  if (existsSync(fileURLToPath(bundled))) return bundled;
  return new URL('../../core/extraction/extract-practice.ts', base);
}

/**
 * The {@link PracticeExtractor} port over `extractPractice`, loaded on first use: a run that meets
 * no new article (the common case) never loads the extraction code nor builds its catalogues,
 * which is most of the ingest function's cold start. The module URL is computed, so bundlers leave
 * it out of the function's own bundle.
 */
export function lazyExtractor(module: URL = resolveExtractionModule()): PracticeExtractor {
  let loaded: Promise<(input: ExtractionInput) => ExtractionRecord> | undefined;
  return async (input) => {
    // A failed load is not kept: the next article tries again instead of failing the container for good.
    loaded ??= (import(module.href) as Promise<{ extractPractice: (input: ExtractionInput) => ExtractionRecord }>).then(
      (m) => m.extractPractice,
      (error: unknown) => {
        loaded = undefined;
        throw error;
      },
    );
    return (await loaded)(input);
  };
}
