/**
 * One pass over the word starts of a text that finds the matches of many bounded cue patterns, each
 * exactly as `text.matchAll(/(?<![a-zа-яё0-9])(?:SOURCE)(?![a-zа-яё0-9])/g)` would.
 *
 * Scanning a text once per pattern tries every pattern at every position. Here each position a
 * match may start at (no word character before it) is read once: the word starting there (or the
 * single other character) is looked up in a memo saying which patterns can begin with that word,
 * and only those patterns are run there, anchored (sticky). The memo is computed from the patterns
 * themselves: each pattern's top-level alternatives are parsed into the literal texts their matches
 * start with ('рекомендова', 'в', 'по', 'практик' …), and a word is kept for an alternative when it
 * agrees with one of them (one is a prefix of the other). That is a necessary condition (a match
 * covers its whole first word: the trailing bound forbids stopping inside one), so no match is lost; and the alternatives are tried in their order with the very same regex,
 * anchored, so no match differs. test/extraction/cue-scan.test.ts compares both on every labelled text.
 */

const WORD_CHAR = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0x430 && code <= 0x44f) || code === 0x451;

/** A regex of the subset the cue patterns use, as a tree. */
type Node =
  | { kind: 'atom'; source: string }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; item: Node; min: number; max: number; quantifier: string }
  | { kind: 'look'; source: string };

/** Parses a regex source (no flags; groups, lookarounds, classes, escapes, quantifiers). */
function parse(source: string): Node {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`cue-scan: ${what} at ${i} in /${source}/`);
  };
  const alternation = (): Node => {
    const options = [sequence()];
    while (source[i] === '|') {
      i += 1;
      options.push(sequence());
    }
    return options.length === 1 ? options[0]! : { kind: 'alt', options };
  };
  const sequence = (): Node => {
    const items: Node[] = [];
    while (i < source.length && source[i] !== '|' && source[i] !== ')') items.push(quantified(atom()));
    return { kind: 'seq', items };
  };
  const atom = (): Node => {
    const ch = source[i]!;
    if (ch === '(') {
      const start = i;
      let look = false;
      if (source.startsWith('(?:', i)) i += 3;
      else if (source.startsWith('(?=', i) || source.startsWith('(?!', i)) (i += 3), (look = true);
      else if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) (i += 4), (look = true);
      else if (source[i + 1] === '?') fail('unsupported group');
      else i += 1;
      const inner = alternation();
      if (source[i] !== ')') fail('unclosed group');
      i += 1;
      return look ? { kind: 'look', source: source.slice(start, i) } : inner;
    }
    if (ch === '[') {
      const start = i;
      i += 1;
      if (source[i] === '^') i += 1;
      if (source[i] === ']') i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      if (source[i] !== ']') fail('unclosed class');
      i += 1;
      return { kind: 'atom', source: source.slice(start, i) };
    }
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined) fail('trailing escape');
      const length = next === 'u' ? 6 : next === 'x' ? 4 : /[1-9bBk]/.test(next!) ? fail('unsupported escape') : 2;
      const atomSource = source.slice(i, i + length);
      i += length;
      return { kind: 'atom', source: atomSource };
    }
    if ('*+?{}|)^$'.includes(ch)) fail(`unexpected ${ch}`);
    i += 1;
    return { kind: 'atom', source: ch };
  };
  const quantified = (item: Node): Node => {
    let node = item;
    for (;;) {
      const ch = source[i];
      let min: number;
      let max: number;
      const start = i;
      if (ch === '*' || ch === '+') (min = ch === '*' ? 0 : 1), (max = Infinity), (i += 1);
      else if (ch === '?') (min = 0), (max = 1), (i += 1);
      else if (ch === '{') {
        const bounds = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i));
        if (!bounds) fail('bad quantifier');
        min = Number(bounds![1]);
        max = bounds![2] === undefined ? min : bounds![3] === '' ? Infinity : Number(bounds![3]);
        i += bounds![0].length;
      } else return node;
      if (source[i] === '?') i += 1; // lazy: the same language
      node = { kind: 'repeat', item: node, min, max, quantifier: source.slice(start, i) };
    }
  };
  const tree = alternation();
  if (i !== source.length) fail('unbalanced )');
  return tree;
}

