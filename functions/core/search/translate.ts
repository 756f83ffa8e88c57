import { termsOf } from './analyse.js';

/**
 * Cross-language search: an English query also looks for the Russian words of the same concept
 * and a Russian one for the English words, through a hand-written glossary of the domain
 * (`glossary.json`: rows of English words and Russian words). Words go through the same analysis
 * as queries and documents, so every inflection of a listed word translates, and the translations
 * are ordinary query terms (BM25 ranks them like the words asked for). Catalogued entities are not
 * here: their Russian and English names are indexed with the record (`entity-names.json`).
 */

/** The glossary file's shape: `[english words, russian words]`, each space-separated. */
export interface GlossaryData {
  groups: ReadonlyArray<readonly [string, string]>;
}

/** A search term → the terms of the other language that translate it. */
export type Glossary = ReadonlyMap<string, readonly string[]>;

/** Translated terms a query adds at most, beside its own (each is one more posting list to read). */
export const MAX_TRANSLATED_TERMS = 12;
/** Translations taken per query term at most, so that one broad word does not take the whole allowance. */
export const MAX_TRANSLATIONS_PER_TERM = 4;

/**
 * The term map of a glossary. A word's terms are what `termsOf` gives (stems; function words
 * left out; a hyphenated word is several terms), so a row's word and a query's word meet on the
 * same stem; a term that is both English and Russian in some row (none should be) translates to
 * the union.
 */
export function buildGlossary(data: GlossaryData): Glossary {
  const map = new Map<string, string[]>();
  const link = (from: readonly string[], to: readonly string[]) => {
    for (const term of from) {
      const list = map.get(term) ?? [];
      for (const other of to) if (other !== term && !list.includes(other)) list.push(other);
      map.set(term, list);
    }
  };
  for (const [english, russian] of data.groups) {
    const en = [...new Set(termsOf(english))];
    const ru = [...new Set(termsOf(russian))];
    link(en, ru);
    link(ru, en);
  }
  return map;
}

/** Queries' terms → the same with their translations, over one glossary (see {@link withTranslations}). */
export function translatorOf(glossary: Glossary): (terms: readonly string[]) => string[] {
  return (terms) => withTranslations(terms, glossary);
}

/**
 * A query's terms followed by their translations: the query's own first and unchanged, then for
 * each term in order up to {@link MAX_TRANSLATIONS_PER_TERM} translations not already present,
 * {@link MAX_TRANSLATED_TERMS} in all.
 */
export function withTranslations(terms: readonly string[], glossary: Glossary | null | undefined): string[] {
  const out = [...terms];
  if (!glossary) return out;
  const seen = new Set(terms);
  let added = 0;
  for (const term of terms) {
    let taken = 0;
    for (const other of glossary.get(term) ?? []) {
      if (added >= MAX_TRANSLATED_TERMS) return out;
      if (taken >= MAX_TRANSLATIONS_PER_TERM) break;
      if (seen.has(other)) continue;
      seen.add(other);
      out.push(other);
      taken += 1;
      added += 1;
    }
  }
  return out;
}
