// Only the two stemmer modules, not the packages' whole NLP pipelines (keeps the Lambda bundle small).
import StemmerEn from '@nlpjs/lang-en-min/src/stemmer-en.js';
import StemmerRu from '@nlpjs/lang-ru/src/stemmer-ru.js';
import { cleanText, foldText } from './normalise.js';

/**
 * Tokens and phrase matching shared by the region, organisation and platform matchers.
 *
 * Every word is reduced to a key (its Snowball stem, Russian or English by script) so that one
 * catalogue line matches every case form. Catalogue phrases become paths in a trie of keys; a
 * text is matched in one pass, walking the trie from each token (bounded by the longest phrase).
 */

const russian = new StemmerRu();
const english = new StemmerEn();
const CYRILLIC = /[\u0400-\u04FF]/;
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** The matching key of one folded word: its stem (Russian or English by script); digits as they are. */
export function keyOf(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  let key: string;
  if (/^\d/.test(word)) key = word;
  else if (CYRILLIC.test(word)) key = word.split('-').map((part) => russian.stemWord(part)).join('-');
  else key = english.stemWord(word.replace(/['’]s$/, ''));
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, key);
  return key;
}

/** What is known of a folded word: the word, its key, and its word classes once a text has asked. */
interface WordEntry {
  /** The word itself: one string per distinct word, which every token of it shares. */
  word: string;
  key: string;
  classes: number;
  /** How many classes were defined when `classes` was worked out (-1: not yet). */
  classesDefined: number;
  /** The next entry of the same hash. */
  next: WordEntry | null;
}
/**
 * Every word seen, by a hash of its characters: a text's words are looked up where they stand, with
 * no string cut from the text for a word seen before, and each token shares its word's one string (so
 * that later lookups by it compare pointers).
 */
const wordTable = new Map<number, WordEntry>();
let wordCount = 0;
const WORD_TABLE_LIMIT = 200_000;

/** FNV-1a over UTF-16 codes, cut to a small integer: the hash of the word table. */
const FNV_OFFSET = 0x811c9dc5;
const fnvStep = (hash: number, code: number): number => Math.imul(hash ^ code, 0x01000193);
const HASH_MASK = 0x3fffffff;

/** The entry of the word `text[start..end)` whose hash is `hash`, made on first sight. */
function wordEntryAt(text: string, start: number, end: number, hash: number): WordEntry {
  const first = wordTable.get(hash);
  for (let entry: WordEntry | null | undefined = first; entry; entry = entry.next) {
    if (entry.word.length === end - start && text.startsWith(entry.word, start)) return entry;
  }
  const word = text.slice(start, end);
  const key = keyOf(word);
  if (wordCount >= WORD_TABLE_LIMIT) {
    wordTable.clear();
    wordCount = 0;
  }
  const entry: WordEntry = { word, key, classes: 0, classesDefined: -1, next: wordTable.get(hash) ?? null };
  wordTable.set(hash, entry);
  wordCount += 1;
  return entry;
}

/**
 * Word classes: tests the matchers ask of every word of a text ('may a region's name start here?').
 * Each is answered once per distinct word, from its folded form and key, and carried by the word's
 * tokens as a bit of {@link Token.classes}: a bit test per token instead of a set lookup per token and
 * matcher.
 */
const wordClasses: Array<(folded: string, key: string) => boolean> = [];

/**
 * Defines a word class by its test, which must depend on the word alone and be ready to run (its
 * catalogues built); returns the class's bit. Defined while the matchers' modules load.
 */
export function defineWordClass(test: (folded: string, key: string) => boolean): number {
  if (wordClasses.length >= 30) throw new Error('lexicon: too many word classes');
  wordClasses.push(test);
  return 1 << (wordClasses.length - 1);
}

function classesOf(entry: WordEntry): number {
  // Worked out again when classes were defined since (while the matchers' modules load).
  if (entry.classesDefined !== wordClasses.length) {
    let classes = 0;
    for (let bit = 0; bit < wordClasses.length; bit += 1) if (wordClasses[bit]!(entry.word, entry.key)) classes |= 1 << bit;
    entry.classes = classes;
    entry.classesDefined = wordClasses.length;
  }
  return entry.classes;
}

/** A token of a cleaned text: a word or a punctuation mark, with offsets into the cleaned text. */
export interface Token {
  /** Folded text of the token. */
  folded: string;
  /** Surface text, as in the cleaned text. */
  surface: string;
  start: number;
  end: number;
  isWord: boolean;
  /** First letter is upper case in the cleaned text. */
  capitalised: boolean;
  /** Matching key (stem) for words; the mark itself for punctuation. */
  key: string;
  /** The word's classes (see {@link defineWordClass}), as bits; 0 for punctuation. */
  classes: number;
  /** Index of the sentence the token belongs to. */
  sentence: number;
}

// A dot joins a word only to a domain-like ending ('ДОМ.РФ', 'smarteka.com'): 'г.Москва' must split.
// Letters are spelled out (Latin, Latin-1/Extended, Cyrillic): without the `u` flag the scan is
// several times faster, and no other script matters to the catalogues.
const L = 'A-Za-z0-9\\u00C0-\\u024F\\u0400-\\u04FF';
/**
 * A token at a given position (sticky). Only its end is read (`test` sets `lastIndex`): the start is
 * found by char codes, so that no match array is made per token.
 */
const TOKEN = new RegExp(`[${L}]+(?:[-'’][${L}]+)*(?:\\.(?:рф|ru|com|org|net|рус)(?![${L}]))?|[,;:.!?()—–-]`, 'y');
/** A code TOKEN can start with: a letter or digit of `L`, or a mark. */
function startsToken(code: number): boolean {
  return (code >= 0x400 && code <= 0x4ff) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0xc0 && code <= 0x24f) || PUNCTUATION.has(code);
}
/**
 * The punctuation marks TOKEN matches (, ; : . ! ? ( ) — – -), by code: a mark is one character, and no
 * word starts with one. The codes are written out: a literal set is left out of bundles that only stem.
 */
const PUNCTUATION = new Set([0x2c, 0x3b, 0x3a, 0x2e, 0x21, 0x3f, 0x28, 0x29, 0x2014, 0x2013, 0x2d]);

/** Splits a cleaned text into tokens, with sentence numbers (a sentence ends at . ! ? or a blank line). */
export function tokenise(clean: string, folded: string = foldText(clean)): Token[] {
  return tokensOf(clean, folded, true);
}

/** {@link tokenise}; for a text's words the word table and their classes, else plain keys (classes 0). */
function tokensOf(clean: string, folded: string, inText: boolean): Token[] {
  const tokens: Token[] = [];
  let sentence = 0;
  let nextNewline = clean.indexOf('\n');
  for (let start = 0; start < folded.length; ) {
    const first = folded.charCodeAt(start);
    if (!startsToken(first)) {
      start += 1;
      continue;
    }
    TOKEN.lastIndex = start;
    TOKEN.test(folded);
    const end = TOKEN.lastIndex;
    if (nextNewline !== -1 && nextNewline < start) {
      sentence += 1;
      nextNewline = clean.indexOf('\n', start);
    }
    const isWord = !PUNCTUATION.has(first);
    // The word's hash, and whether it is written as it folds (in lower case), in one look at its characters.
    let hash = FNV_OFFSET;
    let lowerCase = true;
    for (let i = start; i < end; i += 1) {
      const code = folded.charCodeAt(i);
      hash = fnvStep(hash, code);
      if (lowerCase && clean.charCodeAt(i) !== code) lowerCase = false;
    }
    const entry = isWord && inText ? wordEntryAt(folded, start, end, hash & HASH_MASK) : null;
    const text = entry ? entry.word : folded.slice(start, end);
    // A word written in lower case is its folded form: one string for both.
    const surface = lowerCase ? text : clean.slice(start, end);
    tokens.push({
      folded: text,
      surface,
      start,
      end,
      isWord,
      capitalised: isWord && surface.charCodeAt(0) !== first,
      key: entry ? entry.key : isWord ? keyOf(text) : text,
      classes: entry ? classesOf(entry) : 0,
      sentence,
    });
    if (first === 0x2e || first === 0x21 || first === 0x3f) sentence += 1;
    start = end;
  }
  return tokens;
}

/** Nominative endings and the endings of the other case forms (a consonant ending is appended to). */
const ENDINGS: Array<[RegExp, string[]]> = [
  [/(ая|яя)$/, ['ой', 'ую', 'ей', 'юю', 'ые', 'ых']],
  [/(ий|ый|ой)$/, ['ого', 'ому', 'им', 'ым', 'ом', 'ие', 'ые', 'их', 'ых', 'ем', 'его', 'ему']],
  [/(ое|ее)$/, ['ого', 'ому', 'ым', 'ом', 'им']],
  [/ия$/, ['ии', 'ию', 'ией']],
  [/(ье|ие)$/, ['ья', 'ью', 'ьем', 'ье', 'ия', 'ию', 'ием', 'ии']],
  [/а$/, ['ы', 'и', 'е', 'у', 'ой', 'ою']],
  [/я$/, ['и', 'е', 'ю', 'ей', 'ею']],
  [/ь$/, ['и', 'ью', 'я', 'ю', 'ем', 'е']],
  [/й$/, ['я', 'ю', 'ем', 'е']],
  [/(?<=[бвгджзклмнпрстфхцчшщ])$/, ['а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ах']],
];

/**
 * Keys of a catalogue word in all its likely case forms: the nominative is inflected by its ending
 * and every form is stemmed, because the stemmer alone does not always give one stem for all forms
 * of a proper name ('Татарстан' and 'Татарстане').
 */
export function keysOfCatalogueWord(word: string): string[] {
  const known = catalogueKeyCache.get(word);
  if (known) return known;
  const keys = computeCatalogueKeys(word);
  catalogueKeyCache.set(word, keys);
  return keys;
}

/** A consonant, a vowel that may drop in the oblique cases, and a final ц, к or л ('Елец', 'Торжок', 'Орёл'). */
const FLEETING = /([бвгджзклмнпрстфхцчшщ])([еёо])([цкл])$/;

// Catalogue words repeat ('область' 46 times): compute their keys once while the catalogues load.
const catalogueKeyCache = new Map<string, string[]>();

function computeCatalogueKeys(word: string): string[] {
  const folded = foldText(cleanText(word));
  const keys = new Set<string>([keyOf(folded)]);
  if (CYRILLIC.test(folded) && folded.length > 3 && !folded.includes('-')) {
    // Every paradigm whose ending fits: 'Минстрой' declines as a noun, though it ends like an adjective.
    for (const [ending, replacements] of ENDINGS) {
      if (!ending.test(folded)) continue;
      for (const replacement of replacements) keys.add(keyOf(folded.replace(ending, replacement)));
    }
    // A fleeting vowel: 'Елец' → 'Ельца', 'Орёл' → 'Орла', 'Торжок' → 'Торжка', 'Череповец' → 'Череповца'.
    const fleeting = FLEETING.exec(folded);
    if (fleeting) {
      const stem = `${folded.slice(0, fleeting.index + 1)}${fleeting[1] === 'л' && fleeting[2] === 'е' ? 'ь' : ''}${fleeting[3]}`;
      for (const ending of ['а', 'у', 'е', 'ом']) keys.add(keyOf(`${stem}${ending}`));
    }
  } else if (CYRILLIC.test(folded) && folded.includes('-')) {
    // Hyphenated names inflect their last part only ('Ханты-Мансийского', 'Ростова-на-Дону' aside).
    const parts = folded.split('-');
    const head = parts.slice(0, -1).join('-');
    for (const last of keysOfCatalogueWord(parts[parts.length - 1]!)) keys.add(`${head.split('-').map((p) => russian.stemWord(p)).join('-')}-${last}`);
    // …or their first ('Ростове-на-Дону', 'Комсомольска-на-Амуре'), whose own stem may differ from its case
    // forms' ('ростов' stems to 'рост', 'ростове' to 'ростов').
    const tail = parts.slice(1).map((p) => russian.stemWord(p)).join('-');
    for (const first of keysOfCatalogueWord(parts[0]!)) keys.add(`${first}-${tail}`);
  }
  return [...keys];
}

/**
 * The part of a catalogue word every case form of it starts with: the word less its ending
 * ('Москва' → 'москв', 'Челябинская' → 'челябинск'), the whole word when it ends in a consonant.
 * Checked at match time so that a short stem does not match a common word ('Ямал' stems to 'яма').
 */
export function baseOfCatalogueWord(word: string): string {
  const folded = foldText(cleanText(word));
  if (!CYRILLIC.test(folded)) return '';
  // A hyphenated name may inflect its first part ('Комсомольска-на-Амуре', 'Петропавловска-Камчатского'):
  // its base is the first part's; the key still matches every part.
  if (folded.includes('-')) return baseOfCatalogueWord(folded.split('-')[0]!);
  // 'Елец' / 'Ельца': the base ends before a fleeting vowel.
  const fleeting = FLEETING.exec(folded);
  if (fleeting) return folded.slice(0, fleeting.index + 1);
  return folded.replace(/(ая|яя|ий|ый|ой|ое|ее)$/, '').replace(/[аяеоиьйуыю]$/, '');
}

function isAbbreviation(word: string): boolean {
  return word.length >= 2 && word === word.toUpperCase() && /\p{Lu}/u.test(word);
}

/** One position of a catalogue phrase: the keys its word may take, and the base its surface starts with. */
interface PhrasePosition {
  keys: string[];
  base: string;
  /** The text must write this word with a capital (a proper noun, e.g. 'Москва', not the word 'яма'). */
  capital: boolean;
  /** An abbreviation ('НАО', 'ДНР'): the text must write it in capitals, whole. */
  upper: boolean;
}

/** Tokens of a catalogue phrase, each as the set of keys it may take in a text. */
export function phraseKeys(phrase: string): PhrasePosition[] {
  const clean = cleanText(phrase);
  // A catalogue phrase's words need only their keys: the word table and the classes are for texts' words.
  const tokens = tokensOf(clean, foldText(clean), false);
  return tokens.map((token, index) =>
    token.isWord
      ? {
          keys: keysOfCatalogueWord(token.surface),
          base: isAbbreviation(token.surface) ? token.folded : baseOfCatalogueWord(token.surface),
          // The first word of a longer name is capitalised in a catalogue but not always in a text.
          capital: token.capitalised && !(index === 0 && tokens.length > 1),
          upper: isAbbreviation(token.surface),
        }
      : { keys: [token.key], base: '', capital: false, upper: false },
  );
}

/** Whether the tokens from `start` are written as the phrase's positions require: each word's base, capitals where needed. */
function fitsAt(positions: readonly PhrasePosition[], tokens: readonly Token[], start: number): boolean {
  for (let offset = 0; offset < positions.length; offset += 1) {
    const position = positions[offset]!;
    const token = tokens[start + offset]!;
    if (!token.folded.startsWith(position.base) || (!token.capitalised && position.capital)) return false;
    if (position.upper && !(token.surface === token.surface.toUpperCase() && token.folded === position.base)) return false;
  }
  return true;
}

interface TrieEntry<T> {
  value: T;
  positions: PhrasePosition[];
}

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  entries: TrieEntry<T>[];
}