/** The node written back as a regex source (lookarounds kept unless `dropLooks`, as inside prefix closures). */
function sourceOf(node: Node, dropLooks = false): string {
  switch (node.kind) {
    case 'atom':
      return node.source;
    case 'look':
      return dropLooks ? '' : node.source;
    case 'seq':
      return node.items.map((item) => sourceOf(item, dropLooks)).join('');
    case 'alt':
      return `(?:${node.options.map((option) => sourceOf(option, dropLooks)).join('|')})`;
    case 'repeat':
      return `(?:${sourceOf(node.item, dropLooks)})${node.quantifier}`;
  }
}

/** A literal start of an alternative's matches; `closed` when it is a whole match, `open` when more may follow. */
interface Start {
  text: string;
  closed: boolean;
}

/** Past this many starts the literal analysis gives up on a node (it then accepts every word). */
const MAX_STARTS = 256;

/**
 * Literal strings every match of the node starts with, one of them at least (a superset of the
 * truth: a class or an escape stops the literal text, a lookaround is ignored, an optional part
 * leaves the start open). With `spaces`, white space is read too, as the text is keyed for a second
 * word: `\s` and a run `\s+` are one ' ' (every run of white space in the text is one ' ' there).
 */
function startsOf(node: Node, spaces = false): Start[] {
  switch (node.kind) {
    case 'atom':
      if (spaces && node.source === '\\s') return [{ text: ' ', closed: true }];
      return node.source.length === 1 && node.source !== '.' ? [{ text: node.source, closed: true }] : [{ text: '', closed: false }];
    case 'look':
      return [{ text: '', closed: true }];
    case 'alt':
      return node.options.flatMap((option) => startsOf(option, spaces));
    case 'repeat':
      if (spaces && node.min >= 1 && node.item.kind === 'atom' && node.item.source === '\\s') return [{ text: ' ', closed: true }];
      return node.min === 0 ? [{ text: '', closed: false }] : startsOf(node.item, spaces).map(({ text }) => ({ text, closed: false }));
    case 'seq': {
      let starts: Start[] = [{ text: '', closed: true }];
      for (const item of node.items) {
        if (!starts.some((start) => start.closed)) break;
        const next = startsOf(item, spaces);
        // White space next to white space is still one run.
        starts = starts.flatMap((start) => (start.closed ? next.map((after) => ({ text: (start.text + after.text).replace(/ {2,}/g, ' '), closed: after.closed })) : [start]));
        if (starts.length > MAX_STARTS) return [{ text: '', closed: false }];
      }
      return starts;
    }
  }
}

/** The atoms a match of the node may start with, and whether it may be empty. */
function firstAtoms(node: Node): { atoms: string[]; nullable: boolean } {
  switch (node.kind) {
    case 'atom':
      return { atoms: [node.source], nullable: false };
    case 'look':
      return { atoms: [], nullable: true };
    case 'alt': {
      const options = node.options.map(firstAtoms);
      return { atoms: options.flatMap((option) => option.atoms), nullable: options.some((option) => option.nullable) };
    }
    case 'repeat': {
      const item = firstAtoms(node.item);
      return { atoms: item.atoms, nullable: node.min === 0 || item.nullable };
    }
    case 'seq': {
      const atoms: string[] = [];
      for (const item of node.items) {
        const first = firstAtoms(item);
        atoms.push(...first.atoms);
        if (!first.nullable) return { atoms, nullable: false };
      }
      return { atoms, nullable: true };
    }
  }
}

const ALWAYS = (): boolean => true;

