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

/** Removes tags, comments and CDATA wrappers from a fragment without parsing it into a tree. */
export function stripTags(fragment: string): string {
  return fragment
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?(p|div|br|li|h[1-6]|tr|blockquote)\b[^>]*>/gi, ' ')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '');
}
