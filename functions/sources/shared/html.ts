import { load, type CheerioAPI, type Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import { normaliseText } from './text.js';

/** Elements whose content is never text of the page. */
const SKIPPED = new Set(['noscript', 'template', 'svg', 'iframe', 'object', 'button', 'select', 'form']);
/** Elements that end a paragraph of extracted text. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'tr', 'figure', 'figcaption', 'br', 'hr', 'address',
]);

/** Parses HTML with htmlparser2 (cheerio/slim: smaller bundle, faster than parse5). */
export function loadHtml(html: string): CheerioAPI {
  return load(html);
}

/**
 * Text of one or more nodes, paragraphs separated by a blank line, each paragraph normalised.
 * The walk is iterative: hostile documents nest deeper than the call stack allows.
 */
export function blockText(nodes: Cheerio<AnyNode> | AnyNode[]): string {
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
      if (SKIPPED.has(element.name)) continue;
      if (BLOCKS.has(element.name)) {
        flush();
        stack.push(null);
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

const metaIndexes = new WeakMap<CheerioAPI, Map<string, string>>();

/** Every `<meta>` of a document by property/name/itemprop, built in one pass (first non-empty wins). */
function metaIndex($: CheerioAPI): Map<string, string> {
  let index = metaIndexes.get($);
  if (!index) {
    index = new Map();
    for (const meta of $('meta[content]').toArray()) {
      const content = normaliseText(meta.attribs.content ?? '');
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
export function imageUrls($: CheerioAPI, scope: Cheerio<AnyNode>, base: string): string[] {
  const urls: string[] = [];
  scope.find('img').each((_, img) => {
    const url = absoluteUrl($(img).attr('src') ?? $(img).attr('data-src'), base);
    if (url && !url.startsWith('data:') && !urls.includes(url)) urls.push(url);
  });
  return urls;
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
