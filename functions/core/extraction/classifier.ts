import type { RegionMention } from '../model.js';
import modelData from './classifier-model.json' with { type: 'json' };
import { CueScanner } from './cue-scan.js';
import { CUE_FAMILIES, FUTURE_STATED, HYPOTHETICAL, MODAL, NEGATION, PERSONAL_CONTEXT, PRACTICE_CONTEXT, QUALIFIERS, SENTENCE_CONTEXTS } from './cues.js';
import { STOPWORDS, type Token } from './lexicon.js';

/**
 * The practice-announcement classifier: logistic regression over explainable features, with a
 * calibrated probability.
 *
 * Features are cue families (cues.ts) in their context (title, lead, the sentence naming a region, a
 * municipality, a named practice, a federal authority, a future or background tense, a rating …), a
 * region's own practice ('нижегородская система', 'опыт Татарстана'), facts from the other
 * extractors (a region of origin, an adopter) and the stemmed words of the text and of its title.
 * The weights, the calibration and the vocabulary are data (classifier-model.json) written by
 * `npm run train` from the labelled sets; every fired feature with a weight is a reason.
 */

/** What the classifier reads: the cleaned text and what the other extractors found in it. */
export interface ClassifierInput {
  clean: string;
  /** Folded `clean` (same offsets). */
  folded: string;
  /** Offset in `clean` where the title ends. */
  titleEnd: number;
  tokens: readonly Token[];
  /** Federal subjects named, with token spans. */
  regionHits: ReadonlyArray<{ code: string; start: number; end: number; adjectival: boolean }>;
  regions: readonly RegionMention[];
  /** Number of practice names found. */
  practicesNamed: number;
  /** Organisation ids found. */
  organisations: readonly string[];
  /** People named, as token spans (end exclusive); absent when the caller found none. */
  personSpans?: ReadonlyArray<{ start: number; end: number }>;
  language: 'ru' | 'en';
}

/** A feature that fired, with its value and the text that fired it (for reasons). */
export interface FiredFeature {
  value: number;
  evidence: string;
}

/** The classifier's verdict. */
export interface Classification {
  isPracticeAnnouncement: boolean;
  /** Calibrated probability that the article is an announcement. */
  confidence: number;
  /** Fired features with their contributions to the log-odds, most influential first. */
  reasons: string[];
  /** Calibrated log-odds (before the logistic). */
  score: number;
}

/** The model file: weights by feature name, the intercept, the calibration and the decision threshold. */
export interface ClassifierModel {
  bias: number;
  /**
   * The map from the raw log-odds z to the calibrated ones: a·z + b, or with `aBelow` two slopes that
   * meet at z = 0 (aBelow·z + b below it). Models written before the two slopes have `a` and `b` alone.
   */
  calibration: { a: number; b: number; aBelow?: number };
  threshold: number;
  weights: Record<string, number>;
}

/** A classifier: the shipped one by default; training and cross-validation pass their own models. */
export type AnnouncementClassifier = (input: ClassifierInput) => Classification;

const SHIPPED: ClassifierModel = modelData;

const CONTEXT_PATTERNS = [...QUALIFIERS, ...SENTENCE_CONTEXTS].filter((context) => context.pattern);
/** A pattern bounded as the scanner bounds it (no letter or digit just before or after), for one sentence at a time. */
const bounded = (source: string): RegExp => new RegExp(`(?<![a-zа-яё0-9])(?:${source})(?![a-zа-яё0-9])`);
/** A person's role and a practice noun: tested only on the sentences of the contest kinds' cues, not scanned everywhere. */
let personalTests: { person: RegExp; practice: RegExp } | null = null;
const personalPatterns = (): { person: RegExp; practice: RegExp } => (personalTests ??= { person: bounded(PERSONAL_CONTEXT.pattern!), practice: bounded(PRACTICE_CONTEXT.pattern!) });
/**
 * Every cue family and sentence context, matched in one pass over the text's word starts (each as a
 * bounded regex: no letter or digit just before or after a match). Built on first use.
 */
