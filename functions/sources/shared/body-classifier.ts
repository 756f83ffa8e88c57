import type { Element } from 'domhandler';
import type { TextBlock } from './page-blocks.js';
import { unicodeWords } from './text.js';

/**
 * Groups of class/id words that say what a container holds. Matched on the lower-cased
 * `class`, `id`, `role` and `itemprop` of an element; the weights of the learned model say how
 * much each group counts, near the text and further up.
 */
const HINT_GROUPS = {
  nav: /nav|menu|breadcrumb|pagination|pager|skip-?link|jump-?link/,
  share: /share|sharing|social|(?:^|[\s_-])(?:fb|vk|ok|tw)(?:$|[\s_-])|facebook|whatsapp|telegram|print|bookmark|e-?mail-?(?:link|button|article)/,
  related: /relat|recommend|more-?(?:stor|artic|news|from|on|like)|(?:^|[\s_-])also|read-?more|readmore|trending|popular|most-?read|teaser|promo|outbrain|taboola|zergnet|see-?also|suggest|similar|other-?news|news-?list|list-?news|partner|(?:^|[\s_-])next|(?:^|[\s_-])prev/,
  comment: /comment|disqus|discussion|(?:^|[\s_-])repl(?:y|ies)|respond|feedback|forum/,
  ad: /(?:^|[\s_-])(?:ad|ads|adv|advert\w*|banner|sponsor\w*|dfp|gpt|doubleclick|commercial|native-?ad|adslot|ad-?unit|ad-?container)(?:$|[\s_-]|\d)|advertis/,
  chrome: /footer|header|masthead|sidebar|side-?bar|widget|(?:^|[\s_-])rail|aside|toolbar|(?:^|[\s_-])tools|utility|topbar|copyright|legal|cookie|gdpr|consent|popup|modal|overlay|newsletter|subscri|sign-?up|login|register|paywall/,
  media: /caption|credit|figure|photo|image|(?:^|[\s_-])img|gallery|slideshow|slider|carousel|video|media|player|thumb|(?:^|[\s_-])pic/,
  meta: /byline|author|(?:^|[\s_-])bio|(?:^|[\s_-])meta|(?:^|[\s_-])date|(?:^|[\s_-])time|dateline|publish|updated|(?:^|[\s_-])tags?(?:$|[\s_-])|topics?|categor|keyword|rubric|breadcrumbs?/,
  hidden: /hidden|(?:^|[\s_-])hide|sr-only|screen-?reader|visually-?hidden|offscreen|invisible|(?:^|[\s_-])mobile-?only/,
  content: /article|content|(?:^|[\s_-])body|(?:^|[\s_-])post|entry|story|(?:^|[\s_-])text|(?:^|[\s_-])main|detail|prose|rich-?text|(?:^|[\s_-])copy|paragraph|articlebody/,
  lead: /(?:^|[\s_-])lead|(?:^|[\s_-])intro|summary|standfirst|subtitle|sub-?head|deck|(?:^|[\s_-])dek|excerpt|description|anons|announce|preview/,
} as const;

type HintGroup = keyof typeof HINT_GROUPS;
const GROUPS = Object.keys(HINT_GROUPS) as HintGroup[];

/** Tags whose presence among a block's ancestors says something about it. */
const ANCESTOR_TAGS = ['nav', 'aside', 'footer', 'header', 'figure', 'li', 'table', 'blockquote', 'a', 'article', 'main', 'form'] as const;

/** Short calls to action and page furniture, in English and Russian, matched on a whole short block. */
const FURNITURE = new RegExp(
  [
    'advertisement', 'advert', 'ad', 'sponsored(?: content)?', 'related(?: articles| stories| news| content| coverage| posts)?', 'read more', 'read next', 'see also', 'more(?: from| on| stories| news)?',
    'you (?:may|might) also like', 'recommended(?: for you)?', 'share(?: this)?(?: article| story| post)?', 'share on', 'tweet', 'email', 'print', 'comments?', 'close', 'caption', 'back to gallery',
    'explore further', 'continue reading', 'loading', 'watch', 'listen', 'video', 'photos?', 'gallery', 'next', 'previous', 'top stories', 'trending', 'most (?:read|popular)',
    'don.?t miss', 'follow us', 'subscribe', 'sign up', 'newsletter', 'tags?', 'topics?',
    'реклама', 'читайте также', 'смотрите также', 'читать далее', 'подробнее', 'поделиться', 'комментари[ийя]', 'версия для печати', 'печать', 'фото', 'видео', 'теги', 'метки', 'рубрики?',
    'новости по теме', 'другие новости', 'похожие новости', 'последние новости', 'все новости', 'материалы по теме',
  ].join('|'),
  'i',
);
const FURNITURE_LINE = new RegExp(`^[^\\p{L}]*(?:${FURNITURE.source})[^\\p{L}]*$`, 'iu');