/** One-character tests of atoms that are not a plain character (escapes, classes), compiled once each. */
const atomTests = new Map<string, RegExp>();
function atomAccepts(atom: string, ch: string): boolean {
  if (atom.length === 1 && atom !== '.') return atom === ch;
  let test = atomTests.get(atom);
  if (!test) {
    test = new RegExp(`^${atom}$`);
    atomTests.set(atom, test);
  }
  return test.test(ch);
}

/** A test of the first character of a match: one of the first atoms accepts it. */
function firstCharTest(node: Node): { atoms: string[]; test: (ch: string) => boolean } {
  const { atoms, nullable } = firstAtoms(node);
  const distinct = [...new Set(atoms)];
  return { atoms: distinct, test: nullable ? ALWAYS : (ch) => distinct.some((atom) => atomAccepts(atom, ch)) };
}

/** Every white-space character `\s` matches. */
const WHITE_SPACE = ' \t\n\v\f\r\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const WHITE_SPACE_CODES = new Set([...WHITE_SPACE].map((ch) => ch.charCodeAt(0)));
const isSpace = (code: number): boolean => WHITE_SPACE_CODES.has(code);

/** A match with one of these starts may begin with the word `key` (and so cover it). */
const startAllows = (starts: readonly Start[], key: string): boolean =>
  starts.some(({ text, closed }) => text.startsWith(key) || (!closed && key.startsWith(text)));

/**
 * A match with one of these starts (read with `spaces`) may begin with the word `word` followed by
 * white space and `next` (a word, or one other character): `pair` is `${word} ${next}`. A match that
 * ends cannot end inside `next` when it is a word (the trailing bound), nor inside `word`; it may end
 * after `word` or in the white space after it.
 */
const pairAllows = (starts: readonly Start[], word: string, pair: string): boolean =>
  starts.some(({ text, closed }) => text.startsWith(pair) || (pair.startsWith(text) && (!closed || text.length <= word.length + 1)));

/** Words longer than this are not looked up (every pattern is tried there): keeps the memo and the closure tests cheap. */
const MAX_KEY = 40;
const MEMO_LIMIT = 100_000;
/** Past this many alternatives for a word, the next word is looked at too. */
const PAIR_FROM = 3;

/** A pattern's top-level alternatives, tried in order at a position as the alternation tries them. */
interface Alternative {
  pattern: number;
  anchored: RegExp;
  /** What its matches start with, for the test of words. */
  starts: Start[];
  /** The same with white space read, for the test of a word and the next. */
  spacedStarts: Start[];
  /** The first character of a match passes this. */
  first: { atoms: string[]; test: (ch: string) => boolean };
}

/** Finds the bounded matches of several patterns in one pass; see the file comment. */
export class CueScanner {
  private readonly alternatives: Alternative[] = [];
  /** Word → the alternatives that may start with it, by pattern then order. */
  private readonly memo = new Map<string, Alternative[]>();
  /** `${word} ${next}` → the alternatives that may start with the word and the next one after white space. */
  private readonly pairMemo = new Map<string, Alternative[]>();
  private readonly patterns: number;

  /** @param sources Regex sources over folded text, as the cue files write them. */
  constructor(sources: readonly string[]) {
    this.patterns = sources.length;
    sources.forEach((source, pattern) => {
      // Parsed first, so that a pattern this file cannot read is an error rather than a wrong scan.
      const tree = parse(source);
      // `(?:A|B)(?!w)` at a position is `A(?!w)`, or else `B(?!w)`: each alternative is tried alone.
      for (const option of tree.kind === 'alt' ? tree.options : [tree]) {
        this.alternatives.push({
          pattern,
          anchored: new RegExp(`(?<![a-zа-яё0-9])(?:${sourceOf(option)})(?![a-zа-яё0-9])`, 'y'),
          starts: startsOf(option),
          spacedStarts: startsOf(option, true),
          first: firstCharTest(option),
        });
      }
    });
    // The scan does not stop at white space: no pattern may start there.
    const firstAtomsOfAll = new Set(this.alternatives.flatMap((alternative) => alternative.first.atoms));
    if (this.alternatives.some((alternative) => alternative.first.test === ALWAYS) || [...firstAtomsOfAll].some((atom) => [...WHITE_SPACE].some((ch) => atomAccepts(atom, ch)))) throw new Error('cue-scan: a pattern may start with white space');
  }

