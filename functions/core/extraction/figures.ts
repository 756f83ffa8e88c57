import type { Figure, Language } from '../model.js';

const MONTHS =
  'январ|феврал|март|апрел|ма[яйе]|июн|июл|август|сентябр|октябр|ноябр|декабр|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const QUALIFIER = '(?:более чем|более|свыше|около|почти|порядка|не менее|не более|примерно|до|more than|over|about|nearly|almost|around|up to|at least|some)';
const MULTIPLIER = '(?:тыс\\.|тысяч[аи]?|млн\\.?|миллион(?:а|ов)?|млрд\\.?|миллиард(?:а|ов)?|трлн\\.?|thousand|million|billion|trillion)';
const NUMBER = '\\d{1,3}(?:[ ,]\\d{3})+(?!\\d)|\\d+(?:[.,]\\d+)?';
// The number comes first so that the regex engine skips ahead to digits; what precedes is checked after.
const FIGURE = new RegExp(`(${NUMBER})(?:\\s*(${MULTIPLIER})(?!\\p{L}))?`, 'giu');
const QUALIFIER_BEFORE = new RegExp(`(?<![\\p{L}])${QUALIFIER}\\s+$`, 'iu');
/** The qualifiers' last letters, in the same letter case rules: what must stand before a number's white space for one to end there. */
const QUALIFIER_LAST = new RegExp(`^[${[...new Set(QUALIFIER.slice(3, -1).split('|').map((qualifier) => qualifier.at(-1)))].join('')}]$`, 'iu');
const GLUED_BEFORE = /[\p{L}\p{N}.,:№-]$/u;
const DATE_AFTER = new RegExp(`^\\s*(?:${MONTHS})`, 'i');
const DATE_BEFORE = new RegExp(`(?:${MONTHS})\\.?\\s*$`, 'i');
const YEAR_AFTER = /^\s*(?:год|года|году|годом|годах|годы|гг?\.|г\b|year|years\b(?! old))/i;
/** Whether a UTF-16 code ends a clause: one of , ; . ! ? : ( ) « » " — – and the line break. */
function isClauseEnd(code: number): boolean {
  switch (code) {
    case 0x2c: case 0x3b: case 0x2e: case 0x21: case 0x3f: case 0x3a: case 0x28: case 0x29: case 0xab: case 0xbb: case 0x22: case 0x2014: case 0x2013: case 0x0a:
      return true;
    default:
      return false;
  }
}
/** White space as `\s` (and `trim`) see it, by UTF-16 code. */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}
const MAX_WORDS = 14;

function multiplierValue(multiplier: string | undefined): number {
  if (!multiplier) return 1;
  const m = multiplier.toLowerCase();
  if (m.startsWith('тыс') || m.startsWith('thousand')) return 1e3;
  if (m.startsWith('млн') || m.startsWith('миллион') || m.startsWith('million')) return 1e6;
  if (m.startsWith('млрд') || m.startsWith('миллиард') || m.startsWith('billion')) return 1e9;
  return 1e12;
}

function parseNumber(raw: string, language: Language): number {
  // (Most numbers have neither a space nor a comma: the patterns are not run for them.)
  if (raw.includes(' ') && /^\d{1,3}(?: \d{3})+$/.test(raw)) return Number(raw.replace(/ /g, ''));
  // '1,000' is a thousand in English; '1,5' is one and a half in Russian.
  if (raw.includes(',') && /^\d{1,3}(?:,\d{3})+$/.test(raw) && language === 'en') return Number(raw.replace(/,/g, ''));
  return Number(raw.replace(',', '.'));
}

/**
 * Words of the clause around a number, one space apart: after it, or before it when the number ends
 * the clause. The clause is walked by char codes to the ends of the words kept, not split into words.
 */
