import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GlossarySource, QueryTranslator } from '../../core/search/search-ports.js';
import { buildGlossary, translatorOf, type GlossaryData } from '../../core/search/translate.js';

/**
 * The glossary file: `glossary.json` beside the running code when it exists (the API functions'
 * assets ship it there, outside the bundle, so that a cold start that answers no query does not
 * parse it), else the source file (`npm start`, tests).
 */
export function resolveGlossaryFile(base: string | URL = import.meta.url): URL {
  const shipped = new URL('./glossary.json', base);
  if (existsSync(fileURLToPath(shipped))) return shipped;
  return new URL('../../core/search/glossary.json', base);
}

/**
 * A {@link GlossarySource} reading the file once, on the first query that needs it. A failed
 * read rejects that query (and is tried again by the next one) rather than leaving search
 * silently monolingual.
 */
export function glossaryFromFile(file: URL = resolveGlossaryFile()): GlossarySource {
  let translator: QueryTranslator | undefined;
  return async () => {
    translator ??= translatorOf(buildGlossary(JSON.parse(readFileSync(fileURLToPath(file), 'utf8')) as GlossaryData));
    return translator;
  };
}
