// @ts-check
// The public page at `/` (no sign-in): the map of practices, search over approved items with
// filters (region, organisation, topic, source, dates) and paging, and the story view. Uses only
// the public read API (GET /regions, /regions/{code}, /practices, /stories/{id}, /sources). The
// state lives in the URL's query string (history.pushState), so a search or a story can be shared.

import { Api } from './api.js';
import { append, clear, el, externalLink, formatMoscow, list } from './dom.js';
import { ROLE_LABELS, label } from './labels.js';
import { renderMapSection } from './map-section.js';

/** @import { MapView } from './map.js' */

const FILTERS = /** @type {const} */ (['q', 'region', 'organisation', 'topic', 'source', 'from', 'to']);
const PAGE_SIZE = 10;
const BASE = 'console/';

const notice = /** @type {HTMLElement} */ (document.getElementById('notice'));
const searchBox = /** @type {HTMLElement} */ (document.getElementById('search-section'));
const storySection = /** @type {HTMLElement} */ (document.getElementById('story'));
const storyBody = /** @type {HTMLElement} */ (document.getElementById('story-body'));
const storyTitle = /** @type {HTMLElement} */ (document.getElementById('story-title'));

/** @type {Api} */
let api;
/** @type {MapView|null} */
let mapView = null;
/** @type {{regions: Array<[string, string]>, organisations: Array<[string, string]>, topics: Array<[string, string]>}} */
let catalogues = { regions: [], organisations: [], topics: [] };
/** @type {Array<[string, string]>} */
let sources = [];
/** Cursors of the pages before the current one (the Back button's way home). @type {string[]} */
let previousCursors = [];

/** @param {string} text @param {'info'|'ok'|'error'} [kind] */
function notify(text, kind = 'info') {
  clear(notice);
  notice.className = `notice notice-${kind}`;
  append(notice, el('span', { text }), ' ', el('button', { type: 'button', class: 'btn btn-small', text: 'Закрыть', on: { click: () => { notice.hidden = true; } } }));
  notice.hidden = false;
}

/** The page's state from the URL. */
function state() {
  return new URLSearchParams(location.search);
}

/** @param {URLSearchParams} next @param {{keepPaging?: boolean}} [options] */
function go(next, options = {}) {
  if (!options.keepPaging) previousCursors = [];
  const text = next.toString();
  history.pushState(null, '', text ? `?${text}` : location.pathname);
  render();
}

/** @param {Record<string, string>} changes */
function withFilters(changes) {
  const next = state();
  for (const [key, value] of Object.entries(changes)) {
    if (value) next.set(key, value);
    else next.delete(key);
  }
  next.delete('cursor');
  return next;
}

/**
 * A snippet from the search (when the API gives one): `{ field, text, marks }`, `marks` being
 * [start, end) offsets of the matched words in `text`. The marks become <mark> elements around text
 * nodes; nothing from the page is ever parsed as markup.
 * @param {unknown} snippet
 */
function renderSnippet(snippet) {
  const value = /** @type {{ text?: unknown, marks?: unknown } | null} */ (snippet && typeof snippet === 'object' ? snippet : null);
  if (!value || typeof value.text !== 'string' || value.text.trim() === '') return null;
  const text = value.text;
  const node = el('p', { class: 'snippet' });
  let at = 0;
  for (const mark of Array.isArray(value.marks) ? value.marks : []) {
    const [start, end] = Array.isArray(mark) ? mark : [];
    if (typeof start !== 'number' || typeof end !== 'number' || start < at || end <= start || end > text.length) continue;
    node.append(document.createTextNode(text.slice(at, start)), el('mark', { text: text.slice(start, end) }));
    at = end;
  }
  node.append(document.createTextNode(text.slice(at)));
  return node;
}

/** @param {string} id @param {Array<[string, string]>} pairs @param {string} code */
const nameOf = (id, pairs, code) => pairs.find(([key]) => key === code)?.[1] ?? code ?? id;

