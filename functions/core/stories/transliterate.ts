/**
 * Language-independent keys for comparing Russian and English texts of the same news: a name
 * written «Багреева» in one and "Bagreeva" in the other, "МФЦ" and "MFC", «миграционный» and
 * "migration" must meet. Russian is romanised (the common news spelling, close to BGN/PCGN), then
 * both sides are folded so that the usual romanisation variants (kh/h, ts/tz/c, yu/iu/u, x/ks,
 * doubled letters) coincide.
 */

const ROMAN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi', є: 'ye', ў: 'u',
};

/** Romanises Cyrillic letters of a lower-case text; everything else is kept. */
export function romanise(text: string): string {
  let out = '';
  for (const ch of text) out += ROMAN[ch] ?? ch;
  return out;
}

// Ordered: longer spellings first, so that 'shch' is not read as 's' + 'hch'.
const FOLDS: Array<[RegExp, string]> = [
  [/shch|sch/g, 'sh'],
  [/kh/g, 'h'],
  [/ts|tz/g, 'c'],
  [/x/g, 'ks'],
  [/w/g, 'v'],
  [/ph/g, 'f'],
  [/[yi]u/g, 'u'],
  [/[yi]a/g, 'a'],
  [/ye|ie/g, 'e'],
  [/yo|io/g, 'o'],
  [/iy|yy|ii|ij|yi/g, 'i'],
  [/[jy]/g, 'i'],
  [/(.)\1+/g, '$1'],
];

/** Folds a romanised lower-case word so that the common spellings of one Russian name agree. */
function fold(word: string): string {
  let out = word;
  for (const [pattern, replacement] of FOLDS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The comparison key of a person's surname (the last word of the name), whatever the script:
 * «Мария Багреева» and "Maria Bagreeva" both give `bagreva`; «Текслер» and "Texler" `teksler`.
 */
export function surnameKey(name: string): string {
  const words = name.normalize('NFC').toLowerCase().replaceAll('ё', 'е').match(/[\p{L}'’-]+/gu) ?? [];
  const last = (words.at(-1) ?? '').replace(/['’]/g, '');
  return fold(romanise(last).replace(/[^a-z-]/g, ''));
}

/** Levenshtein distance, stopping early once it exceeds `max` (returns `max + 1` then). */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      best = Math.min(best, current[j]!);
    }
    if (best > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Two surname keys name the same person: equal, or one edit apart when long enough to be safe. */
export function sameSurname(a: string, b: string): boolean {
  if (a.length < 3 || b.length < 3) return false;
  if (a === b) return true;
  return a[0] === b[0] && Math.min(a.length, b.length) >= 6 && boundedEditDistance(a, b, 1) <= 1;
}

/** Letters of a cognate key: the first letter and the next consonants, five at most. */
const COGNATE_LENGTH = 5;
/** Words whose cognate keys are remembered (a few MB at most; forgotten all at once when full). */
const MAX_REMEMBERED_WORDS = 50_000;
const cognateKeys = new Map<string, string | null>();

/**
 * The cognate key of one lower-case word, Russian or English: romanised, folded, 'c' read as 'k'
 * and '-tion' as '-cion' (центр/center, миграция/migration), then its consonant skeleton cut to
 * {@link COGNATE_LENGTH} letters, because cognates agree in consonants far more than in vowels:
 * «практика» and "practice" → `prktk`, «центр» and "center" → `kntr`, «МФЦ» and "MFC" → `mfk`,
 * «Москва» and "Moscow" → `mskv`. Words shorter than three letters and numbers give null.
 */
export function cognateKey(word: string): string | null {
  const known = cognateKeys.get(word);
  if (known !== undefined) return known;
  // Words repeat across articles and every arriving article profiles its link candidates again:
  // remembering the key of a word (a pure function of it) saves most of linking's CPU.
  if (cognateKeys.size >= MAX_REMEMBERED_WORDS) cognateKeys.clear();
  const key = computeCognateKey(word);
  cognateKeys.set(word, key);
  return key;
}

function computeCognateKey(word: string): string | null {
  if (word.length < 3 || /^\d/.test(word)) return null;
  const latin = romanise(word.replaceAll('ё', 'е')).replace(/[^a-z]/g, '').replace(/tion/g, 'cion');
  const folded = fold(latin).replace(/ch/g, '4').replace(/[cq]/g, 'k').replace(/4/g, 'ch');
  if (folded.length < 3) return null;
  const skeleton = folded[0] + folded.slice(1).replace(/[aeiouy]/g, '');
  return skeleton.slice(0, COGNATE_LENGTH);
}