let scanner: CueScanner | null = null;
const cueScanner = (): CueScanner => (scanner ??= new CueScanner([...CUE_FAMILIES.map((family) => family.patterns.join('|')), ...CONTEXT_PATTERNS.map((context) => context.pattern!)]));
/**
 * Frames, in precedence order: a headline or lead that announces a contest call, a result still to
 * come, a rating or a forum. Inside a frame the announcement families are features of their own
 * (`cue:<family>|<frame>`): practice vocabulary in a call for applications says little.
 */
const FRAMES = ['contest-call', 'pending-result', 'rating', 'forum'];
/** Frames that rename only the cues of their own sentences (see `documentFeatures`). */
const LOCAL_FRAMES: ReadonlySet<string> = new Set(['forum']);
/** What a call for applications calls for: a contest, a library, a selection (one of them beside a call cue makes it a call). */
const CALLED_BY: ReadonlySet<string> = new Set(['contest', 'library', 'selection']);
/**
 * Families a local frame leaves alone: a project selected at a forum ('отобран на форуме «Сильные идеи
 * для нового времени»') is selected all the same (ninth session: devtexts nested CV 0.841 → 0.840,
 * transfer 0.744 → 0.759, 88 retold sets 0.875 → 0.885; contest results too lost devtexts 0.829).
 */
const UNFRAMED_LOCALLY: ReadonlySet<string> = new Set(['selection']);
/**
 * Families a person's award qualifies ('стала лауреатом премии «Врач года»'): the contest kinds, in a
 * sentence naming a person's role and no practice. Our retold sets fill its weights in (real texts
 * have too few personal awards to learn from).
 */
const PERSONAL_FAMILIES: ReadonlySet<string> = new Set(['contest', 'contest-result', 'contest-winner', 'selection']);
const FRAMED = new Set([...CUE_FAMILIES.filter((family) => family.polarity >= 0).map((family) => family.id), 'regional-practice']);
const POSITIVE = new Set([...CUE_FAMILIES.filter((family) => family.polarity > 0).map((family) => family.id), 'regional-practice']);
const CONTEXT_IDS = [...SENTENCE_CONTEXTS.map((context) => context.id), 'concrete'];
const QUALIFIER_INDEX = new Map(QUALIFIERS.map(({ id }, index) => [id, index + 1]));
const WHERE_INDEX = { title: 0, lead: 1, body: 2 };
const FAMILY_LABELS = new Map<string, string>([...CUE_FAMILIES.map((family): [string, string] => [family.id, family.label]), ['regional-practice', 'regional practice']]);

/** A cue whose verb has the award's recipient as its subject ('получил награду', 'стала лауреатом', 'won'), or as its object ('вручил', 'наградил'). */
const RECEIVING = /^(?:получ|удостоен|награжден|стал|признан|занял|завоевал|победил|won |received|became|was awarded|named)/;
const GIVING = /^(?:вручил|наградил|присудил|присвоил|awarded|presented)/;

/** Nouns a region's practice is named by ('нижегородская система', 'опыт Татарстана', 'Moscow's model'). */
const PRACTICE_NOUN = /^(практик|опыт|решени|проект|модел|инициатив|кейс|наработк|технологи|механизм|подход|систем|программ|стандарт|методик|practice|practician|experience|solution|project|model|initiative|approach|system|programme|program|standard|scheme|mechanism)/;

/** A demonstrative before a practice noun ('этот опыт', 'такую же программу', 'this model'): a practice named before. */
const ANAPHORIC_PRACTICE = /(?<![a-zа-яё])(?:эт(?:от|у|ой|ого|и|их|ом)|так(?:ой|ую|ого|ие|их|ом|ая)(?:\s+же)?|this|that|these|such)\s+(?:[a-zа-яё-]+\s+)?(?:опыт|практик|модел|решени|подход|систем|механизм|проект|программ|experience|practice|model|approach|solution|system|scheme|initiative|programme|program)/g;

