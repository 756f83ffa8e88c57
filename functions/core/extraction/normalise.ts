/**
 * Text normalisation shared by extraction and near-duplicate hashing.
 *
 * Two levels: {@link cleanText} removes noise but keeps the text readable (it is what surface forms
 * are cut from), and {@link foldText} maps a cleaned text to a same-length matching form (lower case,
 * `ё`→`е`), so that an offset found in the folded text is the same offset in the cleaned one.
 */

/** Invisible characters that break words apart in scraped text: soft hyphen, zero-width marks, BOM. */
const INVISIBLE = '\u00AD\u200B\u200C\u200D\u2060\uFEFF\u180E';
/** Space variants (NBSP, narrow NBSP, thin and other fixed-width spaces). */
const SPACES = '\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000';
/** Hyphen and dash variants that stand for a hyphen inside words. */
const HYPHENS = '\u2010\u2011\u2012\u2043\uFE63\uFF0D';
/** Quote variants, unified to ". */
const QUOTES = '\u201E\u201C\u201F\u2033\u201D\u2036';
/** Each noise character and what it becomes ('' = removed), replaced in one pass. */
const NOISE_REPLACEMENT = new Map<string, string>([
  ...[...INVISIBLE].map((ch): [string, string] => [ch, '']),
  ...[...SPACES].map((ch): [string, string] => [ch, ' ']),
  ...[...HYPHENS].map((ch): [string, string] => [ch, '-']),
  ...[...QUOTES].map((ch): [string, string] => [ch, '"']),
]);
const NOISE = new RegExp(`[${INVISIBLE}${SPACES}${HYPHENS}${QUOTES}]`, 'g');

/**
 * Removes invisible characters, unifies spaces, hyphens and quotes, applies NFC and collapses runs
 * of spaces (newlines are kept: paragraphs matter to the callers).
 */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(NOISE, (ch) => NOISE_REPLACEMENT.get(ch) ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]{2,}|[\t\f\v]/g, ' ');
}

/**
 * Lower-cases and folds `ё` to `е`, one UTF-16 unit for one: the result has exactly the length of the
 * input, so offsets carry over. Characters whose lower case would change the length stay as they are.
 */
export function foldText(clean: string): string {
  const lower = clean.toLowerCase();
  // The native lower-casing keeps the length for every script we meet; check, and fall back.
  if (lower.length === clean.length) return lower.replaceAll('ё', 'е');
  let out = '';
  for (let i = 0; i < clean.length; i += 1) {
    const ch = clean[i]!;
    let folded = ch.toLowerCase();
    if (folded.length !== 1) folded = ch;
    out += folded === 'ё' ? 'е' : folded;
  }
  return out;
}

/** Cleans and folds in one call: the matching form of an arbitrary text. */
export function normaliseForMatching(text: string): string {
  return foldText(cleanText(text));
}

/** Words (letters and digits, inner hyphens kept) of an already folded text. */
export function wordsOf(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? [];
}

/** Share of Cyrillic among the letters of a text (its first 20 000 characters): `ru` from 30 %. */
export function detectLanguage(text: string): 'ru' | 'en' {
  const end = Math.min(text.length, 20_000);
  let cyrillic = 0;
  let latin = 0;
  for (let i = 0; i < end; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x0400 && code <= 0x04ff) cyrillic += 1;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) latin += 1;
  }
  return cyrillic + latin > 0 && cyrillic / (cyrillic + latin) >= 0.3 ? 'ru' : 'en';
}