  /** The alternatives a match of which may start with `key` (a whole word or one other character). */
  private candidates(key: string): Alternative[] {
    if (key.length > MAX_KEY) return this.alternatives;
    let found = this.memo.get(key);
    if (found === undefined) {
      // What cannot start with the word's first one or two characters cannot start with the word.
      const parent = key.length > 2 ? this.candidates(key.slice(0, 2)) : key.length === 2 ? this.candidates(key[0]!) : this.alternatives;
      found = parent.filter((alternative) => alternative.first.test(key[0]!) && startAllows(alternative.starts, key));
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(key, found);
    }
    return found;
  }

  /**
   * The alternatives that may start with `word` and `next` after white space: for a word many
   * alternatives may start with ('в', 'по', 'на'), whose next word rules most of them out.
   */
  private pairCandidates(word: string, next: string, alternatives: Alternative[]): Alternative[] {
    if (next.length > MAX_KEY) return alternatives;
    const pair = `${word} ${next}`;
    let found = this.pairMemo.get(pair);
    if (found === undefined) {
      found = alternatives.filter((alternative) => pairAllows(alternative.spacedStarts, word, pair));
      if (this.pairMemo.size >= MEMO_LIMIT) this.pairMemo.clear();
      this.pairMemo.set(pair, found);
    }
    return found;
  }

  /**
   * The matches of every pattern in `text` (`[start, end]` pairs in order), as `matchAll` of the bounded
   * pattern gives them. Matches may start word by word: at a run of word characters, or at any other
   * character that is not white space and follows no word character (no pattern starts with white
   * space: checked when the scanner is built). Runs are found by char codes, and matches by `test`
   * (its `lastIndex` is the match's end): no match array is made per word.
   */
  scan(text: string): Array<Array<[number, number]>> {
    const matches = Array.from({ length: this.patterns }, (): Array<[number, number]> => []);
    // Where each pattern's next search starts (after its last match, as matchAll goes on).
    const resume = new Array<number>(this.patterns).fill(0);
    for (let position = 0; position < text.length; ) {
      const code = text.charCodeAt(position);
      let next = position + 1;
      if (WORD_CHAR(code)) {
        while (next < text.length && WORD_CHAR(text.charCodeAt(next))) next += 1;
      } else if (isSpace(code) || (position > 0 && WORD_CHAR(text.charCodeAt(position - 1)))) {
        position = next;
        continue;
      }
      const key = text.slice(position, next);
      let candidates = this.candidates(key);
      if (candidates.length > PAIR_FROM && WORD_CHAR(code) && isSpace(text.charCodeAt(next))) {
        let after = next + 1;
        while (after < text.length && isSpace(text.charCodeAt(after))) after += 1;
        if (after < text.length) {
          let afterEnd = after + 1;
          if (WORD_CHAR(text.charCodeAt(after))) while (afterEnd < text.length && WORD_CHAR(text.charCodeAt(afterEnd))) afterEnd += 1;
          candidates = this.pairCandidates(key, text.slice(after, afterEnd), candidates);
        }
      }
      let matched = -1;
      for (const { pattern, anchored } of candidates) {
        // The first alternative that matches wins its pattern here.
        if (pattern === matched || resume[pattern]! > position) continue;
        anchored.lastIndex = position;
        if (!anchored.test(text)) continue;
        matched = pattern;
        const matchEnd = anchored.lastIndex;
        matches[pattern]!.push([position, matchEnd]);
        resume[pattern] = matchEnd > position ? matchEnd : position + 1;
      }
      position = next;
    }
    return matches;
  }
}