function contextOf(text: string, start: number, end: number): string {
  const figure = text.slice(start, end).trim();
  let after = end;
  while (after < text.length && !isClauseEnd(text.charCodeAt(after))) after += 1;
  let from = end;
  while (from < after && isSpace(text.charCodeAt(from))) from += 1;
  if (from < after) {
    // To the end of the (MAX_WORDS - 1)th word after the number, or of the clause's last.
    let to = from;
    for (let words = 1; ; words += 1) {
      while (to < after && !isSpace(text.charCodeAt(to))) to += 1;
      let next = to;
      while (next < after && isSpace(text.charCodeAt(next))) next += 1;
      if (next === after || words === MAX_WORDS - 1) break;
      to = next;
    }
    return collapseSpaces(`${figure} ${text.slice(from, to)}`);
  }
  let before = start;
  while (before > 0 && !isClauseEnd(text.charCodeAt(before - 1))) before -= 1;
  let to = start;
  while (to > before && isSpace(text.charCodeAt(to - 1))) to -= 1;
  if (to === before) return collapseSpaces(figure);
  // Back to the start of the (MAX_WORDS - 1)th word before the number, or of the clause's first.
  let headStart = to;
  for (let words = 1; ; words += 1) {
    while (headStart > before && !isSpace(text.charCodeAt(headStart - 1))) headStart -= 1;
    let previous = headStart;
    while (previous > before && isSpace(text.charCodeAt(previous - 1))) previous -= 1;
    if (previous === before || words === MAX_WORDS - 1) break;
    headStart = previous;
  }
  return collapseSpaces(`${text.slice(headStart, to)} ${figure}`);
}

/** As `text.replace(/\s+/g, ' ')`, without the regex when every space is a single ' ' already. */
function collapseSpaces(text: string): string {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (isSpace(code) && (code !== 32 || isSpace(text.charCodeAt(i + 1)))) return text.replace(/\s+/g, ' ');
  }
  return text;
}

/** `QUALIFIER_BEFORE.exec(before)`, not run when the character before the trailing white space ends no qualifier (most numbers). */
function qualifierBefore(before: string): RegExpExecArray | null {
  let end = before.length;
  while (end > 0 && isSpace(before.charCodeAt(end - 1))) end -= 1;
  if (end === before.length || end === 0 || !QUALIFIER_LAST.test(before[end - 1]!)) return null;
  return QUALIFIER_BEFORE.exec(before);
}

/**
 * Numbers with their context phrase ('more than 1,000 practices presented in the database' → 1000).
 * Years, dates, times, ordinals, numbered items and parts of names are skipped.
 */
export function findFigures(text: string, language: Language): Figure[] {
  const figures: Figure[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(FIGURE)) {
    const [whole, raw, multiplier] = match;
    const numberStart = match.index;
    const end = numberStart + whole.length;
    const before = text.slice(Math.max(0, numberStart - 16), numberStart);
    if (GLUED_BEFORE.test(before)) continue;
    const qualifier = qualifierBefore(before);
    const start = qualifier ? numberStart - qualifier[0].length : numberStart;
    const after = text.slice(end, end + 16);
    if (/^[-:./]\d/.test(text.slice(numberStart + raw!.length, numberStart + raw!.length + 2))) continue;
    if (/^-?[а-яёa-z]/i.test(after) && !multiplier && /^-/.test(after)) continue;
    if (DATE_AFTER.test(after) || DATE_BEFORE.test(before) || YEAR_AFTER.test(after)) continue;
    if (/(?:№|N|No\.?|#|п\.|ст\.|ч\.)\s*$/.test(before)) continue;
    const value = parseNumber(raw!, language) * multiplierValue(multiplier);
    if (!Number.isFinite(value)) continue;
    if (!multiplier && /^\d{4}$/.test(raw!) && value >= 1900 && value <= 2100) continue;
    const phraseStart = qualifier ? start : numberStart;
    const phrase = contextOf(text, phraseStart, end);
    const key = `${value}|${phrase}`;
    if (seen.has(key)) continue;
    seen.add(key);
    figures.push({ value, text: phrase });
  }
  return figures;
}
