import type { AnyNode, Element } from 'domhandler';
import { normaliseText } from './text.js';

/** Elements whose content is never visible text of the page. */
export const INVISIBLE_TAGS = new Set([
  'head', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio',
  'button', 'select', 'option', 'textarea', 'input', 'label', 'dialog', 'map',
]);

/** Elements that end a paragraph of extracted text. */
export const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'caption',
  'figure', 'figcaption', 'br', 'hr', 'address', 'form', 'fieldset', 'details', 'summary', 'center', 'body', 'html',
]);

/** Table cells: their texts stay on their row's line, one space apart. */
const CELL_TAGS = new Set(['td', 'th']);

/** One paragraph of the page's text, with the element it belongs to and how much of it is link text. */
export interface TextBlock {
  /** Normalised text. */
  text: string;
  /** The nearest block-level element around the text (`p`, `li`, `div`, …). */
  element: Element;
  /** Length of `text`. */
  chars: number;
  /** Characters of `text` inside links. */
  linkChars: number;
  /** Position among the page's blocks. */
  index: number;
}

/** True when markup hides the element from readers (`hidden`, `aria-hidden`, inline `display:none`). */
export function isHidden(element: Element): boolean {
  const attribs = element.attribs;
  if ('hidden' in attribs) return true;
  if (attribs['aria-hidden'] === 'true' && element.name !== 'a' && element.name !== 'img') return true;
  const style = attribs.style;
  return style !== undefined && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** How {@link segmentBlocks} treats particular elements. */
export interface SegmentOptions {
  /** Elements left out with everything inside them. */
  skip?: (element: Element) => boolean;
  /** Inline elements that stand apart as a paragraph of their own (a date label before the text). */
  standalone?: (element: Element) => boolean;
}

/**
 * Splits the text under `root` into paragraphs the way a reader sees them: block elements end a
 * paragraph, inline elements do not (unless `standalone` says so), table cells are joined by a
 * space, invisible and hidden elements are left out, and so is anything `skip` says. Iterative:
 * no depth limit of its own.
 */
export function segmentBlocks(root: AnyNode, options: SegmentOptions = {}): TextBlock[] {
  const { skip, standalone } = options;
  const blocks: TextBlock[] = [];
  const owners: Element[] = [];
  let text = '';
  let linkChars = 0;
  let linkDepth = 0;
  // Text outside every block element (a bare fragment) belongs to the root itself.
  const rootOwner = root as Element;
  const flush = (): void => {
    if (text.trim()) {
      const normalised = normaliseText(text);
      if (normalised) {
        const owner = owners[owners.length - 1] ?? rootOwner;
        // Link characters were counted raw; normalisation only removes spaces, so cap them.
        blocks.push({ text: normalised, element: owner, chars: normalised.length, linkChars: Math.min(linkChars, normalised.length), index: blocks.length });
      }
    }
    text = '';
    linkChars = 0;
  };
  // Nodes to enter, or (with `exits` set) elements whose children are done; two arrays, no object per node.
  const stack: AnyNode[] = [root];
  const exits: boolean[] = [false];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const exit = exits.pop()!;
    if (node.type === 'text') {
      const data = node.data;
      text += data;
      if (linkDepth > 0) linkChars += data.replace(/\s+/g, ' ').length;
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    const element = node as Element;
    const isTag = node.type === 'tag';
    const name = isTag ? element.name : '#root';
    if (exit) {
      if (name === 'a') linkDepth--;
      if (BLOCK_TAGS.has(name) || (isTag && standalone?.(element))) {
        flush();
        owners.pop();
      } else if (CELL_TAGS.has(name)) text += ' ';
      continue;
    }
    if (isTag && (INVISIBLE_TAGS.has(name) || isHidden(element) || skip?.(element))) continue;
    if (isTag && name === 'br') {
      flush();
      continue;
    }
    if (BLOCK_TAGS.has(name) || (isTag && standalone?.(element))) {
      flush();
      owners.push(element);
    } else if (CELL_TAGS.has(name)) text += ' ';
    if (name === 'a') linkDepth++;
    stack.push(node);
    exits.push(true);
    const children = element.children;
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i]!);
      exits.push(false);
    }
  }
  flush();
  return blocks;
}
