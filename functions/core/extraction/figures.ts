import type { Figure, Language } from '../model.js';

const MONTHS =
  'январ|феврал|март|апрел|ма[яйе]|июн|июл|август|сентябр|октябр|ноябр|декабр|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const QUALIFIER = '(?:более чем|более|свыше|около|почти|порядка|не менее|не более|примерно|до|more than|over|about|nearly|almost|around|up to|at least|some)';
const MULTIPLIER = '(?:тыс\\.|тысяч[аи]?|млн\\.?|миллион(?:а|ов)?|млрд\\.?|миллиард(?:а|ов)?|трлн\\.?|thousand|million|billion|trillion)';
const NUMBER = '\\d{1,3}(?:[ ,]\\d{3})+(?!\\d)|\\d+(?:[.,]\\d+)?';
// The number comes first so that the regex engine skips ahead to digits; what precedes is checked after.
const FIGURE = new RegExp(`(${NUMBER})(?:\\s*(${MULTIPLIER})(?!\\p{L}))?`, 'giu');
const QUALIFIER_BEFORE = new RegExp(`(?<![\\p{L}])${QUALIFIER}\\s+$`, 'iu');
const GLUED_BEFORE = /[\p{L}\p{N}.,:№-]$/u;
const DATE_AFTER = new RegExp(`^\\s*(?:${MONTHS})`, 'i');
const DATE_BEFORE = new RegExp(`(?:${MONTHS})\\.?\\s*$`, 'i');
const YEAR_AFTER = /^\s*(?:год|года|году|годом|годах|годы|гг?\.|г\b|year|years\b(?! old))/i;
/**
 * Characters that end a clause, by UTF-16 code (tested once per character of the context: a code
 * lookup allocates nothing, where `text[i]` made a string of each Cyrillic character).
 */
const CLAUSE_END = new Set([...',;.!?:()«»"—–\n'].map((ch) => ch.charCodeAt(0)));
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
  if (/^\d{1,3}(?: \d{3})+$/.test(raw)) return Number(raw.replace(/ /g, ''));
  // '1,000' is a thousand in English; '1,5' is one and a half in Russian.
  if (/^\d{1,3}(?:,\d{3})+$/.test(raw) && language === 'en') return Number(raw.replace(/,/g, ''));
  return Number(raw.replace(',', '.'));
}

/** Words of the clause around a number: after it, or before it when the number ends the clause. */
function contextOf(text: string, start: number, end: number): string {
  let after = end;
  while (after < text.length && !CLAUSE_END.has(text.charCodeAt(after))) after += 1;
  const tail = text.slice(end, after).trim().split(/\s+/).filter(Boolean);
  if (tail.length >= 1) return [text.slice(start, end).trim(), ...tail.slice(0, MAX_WORDS - 1)].join(' ');
  let before = start;
  while (before > 0 && !CLAUSE_END.has(text.charCodeAt(before - 1))) before -= 1;
  const head = text.slice(before, start).trim().split(/\s+/).filter(Boolean);
  return [...head.slice(-(MAX_WORDS - 1)), text.slice(start, end).trim(), ...tail].join(' ');
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
    const qualifier = QUALIFIER_BEFORE.exec(before);
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
    const phrase = contextOf(text, phraseStart, end).replace(/\s+/g, ' ');
    const key = `${value}|${phrase}`;
    if (seen.has(key)) continue;
    seen.add(key);
    figures.push({ value, text: phrase });
  }
  return figures;
}