/** Photo and source credits: "Photo: …", "(Image: GETTY)", "Credit: …", "Фото: …", "Источник: …". */
const CREDIT_LINE = unicodeWords(/^\(?\s*(?:photo|image|picture|credit|courtesy|source|illustration|фото|источник|изображение|иллюстрация|автор фото|скриншот)\b[^.!?]{0,80}$/i);
const CREDIT_MARK = /(?:photo|image|credit|фото)\s*:\s*[^.!?]{0,60}\)?$|^©|getty images?\)?$|\((?:AP|AFP|Reuters|Getty|EPA|ТАСС|РИА)[^)]{0,60}\)$|(?:^|[^a-z])file (?:photo|image)(?![a-z])/i;
const isCredit = (text: string): boolean => CREDIT_LINE.test(text) || CREDIT_MARK.test(text);

/** Calls to subscribe, follow or read more on a channel, in English and Russian. */
const CALL_TO_ACTION = /subscribe|follow us|sign up|join us|download (?:the|our) app|click here|read more|more (?:news|stories) (?:in|on|at)|our (?:telegram|newsletter|channel)|telegram|newsletter|подпис(?:ыв)?айтесь|подписаться|следите за|читайте (?:нас|также|больше)|наш(?:ем|ей)? (?:telegram|телеграм|канал)|телеграм-канал|в (?:telegram|телеграм)|присоединяйтесь/i;