function renderSearch() {
  const current = state();
  clear(searchBox);
  /**
   * @param {string} name @param {string} text @param {Array<[string, string]>} options
   */
  const select = (name, text, options) => el('div', { class: 'filter' },
    el('label', { for: `f-${name}`, text }),
    el('select', { id: `f-${name}`, name },
      el('option', { value: '', text: 'любой' }),
      ...options.map(([value, title]) => el('option', { value, text: title, selected: current.get(name) === value }))));
  const form = el('form', { class: 'filters public-filters', role: 'search', on: { submit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    /** @type {Record<string, string>} */
    const changes = {};
    for (const key of FILTERS) changes[key] = String(data.get(key) ?? '').trim();
    go(withFilters(changes));
  } } },
  el('div', { class: 'filter filter-wide' }, el('label', { for: 'f-q', text: 'Слова' }), el('input', { id: 'f-q', name: 'q', type: 'search', value: current.get('q') ?? '', placeholder: 'например, тиражирование' })),
  select('region', 'Субъект', catalogues.regions),
  select('organisation', 'Организация', catalogues.organisations),
  select('topic', 'Тема', catalogues.topics),
  select('source', 'Источник', sources),
  el('div', { class: 'filter' }, el('label', { for: 'f-from', text: 'С даты' }), el('input', { id: 'f-from', name: 'from', type: 'date', value: current.get('from') ?? '' })),
  el('div', { class: 'filter' }, el('label', { for: 'f-to', text: 'По дату' }), el('input', { id: 'f-to', name: 'to', type: 'date', value: current.get('to') ?? '' })),
  el('div', { class: 'filter filter-buttons' },
    el('button', { type: 'submit', class: 'btn btn-primary', text: 'Найти' }),
    el('button', { type: 'button', class: 'btn', text: 'Сбросить', on: { click: () => go(new URLSearchParams()) } })));
  const counts = el('p', { class: 'counts', role: 'status', text: 'Загрузка…' });
  const results = el('ol', { class: 'results', ariaLabel: 'Найденные материалы' });
  const pager = el('nav', { class: 'pager', ariaLabel: 'Страницы результатов' });
  append(searchBox, form, counts, results, pager);
  void loadResults(current, counts, results, pager);
}

/**
 * @param {URLSearchParams} current @param {HTMLElement} counts @param {HTMLElement} results @param {HTMLElement} pager
 */