/** A Russian adjective in any case form, or an English word that may modify a noun (a rough test). */
const ADJECTIVE = /(?:ая|яя|ий|ый|ой|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими|best|new|own|digital|regional|municipal|social|successful)$/;

const DOC_REASONS: Record<string, string> = {
  'doc:origin': 'a region owns the practice',
  'doc:adopter': 'a region takes up a practice',
  'doc:origin+adopter': 'one region takes up another region’s practice',
  'doc:practice-named': 'a concrete practice is named',
  'doc:regions:0': 'no region named',
  'doc:regions:2+': 'several regions named',
  'doc:lang:en': 'English text',
};

interface CueMatch {
  start: number;
  end: number;
  sentence: number;
  /** Index of the token the match starts at. */
  token: number;
}

/** Index of the token at a character offset (the first token ending after it). */
function tokenFinder(tokens: readonly Token[]): (offset: number) => number {
  return (offset) => {
    let lo = 0;
    let hi = tokens.length - 1;
    if (hi < 0) return 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tokens[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** A word of the given sentence (a module function: a closure per hit costs more than the test). */
function isWordIn(token: Token | undefined, sentence: number): token is Token {
  return token !== undefined && token.sentence === sentence && token.isWord;
}

/** Spans where a named region owns a practice: an adjective before a practice noun, a genitive or possessive after one. */
function regionalPracticeMatches(input: ClassifierInput): CueMatch[] {
  const { tokens } = input;
  const matches: CueMatch[] = [];
  for (const hit of input.regionHits) {
    const first = tokens[hit.start]!;
    const last = tokens[hit.end - 1]!;
    // 'нижегородская система', 'калужскую модель', 'Moscow's model', 'the Tula model'.
    if (hit.adjectival || /['’]s$/.test(last.folded) || input.language === 'en') {
      // The noun follows at once or after one adjective ('калужскую инвестиционную модель').
      let next = tokens[hit.end];
      if (isWordIn(next, first.sentence) && !PRACTICE_NOUN.test(next.folded) && ADJECTIVE.test(next.folded)) next = tokens[hit.end + 1];
      if (isWordIn(next, first.sentence) && PRACTICE_NOUN.test(next.folded)) matches.push({ start: first.start, end: next.end, sentence: first.sentence, token: hit.start });
    }
    // 'опыт Татарстана', 'практику Москвы', 'the experience of Moscow'.
    let b = hit.start - 1;
    if (tokens[b]?.folded === 'the') b -= 1;
    if (tokens[b]?.folded === 'of') b -= 1;
    const before = tokens[b];
    if (isWordIn(before, first.sentence) && PRACTICE_NOUN.test(before.folded)) matches.push({ start: before.start, end: last.end, sentence: first.sentence, token: b });
  }
  return matches.sort((a, b) => a.start - b.start);
}

/**
 * How much of a text is read: the headline and the first paragraphs say what kind of news it is, and
 * the cue scan must stay cheap on a 200 KB page. Every labelled text is shorter, so the model is
 * trained on exactly what it reads.
 */
export const CLASSIFIED_CHARS = 10_000;

/** Words at which the length feature is 0, and its bound either side (in doublings). */
const LENGTH_MIDPOINT = 200;
const LENGTH_CLAMP = 2;

/**
 * A headline is one sentence. When the text's first line is a whole paragraph (a page without a
 * headline element, a wire story starting with its dateline), only its first sentence is read as the
 * title: the rest is lead, so that it neither counts as headline evidence nor sets the frame.
 */
export function headlineEnd(input: ClassifierInput): number {
  const first = input.tokens[0];
  if (!first || first.end > input.titleEnd) return input.titleEnd;
  let end = first.end;
  for (const token of input.tokens) {
    if (token.end > input.titleEnd || token.sentence !== first.sentence) break;
    end = token.end;
  }
  return end;
}

/** The input cut to its first {@link CLASSIFIED_CHARS} characters after the title (offsets unchanged), its title to one sentence. */
function head(full: ClassifierInput): ClassifierInput {
  const input = { ...full, titleEnd: headlineEnd(full) };
  const limit = input.titleEnd + CLASSIFIED_CHARS;
  if (input.clean.length <= limit) return input;
  // Tokens are in text order: the ones ending within the limit are a prefix.
  let kept = 0;
  while (kept < input.tokens.length && input.tokens[kept]!.end <= limit) kept += 1;
  const tokens = input.tokens.slice(0, kept);
  return {
    ...input,
    clean: input.clean.slice(0, limit),
    folded: input.folded.slice(0, limit),
    tokens,
    regionHits: input.regionHits.filter((hit) => hit.end <= tokens.length),
  };
}

/**
 * The features of a text with their values. Cue features are named `cue:<family>` with suffixes
 * for where they fire (`@title`, `@lead`, `&<context>`, `:many`); facts from the other extractors
 * `doc:…`; stems `w:<stem>` and title stems `t:<stem>`.
 */
export function documentFeatures(full: ClassifierInput): Map<string, FiredFeature> {
  const input = head(full);
  const { clean, folded, tokens, titleEnd } = input;
  const features = new Map<string, FiredFeature>();
  const fire = (name: string, value: number, evidence: string): void => {
    if (!features.has(name)) features.set(name, { value, evidence });
  };
  // A cue fires with its matched words as evidence; only the first firing keeps them, so they are cut
  // from the text only then (one closure per document, not one per match).
  const fireMatch = (name: string, match: CueMatch): void => {
    if (!features.has(name)) features.set(name, { value: 1, evidence: surface(match.start, match.end) });
  };
  const tokenAt = tokenFinder(tokens);
  const sentenceOf = (offset: number): number => tokens[tokenAt(offset)]?.sentence ?? 0;
  const surface = (start: number, end: number): string => clean.slice(start, end).replace(/\s+/g, ' ').trim();

  // Which sentences have each qualifier and context.
  const contexts = new Map<string, Set<number>>();
  const region = new Set<number>();
  const codesBySentence = new Map<number, Set<string>>();
  for (const hit of input.regionHits) {
    const sentence = tokens[hit.start]!.sentence;
    region.add(sentence);
    const codes = codesBySentence.get(sentence) ?? new Set<string>();
    codes.add(hit.code);
    codesBySentence.set(sentence, codes);
  }
  contexts.set('region', region);
  contexts.set('two-regions', new Set([...codesBySentence].filter(([, codes]) => codes.size >= 2).map(([sentence]) => sentence)));
  const scanned = cueScanner().scan(folded);
  CONTEXT_PATTERNS.forEach(({ id, accept }, index) => {
    const sentences = new Set<number>();
    for (const [start, end] of scanned[CUE_FAMILIES.length + index]!) {
      if (accept && !accept(clean.slice(start, end))) continue;
      sentences.add(sentenceOf(start));
    }
    contexts.set(id, sentences);
  });
  /** A word of the `width` words before the match (same sentence) passes the test. */
  const wordBefore = (match: CueMatch, width: number, test: RegExp): boolean => {
    let seen = 0;
    for (let i = match.token - 1; i >= 0 && seen < width; i -= 1) {
      const token = tokens[i]!;
      if (token.sentence !== match.sentence) break;
      if (!token.isWord) continue;
      seen += 1;
      if (test.test(token.folded)) return true;
    }
    return false;
  };
  /** A word inside the match passes the test ('в число призёров не вошла': a cue matched across its own negation). */
  const wordWithin = (match: CueMatch, test: RegExp): boolean => {
    for (let i = match.token + 1; i < tokens.length && tokens[i]!.start < match.end; i += 1) if (tokens[i]!.isWord && test.test(tokens[i]!.folded)) return true;
    return false;
  };
  // A sentence's folded text, its spans found on demand (only the contest kinds' sentences ask).
  let sentenceSpans: Map<number, [number, number]> | null = null;
  const sentenceText = (sentence: number): string => {
    if (!sentenceSpans) {
      sentenceSpans = new Map();
      for (const token of tokens) {
        const span = sentenceSpans.get(token.sentence);
        if (span) span[1] = token.end;
        else sentenceSpans.set(token.sentence, [token.start, token.end]);
      }
    }
    const [start, end] = sentenceSpans.get(sentence) ?? [0, 0];
    return folded.slice(start, end);
  };
  // Whether a sentence is about a person's award (a role noun and no practice noun), on demand.
  const personalBySentence = new Map<number, boolean>();
  const aboutAPerson = (sentence: number): boolean => {
    let personal = personalBySentence.get(sentence);
    if (personal === undefined) {
      const text = sentenceText(sentence);
      const { person, practice } = personalPatterns();
      personal = person.test(text) && !practice.test(text);
      personalBySentence.set(sentence, personal);
    }
    return personal;
  };
  // A person named as the award's subject or recipient, right before or after the cue ('Вячеслав Духин
  // получил награду', 'вручил диплом Ирине Козловой'), in a sentence with no practice noun.
  const namedRecipient = (match: CueMatch): boolean => {
    if (!input.personSpans?.length) return false;
    let last = match.token;
    while (tokens[last + 1] && tokens[last + 1]!.start < match.end) last += 1;
    // Who receives: the subject of a receiving verb, the object of a giving one (the official who hands
    // a prize to a town is no recipient).
    const words = folded.slice(match.start, match.end);
    const receiving = RECEIVING.test(words);
    const giving = GIVING.test(words);
    const near = input.personSpans.some((span) => tokens[span.start]?.sentence === match.sentence && ((receiving && span.end >= match.token - 2 && span.end <= match.token) || (giving && span.start > match.token && span.start <= last + 3)));
    return near && !personalPatterns().practice.test(sentenceText(match.sentence));
  };
  const qualifierOf = (family: string, match: CueMatch): string | null => {
    for (const { id } of QUALIFIERS) {
      if (id === family) continue;
      if (id === 'visit' && (family === 'study' || family === 'delegation' || family === 'adoption')) continue;
      if (id === 'personal') {
        if (PERSONAL_FAMILIES.has(family) && (aboutAPerson(match.sentence) || namedRecipient(match))) return id;
        continue;
      }
      if (id === 'negated' ? wordBefore(match, 2, NEGATION) || wordWithin(match, NEGATION) : id === 'hypothetical' ? wordBefore(match, 3, FUTURE_STATED.has(family) ? MODAL : HYPOTHETICAL) : contexts.get(id)!.has(match.sentence)) return id;
    }
    return null;
  };
  // A concrete subject: a region, a municipality or a named practice in the sentence.
  const concreteSentences = new Set([...contexts.get('region')!, ...contexts.get('municipality')!, ...contexts.get('named')!]);
  // 'Эту практику надо распространять', 'this experience should be replicated': a demonstrative points back to
  // the practice the sentence or two before described, where its region or name stands.
  for (const match of folded.matchAll(ANAPHORIC_PRACTICE)) {
    const sentence = sentenceOf(match.index);
    if (concreteSentences.has(sentence - 1) || concreteSentences.has(sentence - 2)) concreteSentences.add(sentence);
  }
  contexts.set('concrete', concreteSentences);
  const firstBodySentence = tokens.find((token) => token.start >= titleEnd)?.sentence ?? Number.MAX_SAFE_INTEGER;

  const families: Array<{ id: string; matches: CueMatch[] }> = CUE_FAMILIES.map((family, index) => ({
    id: family.id,
    matches: scanned[index]!.map(([start, end]) => {
      const token = tokenAt(start);
      return { start, end, sentence: tokens[token]?.sentence ?? 0, token };
    }),
  }));
  families.push({ id: 'regional-practice', matches: regionalPracticeMatches(input) });
  const placed = families.map(({ id, matches }) => ({
    id,
    matches: matches.map((match) => ({ match, qualifier: qualifierOf(id, match), where: match.start < titleEnd ? 'title' : match.sentence <= firstBodySentence + 1 ? 'lead' : 'body' })),
  }));
  // The frame: what the headline or the lead says the news is, when it is a near-miss kind. A call is a
  // contest's, a library's or a selection's: its cue frames the text only beside one (in its sentence or the
  // headline), not a service residents 'смогут подать' online or an instruction's deadline 'до 1 декабря'.
  const calledFor = placed.filter((family) => CALLED_BY.has(family.id)).flatMap((family) => family.matches);
  const calledForSentences = new Set(calledFor.map(({ match }) => match.sentence));
  const calledForInHeadline = calledFor.some(({ where }) => where === 'title');
  const framing = (id: string, { match, qualifier, where }: { match: CueMatch; qualifier: string | null; where: string }): boolean =>
    qualifier === null && where !== 'body' && (id !== 'contest-call' || calledForInHeadline || calledForSentences.has(match.sentence));
  const frame = FRAMES.find((id) => placed.find((family) => family.id === id)!.matches.some((placement) => framing(id, placement)));
  // A local frame renames only the cues of its own sentences, and a headline or lead that sets it is a
  // feature of its own: 'проекты отобраны на форум «Сильные идеи»' frames the forum, not the selection
  // the rest of the text reports (README, eighth session: blind retold F1 0.841 → 0.865, devtexts nested
  // CV 0.829 → 0.834, transfer 0.750 → 0.759). The other frames stay the whole text's.
  const sentenceFrames = new Map<number, string>();
  for (const id of LOCAL_FRAMES) for (const { match, qualifier } of placed.find((family) => family.id === id)!.matches) if (qualifier === null) sentenceFrames.set(match.sentence, id);
  if (frame && LOCAL_FRAMES.has(frame)) fire(`frame:${frame}`, 1, '');
  const frameOf = (match: CueMatch, family: string): string | undefined => (frame && !LOCAL_FRAMES.has(frame) ? frame : UNFRAMED_LOCALLY.has(family) ? undefined : sentenceFrames.get(match.sentence));
  // A match whose feature names have all fired adds nothing: matches are told apart by what their names
  // depend on (frame, qualifier, place, contexts), so that a cue repeated through a text builds no names again.
  const placement = (f: string | undefined, qualifier: string | null, where: string): number =>
    ((f ? FRAMES.indexOf(f) + 1 : 0) * (QUALIFIERS.length + 1) + (qualifier ? QUALIFIER_INDEX.get(qualifier)! : 0)) * 3 + WHERE_INDEX[where as keyof typeof WHERE_INDEX];
  // Pooled over the announcement families: a plain statement of an act, in a sentence with a concrete subject.
  const concrete = contexts.get('concrete')!;
  const actsPlaced = new Set<number>();
  for (const { id: family, matches } of placed) {
    if (!POSITIVE.has(family)) continue;
    for (const { match, qualifier, where } of matches) {
      const f = frameOf(match, family);
      const signature = placement(f, qualifier, where) * 2 + (concrete.has(match.sentence) ? 1 : 0);
      if (actsPlaced.has(signature)) continue;
      actsPlaced.add(signature);
      const act = `act${f ? `|${f}` : ''}`;
      if (qualifier) fireMatch(`${act}~qualified`, match);
      else if (concrete.has(match.sentence)) {
        fireMatch(`${act}&concrete`, match);
        if (where !== 'body') fireMatch(`${act}&concrete@${where}`, match);
      } else fireMatch(`${act}&general`, match);
    }
  }
  const sentenceContexts = CONTEXT_IDS.map((context) => contexts.get(context)!);
  for (const { id, matches } of placed) {
    const familyPlaced = new Set<number>();
    for (const { match, qualifier, where } of matches) {
      const f = frameOf(match, id);
      let inContexts = 0;
      if (!qualifier) for (let k = 0; k < sentenceContexts.length; k += 1) if (sentenceContexts[k]!.has(match.sentence)) inContexts |= 1 << k;
      const signature = placement(f, qualifier, where) * (1 << CONTEXT_IDS.length) + inContexts;
      if (familyPlaced.has(signature)) continue;
      familyPlaced.add(signature);
      const name = `cue:${id}${f && FRAMED.has(id) ? `|${f}` : ''}`;
      if (qualifier) {
        fireMatch(`${name}~${qualifier}`, match);
        continue;
      }
      fireMatch(name, match);
      if (where !== 'body') fireMatch(`${name}@${where}`, match);
      for (let k = 0; k < CONTEXT_IDS.length; k += 1) if (inContexts & (1 << k)) fireMatch(`${name}&${CONTEXT_IDS[k]}`, match);
    }
  }

  // Facts from the other extractors.
  const origin = input.regions.some((r) => r.role === 'origin');
  const adopter = input.regions.some((r) => r.role === 'adopter');
  if (origin) fire('doc:origin', 1, '');
  if (adopter) fire('doc:adopter', 1, '');
  if (origin && adopter) fire('doc:origin+adopter', 1, '');
  if (input.practicesNamed > 0) fire('doc:practice-named', 1, '');
  if (input.regions.length === 0) fire('doc:regions:0', 1, '');
  if (input.regions.length >= 2) fire('doc:regions:2+', 1, '');
  if (input.language === 'en') fire('doc:lang:en', 1, '');
  for (const id of input.organisations) fire(`doc:org:${id}`, 1, id);
  // Length, graded: log2 of the words read over 200, within ±2 (50 to 800 words). Two flags (under 120,
  // over 500 words) cost a short text the same whatever its cues (README, eleventh session: devtexts
  // nested CV 0.868 → 0.879 with 98 retold sets, within the partitions' noise; blind sets 0.891 → 0.915).
  let words = 0;
  for (const token of tokens) if (token.isWord) words += 1;
  fire('doc:length', Math.max(-LENGTH_CLAMP, Math.min(LENGTH_CLAMP, Math.log2(Math.max(1, words) / LENGTH_MIDPOINT))), `${words} words`);

  // Stems (numbers aside); word pairs were tried and added nothing in cross-validation. A key seen
  // before has fired both: the headline's tokens come first, so its `t:` fired with its `w:`.
  const stems = new Set<string>();
  for (const token of tokens) {
    if (!token.isWord || token.key.length < 2 || stems.has(token.key) || isDigit(token.key.charCodeAt(0))) continue;
    stems.add(token.key);
    fire(`w:${token.key}`, 1, token.surface);
    // A headline says what kind of news this is: its words count apart.
    if (token.start < titleEnd) fire(`t:${token.key}`, 1, token.surface);
  }
  return features;
}

/** As `/^\d/` on a string's first character (ASCII digits only: `\d` has no `u` flag there). */
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

interface Contribution {
  group: string;
  name: string;
  contribution: number;
  evidence: string;
}

/** Reason text of one group of contributions (a cue family, a fact or a word). */
function reasonOf(group: string, members: Contribution[], total: number): string {
  const signed = `${total > 0 ? '+' : ''}${total.toFixed(1)}`;
  const strongest = [...members].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))[0]!;
  if (group.startsWith('cue:')) {
    const family = group.slice(4);
    const inTitle = members.some((member) => member.name.endsWith('@title'));
    const title = members.find((member) => member.name.endsWith('@title'));
    return `${FAMILY_LABELS.get(family) ?? family} cue${inTitle ? ' (title)' : ''}: «${(title ?? strongest).evidence}» (${signed})`;
  }
  if (group === 'act') return `${members.some((member) => member.name.includes('&concrete')) ? 'announcement with a named subject' : 'announcement wording'}: «${strongest.evidence}» (${signed})`;
  if (group.startsWith('frame:')) return `headline or lead about a ${FAMILY_LABELS.get(group.slice(6)) ?? group.slice(6)} (${signed})`;
  if (group.startsWith('doc:org:')) return `organisation ${group.slice(8)} named (${signed})`;
  if (group === 'doc:length') return `length: ${strongest.evidence} (${signed})`;
  if (group.startsWith('doc:')) return `${DOC_REASONS[group] ?? group} (${signed})`;
  // Words: one reason, so that they do not crowd the cue families out. It names the strongest few of
  // those that push the way the sum does (what explains it), function words ('with', 'is', «на») only
  // when nothing else does; the sum counts every word.
  const explaining = members.filter((member) => Math.sign(member.contribution) === Math.sign(total));
  const content = explaining.filter((member) => !STOPWORDS.has(member.name.slice(2)));
  const named = [...(content.length ? content : explaining.length ? explaining : members)]
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || (a.name < b.name ? -1 : 1))
    .slice(0, MAX_WORDS_NAMED);
  const words = named.map((member) => `«${member.evidence}»${member.name.startsWith('t:') ? ' in the title' : ''} ${member.contribution > 0 ? '+' : ''}${member.contribution.toFixed(1)}`);
  return `words: ${words.join(', ')}${members.length > named.length ? ', …' : ''} (${signed})`;
}

/** Feature name → the group its contribution is reported under: a cue family, a fact or a word. */
function groupOf(name: string): string {
  if (name.startsWith('act')) return 'act';
  if (name.startsWith('cue:')) return name.replace(/(?:\|[\w-]+)?(?:@title|@lead|&[\w-]+|~[\w-]+)?$/, '');
  if (name.startsWith('w:') || name.startsWith('t:')) return 'words';
  return name;
}

const MAX_REASONS = 8;
const MAX_WORDS_NAMED = 4;

/** Scores features with a model: the calibrated probability, the decision and the reasons. */
export function scoreFeatures(features: ReadonlyMap<string, FiredFeature>, model: ClassifierModel, weights: ReadonlyMap<string, number> = new Map(Object.entries(model.weights))): Classification {
  let raw = model.bias;
  const fired: Array<{ name: string; feature: FiredFeature; weight: number }> = [];
  for (const [name, feature] of features) {
    const weight = weights.get(name);
    if (weight === undefined || weight === 0) continue;
    raw += weight * feature.value;
    fired.push({ name, feature, weight });
  }
  const { a, b, aBelow } = model.calibration;
  const slope = raw < 0 && aBelow !== undefined ? aBelow : a;
  // Reported on the calibrated scale (the slope of the side the raw score falls on), so that the contributions add up to the score.
  const contributions: Contribution[] = fired.map(({ name, feature, weight }) => ({ group: groupOf(name), name, contribution: slope * weight * feature.value, evidence: feature.evidence }));
  const score = slope * raw + b;
  const confidence = sigmoid(score);
  const groups = new Map<string, Contribution[]>();
  for (const contribution of contributions) {
    const members = groups.get(contribution.group);
    if (members) members.push(contribution);
    else groups.set(contribution.group, [contribution]);
  }
  const reasons = [...groups]
    .map(([group, members]) => ({ group, members, total: members.reduce((sum, member) => sum + member.contribution, 0) }))
    .filter(({ total }) => Math.abs(total) >= 0.05)
    .sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || (a.group < b.group ? -1 : 1))
    .slice(0, MAX_REASONS)
    .map(({ group, members, total }) => reasonOf(group, members, total));
  if (reasons.length === 0) reasons.push('no announcement cue found');
  return { isPracticeAnnouncement: confidence >= model.threshold, confidence: Math.round(confidence * 1000) / 1000, reasons, score };
}

const SHIPPED_WEIGHTS = new Map(Object.entries(SHIPPED.weights));

/** Classifies a text with the shipped model (classifier-model.json). */
export function classify(input: ClassifierInput): Classification {
  return scoreFeatures(documentFeatures(input), SHIPPED, SHIPPED_WEIGHTS);
}