const SENTENCE_END = /[.!?…。！？:;]["'”’»)\]]*$/;
const TOKEN = /[\p{L}\p{N}_]+/gu;

/** The names of the features, in the model's order. */
export const FEATURE_NAMES: readonly string[] = [
  'logChars', 'logWords', 'linkDensity', 'allLink', 'endsSentence', 'punctPerWord', 'logCommas', 'upperRatio', 'digitRatio',
  'tagP', 'tagHeading', 'tagH1', 'tagLi', 'tagCell', 'tagQuote', 'tagCaption', 'tagDiv', 'tagDd',
  'furniture', 'credit', 'callToAction', 'duplicate', 'titleLike',
  'inContainer', 'beforeContainer', 'afterContainer', 'logDistance', 'regionShare', 'relIndex', 'inSibling', 'siblingShare', 'likeContainer', 'proseBefore', 'proseAfter', 'badNear', 'badFar', 'badInContainer',
  'jsonLdShare', 'jsonLdPresent',
  'prevLinkDensity', 'nextLinkDensity', 'prevLogChars', 'nextLogChars', 'prevEndsSentence', 'nextEndsSentence',
  ...GROUPS.map((group) => `own_${group}`),
  ...GROUPS.map((group) => `near_${group}`),
  ...GROUPS.map((group) => `far_${group}`),
  ...ANCESTOR_TAGS.map((tag) => `in_${tag}`),
];

/** A learned logistic model over {@link FEATURE_NAMES}: standardisation, weights, bias and cut-off. */
export interface BodyModel {
  features: readonly string[];
  mean: readonly number[];
  scale: readonly number[];
  weights: readonly number[];
  bias: number;
  threshold: number;
}

/** What the features need besides the blocks. */
export interface BlockContext {
  /** The page's title as metadata gives it, to recognise the headline among the blocks. */
  title: string | null;
  /** The publisher's own `articleBody` (JSON-LD or microdata), when the page has one. */
  declaredBody: string | null;
}

const hintCache = new WeakMap<Element, number>();
/** Masks by attribute text: class names repeat across a page's elements and a site's pages. */
const hintsByWords = new Map<string, number>();
const MAX_CACHED_WORDS = 20_000;

function hintsOfWords(words: string): number {
  let mask = hintsByWords.get(words);
  if (mask !== undefined) return mask;
  mask = 0;
  for (let g = 0; g < GROUPS.length; g++) if (HINT_GROUPS[GROUPS[g]!].test(words)) mask |= 1 << g;
  if (hintsByWords.size >= MAX_CACHED_WORDS) hintsByWords.clear();
  hintsByWords.set(words, mask);
  return mask;
}

/** Bit mask of the hint groups an element's class/id/role/itemprop matches. */
function hintsOf(element: Element): number {
  let mask = hintCache.get(element);
  if (mask !== undefined) return mask;
  const attribs = element.attribs;
  mask = 0;
  if (attribs && (attribs.class || attribs.id || attribs.role || attribs.itemprop)) {
    mask = hintsOfWords(`${attribs.class ?? ''} ${attribs.id ?? ''} ${attribs.role ?? ''} ${attribs.itemprop ?? ''}`.toLowerCase());
  }
  hintCache.set(element, mask);
  return mask;
}

const HEADING = /^h[1-6]$/;
const bit = (group: HintGroup): number => 1 << GROUPS.indexOf(group);
/** Hint groups that rule a container out as the article. */
const NOT_ARTICLE = bit('nav') | bit('share') | bit('related') | bit('comment') | bit('ad') | bit('hidden');
/** Hint groups that say a block is not article text. */
const NOT_CONTENT = NOT_ARTICLE | bit('chrome') | bit('media');
const TAG_BITS = new Map<string, number>(ANCESTOR_TAGS.map((tag, i) => [tag, 1 << i]));
const PARAGRAPH_OWNERS = new Set(['p', 'li', 'dd', 'dt', 'td', 'th', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'caption']);
/** How much a paragraph credits its owner's ancestors, nearest first. */
const CREDIT_BY_LEVEL = [1, 0.5, 0.34, 0.25, 0.2];

const parentElement = (element: Element): Element | null => (element.parent?.type === 'tag' ? (element.parent as Element) : null);

/** Counts of the characters of a text that the features need, in one pass. */
interface TextStats {
  words: number;
  letters: number;
  upper: number;
  digits: number;
  punctuation: number;
  commas: number;
}

function textStats(text: string): TextStats {
  const stats: TextStats = { words: 0, letters: 0, upper: 0, digits: 0, punctuation: 0, commas: 0 };
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let wordChar = true;
    if (code >= 48 && code <= 57) stats.digits++;
    else if (code >= 97 && code <= 122) stats.letters++;
    else if (code >= 65 && code <= 90) {
      stats.letters++;
      stats.upper++;
    } else if (code >= 0x400 && code <= 0x4ff) {
      // Cyrillic, by code: no string is made per character.
      stats.letters++;
      if (code <= 0x42f) stats.upper++;
    } else if (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7) {
      stats.letters++;
      if (code <= 0xde) stats.upper++;
    } else if (code === 95 || (code >= 0x3040 && code <= 0x9fff)) {
      // The underscore and kana/CJK ideographs count as word characters, as the benchmark's `\w` does.
    } else if (code < 128) {
      wordChar = false;
      if (code === 44) {
        stats.commas++;
        stats.punctuation++;
      } else if (code === 46 || code === 59 || code === 58 || code === 33 || code === 63) stats.punctuation++;
    } else {
      const ch = text[i]!;
      if (ch === '，' || ch === '、' || ch === '،') {
        stats.commas++;
        stats.punctuation++;
        wordChar = false;
      } else if (ch === '。' || ch === '！' || ch === '？') {
        stats.punctuation++;
        wordChar = false;
      } else if (/[\p{L}\p{N}]/u.test(ch)) {
        if (/\p{N}/u.test(ch)) stats.digits++;
        else {
          stats.letters++;
          if (ch !== ch.toLowerCase()) stats.upper++;
        }
      } else wordChar = false;
    }
    if (wordChar && !inWord) stats.words++;
    inWord = wordChar;
  }
  return stats;
}

/**
 * Characters and link characters under every element that holds a block, in time linear in the
 * elements: each element is visited once (a walk up from every block would cost blocks × depth,
 * which a hostile page 999 levels deep with thousands of paragraphs turns into minutes).
 */