async function loadResults(current, counts, results, pager) {
  /** @type {Record<string, string|undefined>} */
  const query = { limit: String(PAGE_SIZE), cursor: current.get('cursor') ?? undefined };
  for (const key of FILTERS) query[key] = current.get(key) ?? undefined;
  let body;
  try {
    body = /** @type {any} */ ((await api.request('GET', '/practices', { auth: false, query })).body);
  } catch (error) {
    counts.textContent = `Поиск не выполнен: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  const items = list(body?.items);
  const page = previousCursors.length + 1;
  counts.textContent = items.length === 0 ? 'Ничего не найдено.' : `Страница ${page}: материалы ${(page - 1) * PAGE_SIZE + 1}–${(page - 1) * PAGE_SIZE + items.length}${body?.nextCursor ? ' (есть ещё)' : ''}`;
  for (const item of items) {
    const regions = list(item?.regions);
    const storyId = typeof item?.storyId === 'string' ? item.storyId : null;
    results.append(el('li', { class: 'result', dataset: { id: String(item?.id ?? '') } },
      el('h3', { class: 'result-title' }, externalLink(item?.url, String(item?.title ?? '(без заголовка)'))),
      el('p', { class: 'queue-meta muted', text: [nameOf('', sources, String(item?.sourceId ?? '')), formatMoscow(item?.publishedAt, { dateOnly: true }), regions.map((r) => `${r?.name ?? r?.code} (${label(ROLE_LABELS, String(r?.role ?? ''))})`).join(', ')].filter(Boolean).join(' · ') }),
      renderSnippet(item?.snippet) ?? (typeof item?.lead === 'string' && item.lead ? el('p', { class: 'snippet', text: item.lead }) : null),
      storyId ? el('button', { type: 'button', class: 'btn btn-small', text: 'Сюжет и путь практики', on: { click: () => go(withStory(storyId), { keepPaging: true }) } }) : null));
  }
  if (previousCursors.length) {
    pager.append(el('button', { type: 'button', class: 'btn', text: '← Назад', on: { click: () => {
      const back = previousCursors.pop() ?? '';
      const next = state();
      if (back) next.set('cursor', back);
      else next.delete('cursor');
      go(next, { keepPaging: true });
    } } }));
  }
  if (body?.nextCursor) {
    pager.append(el('button', { type: 'button', class: 'btn', text: 'Дальше →', on: { click: () => {
      previousCursors.push(current.get('cursor') ?? '');
      const next = state();
      next.set('cursor', String(body.nextCursor));
      go(next, { keepPaging: true });
    } } }));
  }
}

/** @param {string} storyId */
function withStory(storyId) {
  const next = state();
  next.set('story', storyId);
  return next;
}

async function renderStory() {
  const id = state().get('story');
  clear(storyBody);
  if (!id) {
    storySection.hidden = true;
    mapView?.showFlows([], []);
    return;
  }
  storySection.hidden = false;
  storyBody.append(el('p', { class: 'muted', role: 'status', text: 'Загрузка сюжета…' }));
  let story;
  try {
    story = /** @type {any} */ ((await api.request('GET', `/stories/${encodeURIComponent(id)}`, { auth: false })).body);
  } catch (error) {
    clear(storyBody);
    storyBody.append(el('p', { class: 'field-error', text: error instanceof Error ? error.message : String(error) }));
    return;
  }
  clear(storyBody);
  const timeline = story?.timeline ?? {};
  const regions = list(story?.regions);
  const origins = list(timeline.origins).map(String);
  const adopters = list(timeline.adopters).map((a) => String(a?.region ?? '')).filter(Boolean);
  mapView?.showFlows(origins.length ? origins : regions.filter((r) => r?.role === 'origin').map((r) => String(r.code)), adopters.length ? adopters : regions.filter((r) => r?.role === 'adopter').map((r) => String(r.code)));
  const regionName = (/** @type {string} */ code) => nameOf('', catalogues.regions, code);
  append(storyBody,
    el('h3', { class: 'story-heading', text: String(story?.title ?? '(без заголовка)') }),
    el('p', { class: 'muted', text: `Дата: ${formatMoscow(story?.publishedAt, { dateOnly: true })}` }),
    regions.length ? el('p', {}, 'Регионы: ', regions.map((r) => `${r?.name ?? r?.code} — ${label(ROLE_LABELS, String(r?.role ?? ''))}`).join('; ')) : null,
    list(story?.practices).length ? el('p', {}, 'Практики: ', list(story?.practices).map((p) => String(p?.name ?? '')).join('; ')) : null,
    list(story?.organisations).length ? el('p', {}, 'Организации: ', list(story?.organisations).map((o) => String(o?.name ?? '')).join('; ')) : null,
    origins.length || adopters.length ? el('p', { class: 'story-flow' }, `Путь практики: ${origins.map(regionName).join(', ') || '—'} → ${adopters.map(regionName).join(', ') || 'внедрений пока нет'} (на карте — стрелки)`) : null,
    el('h4', { text: 'Статьи' }),
    el('ul', { class: 'story-articles' }, ...list(story?.articles).map((a) => el('li', {}, externalLink(a?.url, String(a?.title ?? a?.url ?? '')), el('span', { class: 'muted', text: ` · ${String(a?.sourceId ?? '')} · ${formatMoscow(a?.publishedAt, { dateOnly: true })}` })))),
    el('button', { type: 'button', class: 'btn btn-small', text: 'Закрыть сюжет', on: { click: () => {
      const next = state();
      next.delete('story');
      go(next, { keepPaging: true });
    } } }));
  storyTitle.focus();
}

function render() {
  renderSearch();
  void renderStory();
}

async function start() {
  let apiBaseUrl = '';
  try {
    const [config, cats] = await Promise.all([
      fetch(`${BASE}config.json`).then((r) => (r.ok ? r.json() : null)),
      fetch(`${BASE}catalogues.json`).then((r) => (r.ok ? r.json() : null)),
    ]);
    apiBaseUrl = typeof config?.apiBaseUrl === 'string' ? config.apiBaseUrl : '';
    catalogues = { regions: list(cats?.regions), organisations: list(cats?.organisations), topics: list(cats?.topics) };
  } catch (error) {
    notify(`Настройки страницы не загружены: ${error instanceof Error ? error.message : String(error)}`, 'error');
  }
  api = new Api(apiBaseUrl);
  try {
    const body = /** @type {any} */ ((await api.request('GET', '/sources', { auth: false })).body);
    sources = list(body?.items).map((s) => /** @type {[string, string]} */ ([String(s?.id ?? ''), String(s?.name ?? s?.id ?? '')]));
  } catch {
    sources = [];
  }
  window.addEventListener('popstate', () => { previousCursors = []; render(); });
  render();
  mapView = await renderMapSection(/** @type {HTMLElement} */ (document.getElementById('map-section')), {
    api,
    mapUrl: `${BASE}russia-map.json`,
    onStory: (storyId) => go(withStory(storyId), { keepPaging: true }),
    onRegionFilter: (code) => go(withFilters({ region: code })),
  });
  // A story opened from a shared link draws its flow once the map is there.
  if (state().get('story')) void renderStory();
}

start();
