import { decodeHTML } from 'entities';

/**
 * Characters that official sites scatter through titles (mos.ru: soft hyphens, word joiners,
 * zero-width spaces, BOMs) and that break any later matching: removed outright.
 */
const INVISIBLE = /[\u00AD\u2060\u200B\u200C\u200D\uFEFF\u180E]/g;
/** Every kind of space, the no-break space included, becomes one ordinary space. */
const SPACES = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;
/** C0 controls except tab/newline/CR, and DEL: no text field may carry them (NUL breaks storage). */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Lone surrogates left by broken numeric character references: JSON and DynamoDB reject them. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Normalises one line of text: invisible characters removed, controls and lone surrogates dropped,
 * every run of whitespace (U+00A0 included) collapsed to one space, trimmed.
 */
export function normaliseText(text: string): string {
  return text.replace(INVISIBLE, '').replace(CONTROLS, '').replace(LONE_SURROGATES, '').replace(SPACES, ' ').trim();
}

/**
 * Turns a fragment that may hold markup and entities (a feed title or description) into plain text:
 * tags removed, entities decoded (twice-escaped feeds such as `&amp;laquo;` included), normalised.
 */
export function fragmentToText(fragment: string): string {
  let text = fragment;
  // Some feeds escape their HTML twice; decoding once more is harmless for plain text.
  for (let pass = 0; pass < 2 && /[<&]/.test(text); pass++) {
    text = decodeHTML(stripTags(text));
  }
  return normaliseText(text);
}

/**
 * Cuts every `open … close` block out of `text` (or keeps its inside, for CDATA) in one linear pass:
 * an unclosed block keeps the rest of the text, so hostile input cannot make this quadratic.
 */
function cutBlocks(text: string, open: RegExp, close: (match: RegExpExecArray) => string, keepInside: boolean): string {
  const lower = text.toLowerCase();
  const finder = new RegExp(open.source, 'gi');
  let out = '';
  let from = 0;
  for (let match = finder.exec(text); match; match = finder.exec(text)) {
    const closing = close(match);
    const end = lower.indexOf(closing, match.index + match[0].length);
    if (end < 0) break;
    out += `${text.slice(from, match.index)} ${keepInside ? text.slice(match.index + match[0].length, end) : ''} `;
    // `</script` may carry spaces before its `>`: skip to it.
    const closeEnd = closing.endsWith('>') ? end + closing.length : lower.indexOf('>', end) + 1 || text.length;
    from = closeEnd;
    finder.lastIndex = from;
  }
  return out + text.slice(from);
}

/** Removes tags, comments, scripts, styles and CDATA wrappers from a fragment without building a tree. */
export function stripTags(fragment: string): string {
  let text = cutBlocks(fragment, /<!\[CDATA\[/, () => ']]>', true);
  text = cutBlocks(text, /<!--/, () => '-->', false);
  text = cutBlocks(text, /<(script|style)\b[^<>]*>/, (match) => `</${match[1]!.toLowerCase()}`, false);
  // `[^<>]` stops every attempt at the next `<`, so "<a<a<a…" without `>` stays linear.
  return text.replace(/<\/?(?:p|div|br|li|h[1-6]|tr|td|blockquote)\b[^<>]*>/gi, ' ').replace(/<\/?[a-zA-Z][^<>]*>/g, '');
}
