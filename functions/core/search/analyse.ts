import { keyOf, STOPWORDS } from '../extraction/lexicon.js';
import { cleanText, foldText } from '../extraction/normalise.js';

/** The function words left out of the index (the list lives with the stemmer, in the extraction lexicon). */
export { STOPWORDS };

/**
 * Text analysis for full-text search: the same Snowball stemmers as extraction (`keyOf` of the
 * extraction lexicon: Russian by Cyrillic script, English otherwise, its stem cache shared), so
 * that "миграционного центра" and "миграционный центр" give the same terms and "practices" matches
 * "practice". Words are split at hyphens ("медико-социальный" is two terms: a query for either part
 * finds it). Function words are left out of documents and of queries with other words.
 */

/** A term of a text, with its offsets in the cleaned text (`cleanText`). */
export interface AnalysedToken {
  term: string;
  start: number;
  end: number;
}

/** Longer "words" (hashes, run-together URLs) are not indexed: a term is part of a table key. */
const MAX_WORD = 40;

// A word is a run of letters and digits of any script (`/[\p{L}\p{N}]+/u`): hyphens and
// apostrophes split words. `scanWords` finds such runs by hand; `WORD_CODE` is the class.


/** Terms of a text with their offsets; `text` is cleaned here (offsets refer to `cleanText(text)`). */
export function analyse(text: string, options: { keepStopwords?: boolean } = {}): { clean: string; tokens: AnalysedToken[] } {
  const clean = cleanText(text);
  const tokens: AnalysedToken[] = [];
  scanWords(foldText(clean), (word, start, end) => {
    const term = keyOf(word);
    if (!options.keepStopwords && STOPWORDS.has(term)) return;
    tokens.push({ term, start, end });
  });
  return { clean, tokens };
}

/**
 * The tokens of `analyse(text, { keepStopwords: true })` whose term is one of `terms`, and the
 * cleaned text: what search needs of a record it answers with (does it still hold the query's
 * terms, where is the snippet). A stem keeps its word's first letter (the Snowball stemmers only
 * rewrite endings; test/search/search-read-path.test.ts checks it on every word of the labelled
 * sets), so a word that starts with no term's first letter is not stemmed at all.
 */
export function analyseFor(text: string, terms: ReadonlySet<string>): { clean: string; tokens: AnalysedToken[] } {
  const clean = cleanText(text);
  const tokens: AnalysedToken[] = [];
  if (!terms.size) return { clean, tokens };
  const firsts = new Set<number>();
  for (const term of terms) firsts.add(term.length ? term.charCodeAt(0) : -1);
  const anyFirst = firsts.has(-1);
  const folded = foldText(clean);
  scanWords(folded, (word, start, end) => {
    if (!anyFirst && !firsts.has(folded.charCodeAt(start))) return;
    const term = keyOf(word);
    if (terms.has(term)) tokens.push({ term, start, end });
  });
  return { clean, tokens };
}

/**
 * Calls `visit` for each word of a folded text: runs of letters and digits of any script, 2 to
 * `MAX_WORD` units long (a single letter is an initial or a preposition; a single digit carries no
 * meaning alone). Scanned by hand rather than by the regex `/[\p{L}\p{N}]+/gu`: search analyses
 * every record it answers with, and the regex's match objects were most of the time of the loop.
 */
function scanWords(folded: string, visit: (word: string, start: number, end: number) => void): void {
  const n = folded.length;
  let i = 0;
  while (i < n) {
    let code = folded.codePointAt(i)!;
    if (!isWordCode(code)) {
      i += code > 0xffff ? 2 : 1;
      continue;
    }
    const start = i;
    do {
      i += code > 0xffff ? 2 : 1;
      if (i >= n) break;
      code = folded.codePointAt(i)!;
    } while (isWordCode(code));
    if (i - start >= 2 && i - start <= MAX_WORD) visit(folded.slice(start, i), start, i);
  }
}

const WORD_CODE = /^[\p{L}\p{N}]$/u;
/** Code points outside the ranges below, tested once each against the class. */
const otherCodes = new Map<number, boolean>();

/** Whether a code point is a letter or a digit of any script (`[\p{L}\p{N}]`). */
function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0x410 && code <= 0x44f) return true;
  let known = otherCodes.get(code);
  if (known === undefined) {
    known = WORD_CODE.test(String.fromCodePoint(code));
    if (otherCodes.size < 4096) otherCodes.set(code, known);
  }
  return known;
}

/** Terms of a text, in order, without offsets. */
export function termsOf(text: string): string[] {
  return analyse(text).tokens.map((t) => t.term);
}

/**
 * The distinct terms of a query. Function words are dropped unless the query has nothing else
 * ("the", "что"), in which case they are searched as they are.
 */
export function queryTerms(q: string): string[] {
  const content = [...new Set(termsOf(q))];
  if (content.length) return content.slice(0, MAX_QUERY_TERMS);
  return [...new Set(analyse(q, { keepStopwords: true }).tokens.map((t) => t.term))].slice(0, MAX_QUERY_TERMS);
}

/** Terms of a query searched at most (each one is a read of its posting list). */
export const MAX_QUERY_TERMS = 12;