/** A trie over token keys; {@link PhraseTrie.longestAt} finds the longest phrase starting at a token. */
export class PhraseTrie<T> {
  private readonly root: TrieNode<T> = { next: new Map(), entries: [] };
  private depth = 0;

  /** Adds a phrase (every combination of its tokens' keys) with its value. */
  add(phrase: string, value: T): void {
    const positions = phraseKeys(phrase);
    if (positions.length === 0) return;
    this.depth = Math.max(this.depth, positions.length);
    let frontier: TrieNode<T>[] = [this.root];
    for (const { keys } of positions) {
      const nextFrontier: TrieNode<T>[] = [];
      for (const node of frontier) {
        for (const key of keys) {
          let child = node.next.get(key);
          if (!child) {
            child = { next: new Map(), entries: [] };
            node.next.set(key, child);
          }
          if (!nextFrontier.includes(child)) nextFrontier.push(child);
        }
      }
      frontier = nextFrontier;
    }
    for (const node of frontier) node.entries.push({ value, positions });
  }

  /** True when some phrase starts with this key: a cheap test before {@link PhraseTrie.longestAt}. */
  startsWith(key: string): boolean {
    return this.root.next.has(key);
  }

  /** The keys some phrase starts with (for a caller that merges the first-key tests of several tries). */
  firstKeys(): IterableIterator<string> {
    return this.root.next.keys();
  }

