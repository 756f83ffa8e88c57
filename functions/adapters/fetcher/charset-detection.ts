import { CYRILLIC_SINGLE_BYTE } from './charset-declarations.js';

// Reading bytes in a charset (single-byte tables where TextDecoder falls short) and telling the
// Cyrillic single-byte encodings apart by how Russian the result reads.

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when any byte is outside ASCII. */
export function hasHighBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/**
 * Bytes 0x80–0xFF of single-byte encodings that are decoded by table: IBM855, which WHATWG (and so
 * `TextDecoder`) lacks, and windows-1252, whose 0x80–0x9F Node 20 decodes as C1 controls (it
 * treats the label as Latin-1).
 */
const HAND_TABLES: Record<string, string> = {
  ibm855:
    'ђЂѓЃёЁєЄѕЅіІїЇјЈљЉњЊћЋќЌўЎџЏюЮъЪаАбБцЦдДеЕфФгГ«»░▒▓│┤хХиИ╣║╗╝йЙ┐' +
    '└┴┬├─┼кК╚╔╩╦╠═╬¤лЛмМнНоОп┘┌█▄Пя▀ЯрРсСтТуУжЖвВьЬ№\u00ADыЫзЗшШэЭщЩчЧ§■\u00A0',
  'windows-1252':
    '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ' +
    Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join(''),
};

/** Single-byte encodings decoded by table; the others' tables come from `TextDecoder` on first use. */
const TABLED = new Set([...CYRILLIC_SINGLE_BYTE, 'koi8-u', 'windows-1252']);
const tables = new Map<string, Uint16Array>();

/**
 * The 256 code units of a single-byte encoding. Bytes below 0x80 are ASCII in all of them (ICU's
 * IBM866 swaps three control characters, which WHATWG does not).
 */
function tableFor(charset: string): Uint16Array {
  let table = tables.get(charset);
  if (table) return table;
  const high = HAND_TABLES[charset] ?? new TextDecoder(charset).decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
  if (high.length !== 128) throw new Error(`the ${charset} table has ${high.length} entries, not 128`);
  table = new Uint16Array(256);
  for (let i = 0; i < 128; i++) table[i] = i;
  for (let i = 0; i < 128; i++) table[0x80 + i] = high.charCodeAt(i);
  tables.set(charset, table);
  return table;
}

function decodeSingleByte(bytes: Uint8Array, charset: string): string {
  const table = tableFor(charset);
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(bytes.length, 8192));
  for (let start = 0; start < bytes.length; start += units.length) {
    const end = Math.min(start + units.length, bytes.length);
    for (let i = start; i < end; i++) units[i - start] = table[bytes[i]!]!;
    parts.push(String.fromCharCode(...units.subarray(0, end - start)));
  }
  return parts.join('');
}

/** Decodes bytes in a canonical charset (as {@link normalizeCharset} returns), with no detection. */
export function decodeWith(bytes: Uint8Array, charset: string): string {
  if (TABLED.has(charset)) return decodeSingleByte(bytes, charset);
  return new TextDecoder(charset).decode(bytes);
}

const RUSSIAN_LETTER = /[а-яёА-ЯЁ]/;
const RUSSIAN_LOWER = /[а-яё]/;
const COMMON_BIGRAMS = new Set(
  ('ст но то на ен ов ни ра во ко ро ре по пр ал ор ер ли ол ан ет ос та не ка ел ле ть ес ом од ла ит ат ог ри ск ' +
    'го он ме де ин ак ны ой ти ль ый об ем ев ие ви ча ва ам ие ся ил за ри тр ед ас ки мо ди ци ят ма ве ры')
    .split(' '),
);

/**
 * How much a text reads like Russian, from its non-ASCII characters: the share that are Russian
 * letters, the share of those in lower case, and the share of letter pairs that are common
 * Russian bigrams, less a penalty for upper-case letters inside lower-case words. Wrong single-byte Cyrillic decodings lose on at least one of the three.
 */
export function russianScore(text: string): number {
  let nonAscii = 0;
  let russian = 0;
  let lowerCount = 0;
  let pairs = 0;
  let common = 0;
  let anomalies = 0;
  let previous = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      previous = '';
      continue;
    }
    nonAscii++;
    if (RUSSIAN_LETTER.test(ch)) {
      russian++;
      // An upper-case letter right after a lower-case one is rare in Russian and common in misreadings.
      if (previous && !RUSSIAN_LOWER.test(ch)) anomalies++;
      if (RUSSIAN_LOWER.test(ch)) {
        lowerCount++;
        if (previous) {
          pairs++;
          if (COMMON_BIGRAMS.has(previous + ch)) common++;
        }
        previous = ch;
        continue;
      }
    }
    previous = '';
  }
  if (nonAscii === 0 || russian === 0) return 0;
  return russian / nonAscii + lowerCount / russian + (pairs ? common / pairs : 0) - (3 * anomalies) / russian;
}

/**
 * Picks the single-byte Cyrillic encoding under which the bytes read most like Russian. The
 * `preferred` encoding keeps its place unless another scores clearly better.
 */
export function detectCyrillic(bytes: Uint8Array, preferred: string): { charset: string; score: number } {
  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes;
  const preferredScore = (CYRILLIC_SINGLE_BYTE as readonly string[]).includes(preferred) ? russianScore(decodeWith(sample, preferred)) : -1;
  let best = { charset: preferred, score: preferredScore };
  for (const candidate of CYRILLIC_SINGLE_BYTE) {
    if (candidate === preferred) continue;
    const score = russianScore(decodeWith(sample, candidate));
    if (score > best.score + 0.03) best = { charset: candidate, score };
  }
  return best;
}

/** Below this {@link russianScore}, a single-byte Cyrillic reading is not trusted. */
export const MIN_CYRILLIC_SCORE = 1.5;

/** UTF-8 Cyrillic read as windows-1251 ("Р Р°") or as Latin-1 ("Ð°"), in runs. */
const MOJIBAKE = /(?:[РС][\u0402-\u040F\u0452-\u045F\u2018-\u203A\u00A0-\u00BF\u0490\u0491\u2116\u20AC\u2122]){3,}|(?:[ÐÑ][\u0080-\u00BF]){3,}/;

/** True when a decoded text shows the usual signs of a wrong charset. */
export function looksMisdecoded(text: string): boolean {
  return text.includes('\uFFFD') || MOJIBAKE.test(text);
}
