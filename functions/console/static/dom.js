// DOM helpers. Every value from the API is untrusted text: it only ever reaches the page through
// textContent, attribute setters with fixed names, or a checked http(s) href. No HTML strings.

/**
 * Creates an element. `props` keys: `class`, `text`, `title`, `type`, `name`, `value`, `for`,
 * `id`, `placeholder`, `hidden`, `disabled`, `required`, `ariaLabel`, `dataset` (object),
 * `on` (event name → handler). Children: nodes, strings (as text), null/undefined (skipped).
 * @param {string} tag
 * @param {Record<string, any>} [props]
 * @param {...(Node|string|number|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = String(value);
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (key === 'ariaLabel') node.setAttribute('aria-label', String(value));
    else if (key === 'for' || key === 'list') node.setAttribute(key, String(value));
    else if (['hidden', 'disabled', 'required', 'checked', 'selected', 'multiple', 'noValidate'].includes(key)) node[key] = Boolean(value);
    else if (['title', 'type', 'name', 'value', 'id', 'placeholder', 'rows', 'min', 'max', 'step', 'colSpan', 'autocomplete', 'role', 'tabIndex', 'spellcheck'].includes(key)) node[key] = value;
    else throw new Error(`el: unsupported property ${key}`);
  }
  append(node, ...children);
  return node;
}

/**
 * Appends children to a node; strings become text nodes.
 * @param {Node} node
 * @param {...(Node|string|number|null|undefined|false)} children
 */
export function append(node, ...children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Removes every child of a node. @param {Node} node */
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
