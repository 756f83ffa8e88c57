import { load, type CheerioAPI, type Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { NonRetryableError, type ErrorContext } from '../../core/errors.js';
import { normaliseText } from './text.js';

/** Elements whose content is never text of the page. */
const SKIPPED = new Set(['noscript', 'template', 'svg', 'iframe', 'object', 'button', 'select', 'form']);
/** Elements that end a paragraph of extracted text. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'tr', 'figure', 'figcaption', 'br', 'hr', 'address',
]);

/**
 * Deeper than any real page (they stay under a hundred levels). Beyond it every selector walk slows
 * to seconds and the tree libraries' own recursions (`clone`, `text`) overflow the stack.
 */
export const MAX_HTML_DEPTH = 1000;

/**
 * Elements the parser never closes on its own, so unclosed ones nest. Counting only these makes the
 * estimate a lower bound in practice (a `</td>` that closes open divs is the rare exception).
 */
const NESTING_TAGS = new Set(['div', 'span', 'section', 'article', 'font', 'ul', 'ol', 'blockquote', 'table', 'em', 'strong', 'small', 'center', 'b', 'i', 'a']);

const isTagEnd = (code: number): boolean => code === 0x3e || code === 0x2f || code === 0x20 || (code >= 0x09 && code <= 0x0d);

/** Depth of the deepest nest of {@link NESTING_TAGS} in the raw markup, in one linear scan without a match object per tag. */
function nestingEstimate(html: string): number {
  let depth = 0;
  let deepest = 0;
  for (let at = html.indexOf('<'); at >= 0; at = html.indexOf('<', at + 1)) {
    const closing = html.charCodeAt(at + 1) === 0x2f;
    const start = at + (closing ? 2 : 1);
    let end = start;
    while (end < html.length && end - start <= 10) {
      const code = html.charCodeAt(end) | 0x20;
      if (code < 0x61 || code > 0x7a) break;
      end++;
    }
    if (end === start || end >= html.length || !isTagEnd(html.charCodeAt(end))) continue;
    if (!NESTING_TAGS.has(html.slice(start, end).toLowerCase())) continue;
    depth = closing ? Math.max(0, depth - 1) : depth + 1;
    if (depth > deepest) deepest = depth;
  }
  return deepest;
}

/** Depth of the deepest element, measured iteratively. */
function depthOf(root: AnyNode): number {
  let deepest = 0;
  const stack: Array<[AnyNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if ('children' in node) for (const child of node.children) if (child.type === 'tag') stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Parses HTML with htmlparser2 (cheerio/slim: smaller bundle, faster than parse5). A document nested
 * deeper than {@link MAX_HTML_DEPTH} is refused as `illformed` before any selector runs on it.
 */
export function loadHtml(html: string, context: ErrorContext = {}): CheerioAPI {
  // Parsing a hostile nest already costs seconds: estimate the depth from the markup first.
  const estimate = nestingEstimate(html);
  if (estimate > MAX_HTML_DEPTH) {
    throw new NonRetryableError('illformed', `HTML nests about ${estimate} elements deep (more than ${MAX_HTML_DEPTH}); refused`, context);
  }
  const $ = load(html);
  const depth = depthOf($.root().get(0)!);
  if (depth > MAX_HTML_DEPTH) {
    throw new NonRetryableError('illformed', `HTML nests ${depth} elements deep (more than ${MAX_HTML_DEPTH}); refused`, context);
  }
  return $;
}

/**
 * Text of one or more nodes, paragraphs separated by a blank line, each paragraph normalised;
 * elements in `skip` are left out (no clone-and-remove: cloning recurses). The walk is iterative.
 */
export function blockText(nodes: Cheerio<AnyNode> | AnyNode[], skip?: ReadonlySet<AnyNode>): string {
  const paragraphs: string[] = [];
  let current = '';
  const flush = (): void => {
    const paragraph = normaliseText(current);
    if (paragraph) paragraphs.push(paragraph);
    current = '';
  };
  // The stack holds nodes to visit and `null` markers meaning "a block element ends here".
  const roots = Array.isArray(nodes) ? nodes : nodes.toArray();
  const stack: Array<AnyNode | null> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push(roots[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === null) {
      flush();
      continue;
    }
    if (node.type === 'text') {
      current += node.data;
      continue;
    }
    // htmlparser2 gives <script> and <style> their own node types: neither is text of the page.
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag') {
      const element = node as Element;
      if (SKIPPED.has(element.name) || skip?.has(element)) continue;
      if (BLOCKS.has(element.name)) {
        flush();
        stack.push(null);
      } else if (element.name === 'td' || element.name === 'th') {
        // Cells of a row stay on its line, apart: "HD 225.86", not "HD225.86".
        current += ' ';
      }
    }
    const children = (node as Element).children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  flush();
  return paragraphs.join('\n\n');
}

/** Text of a selection on one line (titles, dates, authors), normalised; empty string when absent. */
export function inlineText(selection: Cheerio<AnyNode>): string {
  return normaliseText(blockText(selection.first()).replace(/\n+/g, ' '));
}

/** Resolves `href` against `base`; null for empty, unparsable or non-http(s) URLs. */
export function absoluteUrl(href: string | null | undefined, base: string): string | null {
  const value = href?.trim();
  if (!value) return null;
  try {
    const url = new URL(value, base);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    url.hash = '';
    return url.toString();
  } catch {
    return null;
  }
}

/** Every element named `name` under `root`, in document order; iterative. */
export function elementsNamed(root: AnyNode, name: string): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag' && (node as Element).name === name) found.push(node as Element);
    const children = (node as Element).children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
}

const metaIndexes = new WeakMap<CheerioAPI, Map<string, string>>();

/**
 * Every `<meta>` of a document by property/name/itemprop, built in one pass (first non-empty wins).
 * `metas` are the document's `<meta>` elements when the caller has already walked the tree.
 */
export function metaIndex($: CheerioAPI, metas?: readonly Element[]): Map<string, string> {
  let index = metaIndexes.get($);
  if (!index) {
    index = new Map();
    // One walk of the tree: a `meta[content]` query costs as much as the whole extraction.
    for (const meta of metas ?? elementsNamed($.root().get(0)!, 'meta')) {
      if (meta.attribs.content === undefined) continue;
      const content = normaliseText(meta.attribs.content);
      if (!content) continue;
      for (const attribute of ['property', 'name', 'itemprop']) {
        const key = meta.attribs[attribute]?.trim().toLowerCase();
        if (key && !index.has(key)) index.set(key, content);
      }
    }
    metaIndexes.set($, index);
  }
  return index;
}

/** First non-empty `content` among `<meta property|name|itemprop=…>` for the given keys, in key order. */
export function metaContent($: CheerioAPI, keys: readonly string[]): string | null {
  const index = metaIndex($);
  for (const key of keys) {
    const value = index.get(key.toLowerCase());
    if (value) return value;
  }
  return null;
}

/** Absolute image URLs of a selection's `<img>` elements (src, then data-src), deduplicated, in order. */
export function imageUrls(_$: CheerioAPI, scope: Cheerio<AnyNode>, base: string): string[] {
  const urls = new Set<string>();
  // Our own walk: cheerio's `find` prepares its context in time that grows with the depth squared.
  for (const root of scope.toArray()) {
    for (const img of elementsNamed(root, 'img')) {
      if (img === root) continue;
      const url = absoluteUrl(img.attribs.src ?? img.attribs['data-src'], base);
      if (url && !url.startsWith('data:')) urls.add(url);
    }
  }
  return [...urls];
}

/** Distinct non-empty texts of a selection, in order (tags, categories). */
export function distinctTexts($: CheerioAPI, selection: Cheerio<AnyNode>): string[] {
  const values: string[] = [];
  selection.each((_, element) => {
    const text = inlineText($(element));
    if (text && !values.includes(text)) values.push(text);
  });
  return values;
}
