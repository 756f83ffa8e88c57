// @ts-check
// The review queue: filters, the list (oldest first, "load more"), the selected record beside
// it, and keyboard shortcuts (j/k move, a approve, r reject, e edit).

import { ApiError } from './api.js';
import { append, clear, el, formatMoscow } from './dom.js';
import { renderItem } from './item.js';
import { CLASSIFIED_LABELS, STATUS_LABELS, label } from './labels.js';

/** The API's uncertainty band (core/learning/uncertainty.ts): a pending item no editor has classified, confidence 0.2–0.8. @param {EditorPractice} item */
const isUncertain = (item) =>
  item.status === 'pending' && typeof item.confidence === 'number' && item.confidence >= 0.2 && item.confidence <= 0.8 && !(item.overrides && Object.hasOwn(item.overrides, 'isPracticeAnnouncement'));

/** @import { ConsoleCatalogues, EditorPractice, ReviewFilters, SourceView } from '../console-types.js' */
/** @import { ItemKeys } from './item.js' */
/** @typedef {(text: string, kind?: 'ok'|'error'|'info') => void} Notify */

/** @type {Array<keyof ReviewFilters>} */
export const FILTER_KEYS = ['status', 'classified', 'region', 'organisation', 'source', 'topic', 'from', 'to', 'q'];
const PAGE_SIZE = 20;
/** @type {ReviewFilters} */
const DEFAULTS = { status: 'pending', classified: 'positive' };

/**
 * Reads the filters from the route's query string, with the queue's defaults.
 * @param {URLSearchParams} params
 * @returns {ReviewFilters}
 */