function subtreeTotals(blocks: readonly TextBlock[]): { chars: Map<Element, number>; linkChars: Map<Element, number> } {
  const chars = new Map<Element, number>();
  const linkChars = new Map<Element, number>();
  for (const block of blocks) {
    chars.set(block.element, (chars.get(block.element) ?? 0) + block.chars);
    linkChars.set(block.element, (linkChars.get(block.element) ?? 0) + block.linkChars);
  }
  // Every ancestor once, with its depth (from the nearest one already known).
  const depth = new Map<Element, number>();
  const elements = [...chars.keys()];
  for (let i = 0; i < elements.length; i++) {
    const parent = parentElement(elements[i]!);
    if (parent && !chars.has(parent)) {
      chars.set(parent, 0);
      linkChars.set(parent, 0);
      elements.push(parent);
    }
  }
  for (const element of elements) {
    const pending: Element[] = [];
    let known = -1;
    for (let current: Element | null = element; current; current = parentElement(current)) {
      const d = depth.get(current);
      if (d !== undefined) {
        known = d;
        break;
      }
      pending.push(current);
    }
    for (let i = pending.length - 1; i >= 0; i--) depth.set(pending[i]!, ++known);
  }
  // Deepest first: each element's totals are complete before they are added to its parent's.
  elements.sort((a, b) => depth.get(b)! - depth.get(a)!);
  for (const element of elements) {
    const parent = parentElement(element);
    if (!parent) continue;
    chars.set(parent, chars.get(parent)! + chars.get(element)!);
    linkChars.set(parent, linkChars.get(parent)! + linkChars.get(element)!);
  }
  return { chars, linkChars };
}

/** The article container and every candidate's credit (see {@link scoreContainers}). */
export interface ContainerScores {
  best: Element | null;
  scores: Map<Element, number>;
}

/**
 * The container a reader would call the article: each paragraph of prose credits the elements
 * above it (most to the nearest); an element's credit shrinks with the share of its text that is
 * links, when its class or its parent's says comments, navigation, sharing, related links or
 * adverts, when it holds a single paragraph (a long caption, a teaser) and when it is a media box.
 */
export function scoreContainers(blocks: readonly TextBlock[], stats: readonly TextStats[] = blocks.map((block) => textStats(block.text))): ContainerScores {
  const scores = new Map<Element, number>();
  const paragraphs = new Map<Element, number>();
  const { chars, linkChars } = subtreeTotals(blocks);
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.chars < 25 || block.linkChars / block.chars > 0.5) continue;
    const score = 1 + stats[i]!.commas + Math.min(Math.floor(block.chars / 100), 3);
    // Paragraph-like owners credit their parent first; a div holding bare text credits itself.
    let element: Element | null = PARAGRAPH_OWNERS.has(block.element.name) ? parentElement(block.element) : block.element;
    for (let level = 0; level < CREDIT_BY_LEVEL.length && element; level++, element = parentElement(element)) {
      scores.set(element, (scores.get(element) ?? 0) + score * CREDIT_BY_LEVEL[level]!);
      paragraphs.set(element, (paragraphs.get(element) ?? 0) + 1);
    }
  }
  let best: Element | null = null;
  let bestScore = 0;
  for (const [element, raw] of scores) {
    let score = raw * (1 - Math.min((linkChars.get(element) ?? 0) / (chars.get(element) || 1), 0.9));
    const parent = parentElement(element);
    if ((hintsOf(element) | (parent ? hintsOf(parent) : 0)) & NOT_ARTICLE) score *= 0.25;
    if ((paragraphs.get(element) ?? 0) < 2) score *= 0.6;
    if (hintsOf(element) & bit('media')) score *= 0.5;
    scores.set(element, score);
    if (score > bestScore) {
      best = element;
      bestScore = score;
    }
  }
  return { best, scores };
}

/** 4-token shingles of a text as 32-bit hashes of interned token ids (a feature needs no exact set). */
interface ShingleSet {
  tokens: Map<string, number>;
  shingles: Set<number>;
  joined: string;
}

const shingleHash = (a: number, b: number, c: number, d: number): number => Math.imul(Math.imul(Math.imul(a, 0x01000193) ^ b, 0x01000193) ^ c, 0x01000193) ^ d;

function shingleSet(text: string): ShingleSet {
  const words = text.match(TOKEN) ?? [];
  const tokens = new Map<string, number>();
  const ids = words.map((word) => {
    let id = tokens.get(word);
    if (id === undefined) tokens.set(word, (id = tokens.size + 1));
    return id;
  });
  const shingles = new Set<number>();
  for (let i = 0; i + 4 <= ids.length; i++) shingles.add(shingleHash(ids[i]!, ids[i + 1]!, ids[i + 2]!, ids[i + 3]!));
  return { tokens, shingles, joined: ` ${words.join(' ')} ` };
}

