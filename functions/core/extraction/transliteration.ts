/**
 * English spellings of Russian place names, as English-language news writes them (TASS, Interfax,
 * RIA): BGN/PCGN romanisation without its apostrophes and diacritics ('Осташков' → 'Ostashkov',
 * 'Бологое' → 'Bologoye', 'Нижний Тагил' → 'Nizhny Tagil'). Pure string work: no catalogue, no I/O.
 */

/** Letters spelled the same wherever they stand ('ъ' and 'ь' are dropped; 'е', 'ё' and 'й' are read apart). */
const PLAIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', ж: 'zh', з: 'z', и: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p',
  р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'yu', я: 'ya',
};
const VOWELS = 'аеёиоуыэюя';
/** Vowels a 'й' may follow as 'i' too ('Майкоп' → 'Maykop', 'Maikop'); not 'и' ('Каспийск' → 'Kaspiysk' only). */
const I_AFTER = 'аеоуэюя';
/** Most spellings one name may get: the variants below multiply. */
const MAX_SPELLINGS = 6;

/**
 * The spellings of the letter at `i` of a lower-case word (or part of a hyphenated name), the commonest first:
 * a string when there is one, an array when news spellings genuinely differ. 'й' after a vowel → 'y' or 'i'
 * ('Maykop', 'Maikop'); 'ё' → 'yo' or 'e'; 'е' at the start or after a vowel → 'ye' or 'e' ('Yelets', 'Bologoye',
 * 'Bologoe'), after 'ъ', 'ь' or 'й' → 'ye' ('Usolye'); 'ь' before 'и' → 'y' ('Ilyinsk'), else dropped like 'ъ'.
 */
function letterAt(word: string, i: number): string | string[] {
  const letter = word[i]!;
  const plain = PLAIN[letter];
  if (plain !== undefined && (letter !== 'ь' || word[i + 1] !== 'и')) return plain;
  const previous = i > 0 ? word[i - 1]! : '';
  switch (letter) {
    case 'ь':
      return 'y';
    case 'е':
      if (previous === '' || VOWELS.includes(previous)) return ['ye', 'e'];
      return previous === 'ь' || previous === 'ъ' || previous === 'й' ? 'ye' : 'e';
    case 'ё':
      return ['yo', 'e'];
    case 'й': {
      // Before a vowel it starts a syllable ('Йошкар-Ола'); 'йе' and 'йё' are spelled by their vowel.
      const next = word[i + 1] ?? '';
      if (VOWELS.includes(next)) return next === 'е' || next === 'ё' ? '' : 'y';
      return I_AFTER.includes(previous) ? ['y', 'i'] : 'y';
    }
    default:
      return letter;
  }
}

/** Spellings of one lower-case word or hyphenated part: '-ий' → '-y' or '-iy' ('Kamensk-Uralsky'), '-ый' → '-y'. */
function partSpellings(part: string): string[] {
  const ending = part.endsWith('ий') ? ['y', 'iy'] : part.endsWith('ый') ? ['y'] : null;
  const length = ending ? part.length - 2 : part.length;
  let spellings = [''];
  // Letters with one spelling gather in `run`, added to every spelling at the next variant or the end.
  let run = '';
  for (let i = 0; i < length; i += 1) {
    const letter = letterAt(part, i);
    if (typeof letter === 'string') {
      run += letter;
      continue;
    }
    spellings = spellings.flatMap((spelling) => letter.map((option) => spelling + run + option));
    run = '';
  }
  const tails = ending ? ending.map((option) => run + option) : [run];
  return spellings.flatMap((spelling) => tails.map((tail) => spelling + tail));
}

/**
 * English spellings of a Russian place name, the BGN/PCGN-like one first: 'Осташков' → ['Ostashkov'],
 * 'Вышний Волочёк' → ['Vyshny Volochyok', 'Vyshny Volochek', 'Vyshniy Volochyok', …], 'Бологое' →
 * ['Bologoye', 'Bologoe'], 'Йошкар-Ола' → ['Yoshkar-Ola']. A few common variants where news spellings
 * genuinely differ ('-ий' → '-y'/'-iy', 'й' → 'y'/'i', 'ё' → 'yo'/'e', initial or post-vowel 'е' → 'ye'/'e';
 * 'ъ' and 'ь' dropped), at most six. Spaces and hyphens are kept, and each part's capital ('Ростов-на-Дону' →
 * 'Rostov-na-Donu'); characters other than Russian letters are kept as they are.
 */
export function englishSpellings(name: string): string[] {
  // Words and hyphenated parts, with the separators between them.
  const pieces = name.trim().split(/([\s-]+)/);
  let spellings = [''];
  for (const piece of pieces) {
    if (piece === '') continue;
    const lower = piece.toLowerCase();
    let options: string[];
    if (/^[\s-]+$/.test(piece)) options = [piece.replace(/\s+/g, ' ')];
    else if (lower === piece) options = partSpellings(lower);
    else options = partSpellings(lower).map((spelling) => spelling.charAt(0).toUpperCase() + spelling.slice(1));
    spellings = spellings.flatMap((spelling) => options.map((option) => spelling + option));
  }
  return [...new Set(spellings)].slice(0, MAX_SPELLINGS);
}