  /** The longest phrase starting at `tokens[start]`: its values and the index after its last token. */
  longestAt(tokens: readonly Token[], start: number): { values: T[]; end: number } | null {
    let node = this.root;
    let best: { values: T[]; end: number } | null = null;
    for (let i = start; i < tokens.length && i - start < this.depth; i += 1) {
      const child = node.next.get(tokens[i]!.key);
      if (!child) break;
      node = child;
      if (node.entries.length) {
        let values: T[] | null = null;
        for (const entry of node.entries) if (fitsAt(entry.positions, tokens, start)) (values ??= []).push(entry.value);
        if (values) best = { values, end: i + 1 };
      }
    }
    return best;
  }
}

const STOPWORDS_RAW = `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
от меня еще нет о об из ему теперь когда даже ну ли если уже или ни быть был него до вас нибудь уж вам ведь там потом себя
ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот
того потому этого какой ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех можно при после над больше
тот через эти нас про всего них какая много три эту моя свою этой перед том такой им более всегда между также который которые
которая которых это года году год г гг
the a an and or of to in on for by with at from as is are was were be been being this that these those it its into over
under about than then also which who whom has have had not no but if so such their there they he she his her we our you`;

/** Stems of function words (Russian and English): left out of the search index, and named last in the classifier's reasons. */
export const STOPWORDS: ReadonlySet<string> = new Set(STOPWORDS_RAW.split(/\s+/).filter(Boolean).map((w) => keyOf(w)));