/** Share of a text's 4-token shingles found in `reference` (for texts under 4 tokens: 1 when contained). */
function overlap(text: string, reference: ShingleSet): number {
  const words = text.match(TOKEN) ?? [];
  if (words.length === 0) return 0;
  if (words.length < 4) return reference.joined.includes(` ${words.join(' ')} `) ? 1 : 0;
  // A word the reference lacks (id 0) breaks every shingle it is in.
  const ids = words.map((word) => reference.tokens.get(word) ?? 0);
  let hits = 0;
  for (let i = 0; i + 4 <= ids.length; i++) {
    if (ids[i] && ids[i + 1] && ids[i + 2] && ids[i + 3] && reference.shingles.has(shingleHash(ids[i]!, ids[i + 1]!, ids[i + 2]!, ids[i + 3]!))) hits++;
  }
  return hits / (words.length - 3);
}

const log1p = Math.log1p;
const at = (name: string): number => {
  const index = FEATURE_NAMES.indexOf(name);
  if (index < 0) throw new Error(`unknown feature ${name}`);
  return index;
};
const F = {
  logChars: at('logChars'), logWords: at('logWords'), linkDensity: at('linkDensity'), allLink: at('allLink'), endsSentence: at('endsSentence'),
  punctPerWord: at('punctPerWord'), logCommas: at('logCommas'), upperRatio: at('upperRatio'), digitRatio: at('digitRatio'),
  tagP: at('tagP'), tagHeading: at('tagHeading'), tagH1: at('tagH1'), tagLi: at('tagLi'), tagCell: at('tagCell'), tagQuote: at('tagQuote'),
  tagCaption: at('tagCaption'), tagDiv: at('tagDiv'), tagDd: at('tagDd'), furniture: at('furniture'), credit: at('credit'),
  callToAction: at('callToAction'), duplicate: at('duplicate'), titleLike: at('titleLike'), inContainer: at('inContainer'),
  beforeContainer: at('beforeContainer'), afterContainer: at('afterContainer'), logDistance: at('logDistance'), regionShare: at('regionShare'),
  relIndex: at('relIndex'), inSibling: at('inSibling'), siblingShare: at('siblingShare'), likeContainer: at('likeContainer'),
  proseBefore: at('proseBefore'), proseAfter: at('proseAfter'), badNear: at('badNear'), badFar: at('badFar'), badInContainer: at('badInContainer'),
  jsonLdShare: at('jsonLdShare'), jsonLdPresent: at('jsonLdPresent'), prevLinkDensity: at('prevLinkDensity'), nextLinkDensity: at('nextLinkDensity'),
  prevLogChars: at('prevLogChars'), nextLogChars: at('nextLogChars'), prevEndsSentence: at('prevEndsSentence'), nextEndsSentence: at('nextEndsSentence'),
  own: at(`own_${GROUPS[0]}`), near: at(`near_${GROUPS[0]}`), far: at(`far_${GROUPS[0]}`), tags: at(`in_${ANCESTOR_TAGS[0]}`),
};
const CELL_OWNERS = new Set(['tr', 'td', 'th', 'table', 'tbody']);
const DIV_OWNERS = new Set(['div', 'section', 'article', 'main']);

/** What the elements above a block say, from an element up to the container (or the root). */
interface UpwardFacts {
  /** Hint groups of the element and every ancestor below the container. */
  mask: number;
  /** {@link ANCESTOR_TAGS} bits of the same elements. */
  tags: number;
  /** The element is the container or inside it. */
  inside: boolean;
  /** The nearest of these elements that has a container score. */
  scored: Element | null;
  /** The one of these elements whose parent is the container's parent. */
  sibling: Element | null;
  /** One of these elements has the container's tag and (content-naming) class. */
  like: boolean;
}

/**
 * Memoised {@link UpwardFacts}: each element's facts are its own combined with its parent's, so
 * the whole page costs one visit per element however many blocks share the ancestors.
 */