export function filtersFrom(params) {
  const filters = { ...DEFAULTS };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/**
 * Renders the queue page.
 * @param {HTMLElement} main
 * @param {{api: import('./api.js').Api, filters: ReviewFilters, catalogues: ConsoleCatalogues, navigate: (filters: ReviewFilters) => void, onAuthError: (e: ApiError) => void, notify: Notify}} ctx
 * @returns {() => void} cleanup (removes the keyboard listener)
 */
export function renderQueue(main, ctx) {
  /** @type {{items: EditorPractice[], nextCursor: string|null, selectedId: string|null, loading: boolean, keys: ItemKeys|null}} */
  const state = { items: [], nextCursor: null, selectedId: null, loading: false, keys: null };
  const listNode = el('ol', { class: 'queue-list', ariaLabel: 'Записи очереди' });
  const counts = el('p', { class: 'counts', role: 'status' });
  const more = el('button', { type: 'button', class: 'btn', text: 'Загрузить ещё', hidden: true, on: { click: () => load(false) } });
  const detail = el('div', { class: 'detail', tabIndex: -1 }, el('p', { class: 'muted', text: 'Выберите запись слева (клавиши j / k).' }));

  const form = filterForm(ctx.filters, ctx.catalogues, ctx.navigate);
  clear(main);
  append(main,
    el('section', { class: 'queue-page' },
      form,
      el('div', { class: 'split' },
        el('div', { class: 'queue-column' },
          el('div', { class: 'queue-toolbar' }, counts, el('button', { type: 'button', class: 'btn btn-small', text: 'Обновить', title: 'Загрузить очередь заново', on: { click: () => ctx.navigate(ctx.filters) } })),
          listNode, more,
          el('p', { class: 'hint muted', text: 'Клавиши: j — следующая, k — предыдущая, a — одобрить, r — отклонить, e — править, y / n — это объявление / не объявление (учит классификатор).' })),
        detail)));

  const updateCounts = () => {
    const byStatus = new Map();
    for (const item of state.items) byStatus.set(item.status, (byStatus.get(item.status) ?? 0) + 1);
    const parts = [...byStatus].map(([status, n]) => `${label(STATUS_LABELS, status)}: ${n}`);
    counts.textContent = state.items.length === 0
      ? 'Ничего не найдено по этим фильтрам.'
      : `Показано ${state.items.length}${state.nextCursor ? ' (есть ещё)' : ' (это все)'}${parts.length ? ` · ${parts.join(', ')}` : ''}`;
    more.hidden = !state.nextCursor;
  };

  /** @param {EditorPractice} item */
  const rowFor = (item) => {
    const status = String(item.status ?? '');
    const yes = item.isPracticeAnnouncement === true;
    const confidence = typeof item.confidence === 'number' ? ` ${Math.round(item.confidence * 100)} %` : '';
    const row = el('li', { class: 'queue-item', dataset: { id: String(item.id) }, tabIndex: 0, on: {
      click: () => select(item.id),
      keydown: (/** @type {KeyboardEvent} */ event) => { if (event.key === 'Enter') select(item.id); },
    } },
    el('div', { class: 'queue-title', text: item.title ?? '(без заголовка)' }),
    el('div', { class: 'queue-meta' },
      el('span', { class: `badge badge-status-${status}`, text: label(STATUS_LABELS, status) }), ' ',
      el('span', { class: `badge ${yes ? 'badge-yes' : 'badge-no'}`, title: 'Объявление ли это (с учётом правки редактора) и уверенность классификатора', text: `${yes ? 'да' : 'нет'}${confidence}` }), ' ',
      item.change ? el('span', { class: 'badge badge-warn', text: 'изменено' }) : null, ' ',
      isUncertain(item) ? el('span', { class: 'badge badge-warn', title: 'Классификатор не уверен: вердикт редактора (y / n) научит его', text: 'не уверен' }) : null, ' ',
      item.overrides && Object.keys(item.overrides).length ? el('span', { class: 'badge badge-override', text: 'правка' }) : null, ' ',
      el('span', { class: 'muted', text: `${item.sourceId ?? ''} · ${formatMoscow(item.publishedAt, { dateOnly: true })}` })));
    if (item.id === state.selectedId) row.classList.add('selected');
    return row;
  };

  const redrawList = () => {
    clear(listNode);
    for (const item of state.items) listNode.append(rowFor(item));
    updateCounts();
    if (state.items.length === 0) {
      clear(detail);
      detail.append(el('p', { class: 'muted', text: 'Здесь ничего нет. Измените фильтры или загляните позже.' }));
    }
  };

  /** @param {string} id */
  const select = (id) => {
    const item = state.items.find((i) => i.id === id);
    if (!item) return;
    state.selectedId = id;
    for (const row of listNode.querySelectorAll('li')) row.classList.toggle('selected', row.dataset.id === id);
    listNode.querySelector('.selected')?.scrollIntoView({ block: 'nearest' });
    state.keys = renderItem(detail, item, {
      api: ctx.api,
      onAuthError: ctx.onAuthError,
      reload: (itemId) => reload(itemId),
      onUpdated: (updated, message) => {
        const index = state.items.findIndex((i) => i.id === updated.id);
        if (index >= 0) state.items[index] = updated;
        redrawList();
        select(updated.id);
        ctx.notify(message, 'ok');
      },
    });
  };

  // The contract has no single-record read for editors: look the record up in the queue under
  // every status and verdict, since another editor may have moved it out of the current filter.
  /** @param {string} id @returns {Promise<EditorPractice|null>} */
  const reload = async (id) => {
    const base = { ...ctx.filters, classified: 'all', limit: '100' };
    for (const status of [ctx.filters.status, ...Object.keys(STATUS_LABELS).filter((s) => s !== ctx.filters.status)]) {
      let cursor = null;
      for (let page = 0; page < 5; page++) {
        const result = await ctx.api.review({ ...base, status }, cursor);
        const found = (result?.items ?? []).find((i) => i.id === id);
        if (found) return found;
        cursor = result?.nextCursor ?? null;
        if (!cursor) break;
      }
    }
    return null;
  };

  /** @param {boolean} reset */
  const load = async (reset) => {
    if (state.loading) return;
    state.loading = true;
    more.disabled = true;
    if (reset) counts.textContent = 'Загрузка…';
    try {
      const page = await ctx.api.review({ ...ctx.filters, limit: String(PAGE_SIZE) }, reset ? null : state.nextCursor);
      const items = Array.isArray(page?.items) ? page.items.filter((i) => i && typeof i.id === 'string') : [];
      const known = new Set(state.items.map((i) => i.id));
      state.items.push(...items.filter((i) => !known.has(i.id)));
      state.nextCursor = typeof page?.nextCursor === 'string' && page.nextCursor ? page.nextCursor : null;
      redrawList();
      if (!state.selectedId && state.items[0]) select(state.items[0].id);
    } catch (error) {
      counts.textContent = 'Очередь не загружена.';
      if (error instanceof ApiError && error.status === 401) ctx.onAuthError(error);
      else ctx.notify(error instanceof Error ? error.message : String(error), 'error');
    } finally {
      state.loading = false;
      more.disabled = false;
    }
  };

  /** @param {number} delta */
  const move = (delta) => {
    const index = state.items.findIndex((i) => i.id === state.selectedId);
    const next = state.items[Math.max(0, Math.min(state.items.length - 1, index + delta))];
    if (next) select(next.id);
  };

  /** @param {KeyboardEvent} event */
  const onKey = (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
    // Physical keys, so that the shortcuts also work with the Russian layout (where J types «о»).
    /** @type {Record<string, () => void>} */
    const actions = { KeyJ: () => move(1), KeyK: () => move(-1), KeyA: () => state.keys?.approve(), KeyR: () => state.keys?.openReject(), KeyE: () => state.keys?.openEdit(), KeyY: () => state.keys?.verdict(true), KeyN: () => state.keys?.verdict(false) };
    const action = Object.hasOwn(actions, event.code) ? actions[event.code] : null;
    if (!action) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onKey);
  load(true);
  return () => document.removeEventListener('keydown', onKey);
}

/**
 * The filter form; submitting it navigates to the queue with the new filters.
 * @param {ReviewFilters} filters @param {ConsoleCatalogues} catalogues @param {(filters: ReviewFilters) => void} navigate
 */
function filterForm(filters, catalogues, navigate) {
  /** @param {keyof ReviewFilters} name @param {Record<string, string>} labels */
  const select = (name, labels) => el('select', { name, id: `filter-${name}` },
    ...Object.entries(labels).map(([value, text]) => el('option', { value, text, selected: filters[name] === value })));
  /** @param {keyof ReviewFilters} name @param {string} type @param {string} placeholder @param {import('./dom.js').Props} [extra] */
  const input = (name, type, placeholder, extra = {}) => el('input', { name, id: `filter-${name}`, type, placeholder, value: filters[name] ?? '', ...extra });
  /** @param {string} name @param {string} text @param {HTMLElement} control */
  const field = (name, text, control) => el('div', { class: 'filter' }, el('label', { for: `filter-${name}`, text }), control);

  const form = el('form', { class: 'filters', role: 'search', on: {
    submit: (event) => {
      event.preventDefault();
      const data = new FormData(form);
      /** @type {ReviewFilters} */
      const next = {};
      for (const key of FILTER_KEYS) {
        const value = String(data.get(key) ?? '').trim();
        if (value) next[key] = key === 'region' ? value.toUpperCase() : value;
      }
      navigate(next);
    },
    change: (/** @type {Event} */ event) => { if (event.target instanceof HTMLSelectElement) form.requestSubmit(); },
  } },
  field('status', 'Статус', select('status', STATUS_LABELS)),
  field('classified', 'Вердикт', select('classified', CLASSIFIED_LABELS)),
  field('region', 'Регион', input('region', 'text', 'RU-MOW', { list: 'region-codes' })),
  field('organisation', 'Организация', input('organisation', 'text', 'minek', { list: 'organisation-ids' })),
  field('source', 'Источник', input('source', 'text', 'mos-ru-news', { list: 'source-ids' })),
  field('topic', 'Тема', input('topic', 'text', 'regional-and-municipal-management')),
  field('from', 'С даты', input('from', 'date', '')),
  field('to', 'По дату', input('to', 'date', '')),
  field('q', 'Поиск', input('q', 'search', 'слова из заголовка')),
  el('div', { class: 'filter filter-buttons' },
    el('button', { type: 'submit', class: 'btn btn-primary', text: 'Применить' }),
    el('button', { type: 'button', class: 'btn', text: 'Сбросить', on: { click: () => navigate({}) } })),
  el('datalist', { id: 'region-codes' }, ...catalogues.regions.map(([code, name]) => el('option', { value: code, text: name }))),
  el('datalist', { id: 'organisation-ids' }, ...catalogues.organisations.map(([id, name]) => el('option', { value: id, text: name }))),
  el('datalist', { id: 'source-ids' }));
  return form;
}

/**
 * Fills the source suggestions once the public source list has arrived.
 * @param {SourceView[]} sources
 */
export function offerSources(sources) {
  const datalist = document.getElementById('source-ids');
  if (!datalist) return;
  clear(datalist);
  for (const source of sources) if (typeof source?.id === 'string') datalist.append(el('option', { value: source.id, text: String(source.name ?? '') }));
}
