/**
 * The registry the CLI's parse worker loads for `extract`: every registered source, plus
 * {@link LOCAL_FILE_SOURCE_ID} for a page no source claims, read by the generic extractor. It lets
 * a file take the very path a fetched page takes: the parse worker, with its time and memory budgets.
 */
import { LayoutChangedError } from '../core/errors.js';
import type { SourceDefinition } from '../core/source-definition.js';
import { getSource as getRegisteredSource } from '../sources/registry.js';
import { MOSCOW } from '../sources/shared/defaults.js';
import { extractGenericArticle } from '../sources/shared/generic-extractor.js';

/** The pseudo-source of a file no registered source claims. */
export const LOCAL_FILE_SOURCE_ID = 'local-file';

const localFile: SourceDefinition = {
  id: LOCAL_FILE_SOURCE_ID,
  name: 'a local file, read by the generic extractor',
  homepage: 'file:///',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [],
  hosts: [],
  scheduleMinutes: 0,
  expectedCadenceHours: 0,
  timeZone: MOSCOW,
  charsetDefault: 'windows-1251',
  politeness: { minDelayMs: 1000 },
  confidence: 'inferred',
  parseListing() {
    throw new LayoutChangedError('a local file is read as an article, not a listing', { sourceId: LOCAL_FILE_SOURCE_ID });
  },
  parseArticle(text, url) {
    const article = extractGenericArticle(text, { url, dates: { timeZone: MOSCOW } });
    if (!article) throw new LayoutChangedError('no article found in the page (no title or no main text)', { sourceId: LOCAL_FILE_SOURCE_ID, url });
    return article;
  },
};

/** A registered source by id, or the local-file pseudo-source. */
export function getSource(id: string): SourceDefinition {
  return id === LOCAL_FILE_SOURCE_ID ? localFile : getRegisteredSource(id);
}
