// @ts-check
// DOM helpers. Every value from the API is untrusted text: it only ever reaches the page through
// textContent, attribute setters with fixed names, or a checked http(s) href. No HTML strings.

/** @typedef {Node|string|number|null|undefined|false} Child */
/** @typedef {Child|Child[]} Children */

/**
 * What `el` sets: `class`, `text`, `dataset` (object), `on` (event name → handler), `ariaLabel`,
 * `for` and `list` as attributes, flags, and a few plain properties.
 * @typedef {{
 *   class?: string, text?: string|number|null, dataset?: Record<string, string>,
 *   on?: Record<string, (event: any) => unknown>, ariaLabel?: string, for?: string, list?: string,
 *   hidden?: boolean, disabled?: boolean, required?: boolean, checked?: boolean, selected?: boolean,
 *   multiple?: boolean, noValidate?: boolean, title?: string, type?: string, name?: string,
 *   value?: string, id?: string, placeholder?: string, rows?: number, min?: string|number,
 *   max?: string|number, step?: string|number, colSpan?: number, autocomplete?: string, role?: string,
 *   tabIndex?: number, spellcheck?: boolean
 * }} Props
 */

/**
 * Creates an element. Children: nodes, strings (as text), null/undefined/false (skipped), arrays of these.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props} [props]
 * @param {...Children} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const settable = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (node));
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key === 'ariaLabel') node.setAttribute('aria-label', String(value));
    else if (key === 'for' || key === 'list') node.setAttribute(key, String(value));
    else if (['hidden', 'disabled', 'required', 'checked', 'selected', 'multiple', 'noValidate'].includes(key)) settable[key] = Boolean(value);
    else if (['title', 'type', 'name', 'value', 'id', 'placeholder', 'rows', 'min', 'max', 'step', 'colSpan', 'autocomplete', 'role', 'tabIndex', 'spellcheck'].includes(key)) settable[key] = value;
    else throw new Error(`el: unsupported property ${key}`);
  }
  append(node, ...children);
  return node;
}

/**
 * Appends children to a node; strings become text nodes.
 * @template {ParentNode} N
 * @param {N} node
 * @param {...Children} children
 * @returns {N}
 */
export function append(node, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Removes every child of a node.
 * @template {Node} N
 * @param {N} node
 * @returns {N}
 */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/**
 * Returns the URL when it is an absolute http(s) URL, otherwise null.
 * @param {unknown} value
 * @returns {string|null}
 */
export function safeHttpUrl(value) {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A link to an external page when the URL is http(s); otherwise the text alone, marked as an
 * unsafe address, so that `javascript:` and the like are never clickable.
 * @param {unknown} url
 * @param {unknown} [text]
 * @returns {HTMLElement}
 */
export function externalLink(url, text) {
  const label = text === undefined || text === null || text === '' ? String(url ?? '') : String(text);
  const href = safeHttpUrl(url);
  if (!href) {
    const address = String(url ?? '');
    return el('span', { class: 'unsafe-link', title: 'Адрес не http(s), ссылка не создана' },
      label,
      label !== address && address ? el('code', { class: 'unsafe-address', text: ` (${address.length > 200 ? `${address.slice(0, 200)}…` : address})` }) : null,
      ' ', el('span', { class: 'badge badge-warn', text: 'небезопасный адрес' }));
  }
  const link = el('a', { text: label });
  link.href = href;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  return link;
}

const moscowDateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const moscowDate = new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' });

/**
 * Formats an ISO date-time in Moscow time ("26.11.2026, 11:30 МСК"); '—' when absent or invalid.
 * @param {unknown} iso
 * @param {{dateOnly?: boolean}} [options]
 */
export function formatMoscow(iso, options = {}) {
  if (typeof iso !== 'string' || iso === '') return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return options.dateOnly ? moscowDate.format(date) : `${moscowDateTime.format(date)} МСК`;
}

/**
 * The value as an array, tolerating absent or malformed fields.
 * @template T
 * @param {unknown} value
 * @returns {T[]}
 */
export function list(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * A plain-text rendering of a value of unknown shape (history changes, override values).
 * @param {unknown} value
 */
export function plain(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
