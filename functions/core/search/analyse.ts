import { keyOf } from '../extraction/lexicon.js';
import { cleanText, foldText } from '../extraction/normalise.js';

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

const STOPWORDS_RAW = `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
от меня еще нет о об из ему теперь когда даже ну ли если уже или ни быть был него до вас нибудь уж вам ведь там потом себя
ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
того потому этого какой ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех можно при после над больше
тот через эти нас про всего них какая много три эту моя свою этой перед том такой им более всегда между также который которые
которая которых это года году год г гг
the a an and or of to in on for by with at from as is are was were be been being this that these those it its into over
under about than then also which who whom has have had not no but if so such their there they he she his her we our you`;

/** Stems of function words (Russian and English), left out of the index. */
export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORDS_RAW.split(/\s+/).filter(Boolean).map((w) => keyOf(w)));

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