function upwardFacts(best: Element | null, scores: ReadonlyMap<Element, number>, bestClass: string): (element: Element) => UpwardFacts {
  const memo = new Map<Element, UpwardFacts>();
  const bestParent = best ? parentElement(best) : null;
  const INSIDE: UpwardFacts = { mask: 0, tags: 0, inside: true, scored: null, sibling: null, like: false };
  const ROOT: UpwardFacts = { mask: 0, tags: 0, inside: false, scored: null, sibling: null, like: false };
  return (start) => {
    const pending: Element[] = [];
    let element: Element | null = start;
    let known: UpwardFacts = ROOT;
    for (; element; element = parentElement(element)) {
      if (element === best) {
        known = INSIDE;
        break;
      }
      const cached = memo.get(element);
      if (cached) {
        known = cached;
        break;
      }
      pending.push(element);
    }
    for (let i = pending.length - 1; i >= 0; i--) {
      const current = pending[i]!;
      known = {
        mask: known.mask | hintsOf(current),
        tags: known.tags | (TAG_BITS.get(current.name) ?? 0),
        inside: known.inside,
        scored: scores.has(current) ? current : known.scored,
        sibling: bestParent && current.parent === bestParent ? current : known.sibling,
        like: known.like || (bestClass !== '' && current.name === best!.name && current.attribs.class === bestClass),
      };
      memo.set(current, known);
    }
    return known;
  };
}

/** The feature vectors of a page's blocks ({@link FEATURE_NAMES} order) and the article container. */
export interface PageFeatures {
  features: number[][];
  container: Element | null;
}

