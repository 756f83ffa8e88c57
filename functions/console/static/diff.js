// @ts-check
// Word-level diff (longest common subsequence) for the "changed since last review" view.

import { el } from './dom.js';

// LCS is quadratic; past this many word pairs the texts are shown side by side instead.
const MAX_CELLS = 4_000_000;
// Below this share of unchanged words a rewrite reads better as before/after than as a diff.
const MIN_SHARED = 0.3;

/** @param {string} text */
function tokens(text) {
  return String(text ?? '').match(/\s+|[^\s]+/g) ?? [];
}

/**
 * The operations turning `before` into `after`: runs of equal, deleted and inserted text, or
 * null when the texts are too long to diff in the browser.
 * @param {string} before @param {string} after
 * @returns {{op: 'equal'|'delete'|'insert', text: string}[]|null}
 */
export function diffWords(before, after) {
  const a = tokens(before);
  const b = tokens(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > MAX_CELLS) return null;
  const width = midB.length + 1;
  const table = new Uint32Array((midA.length + 1) * width);
  for (let i = midA.length - 1; i >= 0; i--) {
    for (let j = midB.length - 1; j >= 0; j--) {
      table[i * width + j] = midA[i] === midB[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  /** @type {{op: 'equal'|'delete'|'insert', text: string}[]} */
  const ops = [];
  /** @param {'equal'|'delete'|'insert'} op @param {string} text */
  const push = (op, text) => {
    const last = ops[ops.length - 1];
    if (last && last.op === op) last.text += text;
    else ops.push({ op, text });
  };
  if (start > 0) push('equal', a.slice(0, start).join(''));
  let i = 0;
  let j = 0;
  while (i < midA.length && j < midB.length) {
    if (midA[i] === midB[j]) {
      push('equal', midA[i]);
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) push('delete', midA[i++]);
    else push('insert', midB[j++]);
  }
  while (i < midA.length) push('delete', midA[i++]);
  while (j < midB.length) push('insert', midB[j++]);
  if (endA < a.length) push('equal', a.slice(endA).join(''));
  return ops;
}

/**
 * Renders the difference between two texts: deletions struck through, insertions highlighted.
 * @param {string} before @param {string} after
 */
export function renderDiff(before, after) {
  const ops = diffWords(before, after);
  /** @param {string} text */
  const words = (text) => (text.match(/[^\s]+/g) ?? []).length;
  const shared = ops ? ops.filter((o) => o.op === 'equal').reduce((n, o) => n + words(o.text), 0) : 0;
  if (!ops || shared < MIN_SHARED * Math.max(words(before), words(after))) {
    return el('div', { class: 'diff-side' },
      el('div', {}, el('h4', { text: 'Было' }), el('div', { class: 'body-text', text: before })),
      el('div', {}, el('h4', { text: 'Стало' }), el('div', { class: 'body-text', text: after })));
  }
  const out = el('div', { class: 'diff body-text' });
  for (const { op, text } of ops) out.append(op === 'equal' ? document.createTextNode(text) : el(op === 'delete' ? 'del' : 'ins', { text }));
  return out;
}