/** Computes every block's features; one walk up from each block, no allocation per ancestor. */
export function blockFeatures(blocks: readonly TextBlock[], context: BlockContext): PageFeatures {
  const allStats = blocks.map((block) => textStats(block.text));
  const { best, scores } = scoreContainers(blocks, allStats);
  const bestScore = best ? scores.get(best) || 1 : 1;
  // Only a class that names content identifies the article's other sections (not `row`, `col-8`).
  const bestClass = best && hintsOf(best) & bit('content') ? best.attribs.class?.trim() ?? '' : '';
  const titleKey = context.title ? context.title.toLowerCase().replace(/\s+/g, ' ').trim() : null;
  const declared = context.declaredBody ? shingleSet(context.declaredBody) : null;
  const counts = new Map<string, number>();
  for (const block of blocks) counts.set(block.text, (counts.get(block.text) ?? 0) + 1);

  const n = blocks.length;
  const features: number[][] = new Array(n);
  const inside: boolean[] = new Array(n);
  const ends: number[] = new Array(n);
  let first = -1;
  let last = -1;
  const up = upwardFacts(best, scores, bestClass);
  for (let i = 0; i < n; i++) {
    const block = blocks[i]!;
    // Hints of the block's own element and its three nearest ancestors (not above the container),
    // then everything further up, from the memo.
    let near = 0;
    let element: Element | null = block.element;
    let own = 0;
    for (let level = 0; level < 4 && element && element !== best; level++, element = parentElement(element)) {
      near |= hintsOf(element);
      // The block's own element and its parent: the most telling names (`news-detail__date`).
      if (level < 2) own = near;
    }
    const far = element && element !== best ? up(element).mask : 0;
    const facts = up(block.element);
    const tags = facts.tags;
    const isInside = facts.inside;
    let region = facts.scored ? scores.get(facts.scored)! / bestScore : 0;
    const sibling = isInside ? null : facts.sibling;
    const like = !isInside && facts.like;
    inside[i] = isInside;
    if (isInside) {
      if (first < 0) first = i;
      last = i;
      region = 1;
    }
    const text = block.text;
    const s = allStats[i]!;
    ends[i] = SENTENCE_END.test(text) ? 1 : 0;
    const name = block.element.name;
    const linkDensity = block.chars ? block.linkChars / block.chars : 0;
    const v = new Array<number>(FEATURE_NAMES.length).fill(0);
    v[F.logChars] = log1p(block.chars);
    v[F.logWords] = log1p(s.words);
    v[F.linkDensity] = linkDensity;
    v[F.allLink] = linkDensity > 0.9 ? 1 : 0;
    v[F.endsSentence] = ends[i]!;
    v[F.punctPerWord] = s.words ? Math.min(s.punctuation / s.words, 1) : 0;
    v[F.logCommas] = log1p(s.commas);
    v[F.upperRatio] = s.letters ? s.upper / s.letters : 0;
    v[F.digitRatio] = block.chars ? s.digits / block.chars : 0;
    v[F.tagP] = name === 'p' ? 1 : 0;
    v[F.tagHeading] = HEADING.test(name) ? 1 : 0;
    v[F.tagH1] = name === 'h1' ? 1 : 0;
    v[F.tagLi] = name === 'li' ? 1 : 0;
    v[F.tagCell] = CELL_OWNERS.has(name) ? 1 : 0;
    v[F.tagQuote] = name === 'blockquote' || name === 'pre' ? 1 : 0;
    v[F.tagCaption] = name === 'figcaption' || name === 'caption' ? 1 : 0;
    v[F.tagDiv] = DIV_OWNERS.has(name) || block.element.type !== 'tag' ? 1 : 0;
    v[F.tagDd] = name === 'dd' || name === 'dt' || name === 'dl' ? 1 : 0;
    v[F.furniture] = s.words <= 12 && FURNITURE_LINE.test(text) ? 1 : 0;
    v[F.credit] = isCredit(text) ? 1 : 0;
    v[F.callToAction] = s.words <= 40 && CALL_TO_ACTION.test(text) ? 1 : 0;
    v[F.duplicate] = (counts.get(text) ?? 0) > 1 ? 1 : 0;
    v[F.titleLike] = titleKey !== null && text.toLowerCase() === titleKey ? 1 : 0;
    v[F.inContainer] = isInside ? 1 : 0;
    v[F.regionShare] = Math.min(region, 1);
    v[F.relIndex] = n > 1 ? i / (n - 1) : 0;
    v[F.inSibling] = sibling ? 1 : 0;
    v[F.siblingShare] = sibling ? Math.min((scores.get(sibling) ?? 0) / bestScore, 1) : 0;
    v[F.likeContainer] = like ? 1 : 0;
    v[F.badNear] = near & NOT_CONTENT ? 1 : 0;
    v[F.badFar] = far & NOT_CONTENT ? 1 : 0;
    v[F.badInContainer] = isInside && (near | far) & NOT_CONTENT ? 1 : 0;
    v[F.jsonLdShare] = declared ? overlap(text, declared) : 0;
    v[F.jsonLdPresent] = declared ? 1 : 0;
    for (let g = 0; g < GROUPS.length; g++) {
      v[F.own + g] = (own >> g) & 1;
      v[F.near + g] = (near >> g) & 1;
      v[F.far + g] = (far >> g) & 1;
    }
    for (let t = 0; t < ANCESTOR_TAGS.length; t++) v[F.tags + t] = (tags >> t) & 1;
    features[i] = v;
  }
  // Position against the container, and the prose paragraphs of the container before and after
  // each block: page furniture gathers where the prose has ended (share bars, "you may also
  // like", adverts) or not yet begun.
  let totalProse = 0;
  const prose = blocks.map((block, i) => {
    const isProse = inside[i] && block.chars >= 80 && block.linkChars / block.chars < 0.3 && ends[i] === 1;
    if (isProse) totalProse++;
    return isProse;
  });
  let seen = 0;
  for (let i = 0; i < n; i++) {
    const v = features[i]!;
    const distance = inside[i] ? 0 : first < 0 ? n : i < first ? first - i : i - last;
    v[F.beforeContainer] = !inside[i] && first >= 0 && i < first ? 1 : 0;
    v[F.afterContainer] = !inside[i] && last >= 0 && i > last ? 1 : 0;
    v[F.logDistance] = log1p(distance);
    v[F.proseBefore] = log1p(seen);
    if (prose[i]) seen++;
    v[F.proseAfter] = log1p(totalProse - seen);
    const previous = i > 0 ? blocks[i - 1]! : null;
    const next = i + 1 < n ? blocks[i + 1]! : null;
    v[F.prevLinkDensity] = previous ? (previous.chars ? previous.linkChars / previous.chars : 0) : 1;
    v[F.nextLinkDensity] = next ? (next.chars ? next.linkChars / next.chars : 0) : 1;
    v[F.prevLogChars] = previous ? log1p(previous.chars) : 0;
    v[F.nextLogChars] = next ? log1p(next.chars) : 0;
    v[F.prevEndsSentence] = previous ? ends[i - 1]! : 0;
    v[F.nextEndsSentence] = next ? ends[i + 1]! : 0;
  }
  return { features, container: best };
}

/** Probability that each block is article text, by the model. */
export function blockProbabilities(features: readonly number[][], model: BodyModel): number[] {
  return features.map((vector) => {
    let z = model.bias;
    for (let i = 0; i < vector.length; i++) z += model.weights[i]! * ((vector[i]! - model.mean[i]!) / model.scale[i]!);
    return 1 / (1 + Math.exp(-z));
  });
}
