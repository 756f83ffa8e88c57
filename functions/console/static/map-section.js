// @ts-check
// The map with its region panel, as the public page and the console's map page show it: subjects
// coloured from GET /regions; selecting one (click, Enter, Space) lists its practices from
// GET /regions/{code}; "Показать путь" draws that practice's flow from its origins to its adopters.

import { append, clear, el, formatMoscow, list } from './dom.js';
import { ROLE_LABELS, label } from './labels.js';
import { loadRussiaMap, plural, renderRussiaMap } from './map.js';

/** @import { Api } from './api.js' */
/** @import { MapView, RegionCounts } from './map.js' */

/**
 * @typedef {{
 *   api: Api,
 *   mapUrl: string,
 *   onStory?: (storyId: string) => void,
 *   onRegionFilter?: (code: string) => void,
 *   notify?: (text: string, kind?: 'info'|'ok'|'error') => void,
 * }} MapSectionOptions
 */

/**
 * Renders the map section into `container`; resolves with the map view (null when the map or the
 * regions could not be loaded: the section then says so and the rest of the page works).
 * @param {HTMLElement} container
 * @param {MapSectionOptions} options
 * @returns {Promise<MapView|null>}
 */
export async function renderMapSection(container, options) {
  clear(container);
  const status = el('p', { class: 'counts', role: 'status', text: 'Загрузка карты…' });
  const panel = el('section', { class: 'region-panel', ariaLabel: 'Практики выбранного субъекта', tabIndex: -1 },
    el('p', { class: 'muted', text: 'Выберите субъект на карте (мышью или клавишами Tab и Enter), чтобы увидеть его практики.' }));
  const mapHolder = el('div', { class: 'map-holder' });
  append(container, status, el('div', { class: 'map-layout' }, mapHolder, panel));

  /** @type {[import('../console-types.js').RussiaMap, RegionCounts[]]} */
  let loaded;
  try {
    const [map, regions] = await Promise.all([
      loadRussiaMap(options.mapUrl),
      options.api.request('GET', '/regions', { auth: false }).then((r) => list(/** @type {any} */ (r.body)?.items)),
    ]);
    loaded = [map, regions];
  } catch (error) {
    status.textContent = `Карта недоступна: ${error instanceof Error ? error.message : String(error)}`;
    return null;
  }
  const [map, regions] = loaded;
  const withPractices = regions.filter((r) => Number(r?.originated ?? 0) + Number(r?.adopted ?? 0) > 0).length;
  status.textContent = `Субъектов с практиками: ${withPractices} из ${regions.length || map.regions.length + map.unmapped.length}.`;

  let request = 0;
  /** @type {MapView} */
  const view = renderRussiaMap(map, {
    counts: regions,
    onSelect: (code, name) => { void showRegion(code, name); },
  });
  mapHolder.append(view.element);

  /** @param {string} code @param {string} name */
  const showRegion = async (code, name) => {
    const mine = ++request;
    view.select(code);
    view.showFlows([], []);
    clear(panel);
    panel.append(el('h3', { text: name }), el('p', { class: 'muted', role: 'status', text: 'Загрузка…' }));
    panel.focus();
    let body;
    try {
      body = /** @type {any} */ ((await options.api.request('GET', `/regions/${encodeURIComponent(code)}`, { auth: false })).body);
    } catch (error) {
      if (mine !== request) return;
      clear(panel);
      panel.append(el('h3', { text: name }), el('p', { class: 'field-error', text: error instanceof Error ? error.message : String(error) }));
      return;
    }
    if (mine !== request) return;
    const practices = list(body?.practices);
    clear(panel);
    const heading = el('h3', { text: `${name}: ${practices.length} ${plural(practices.length, ['практика', 'практики', 'практик'])}` });
    panel.append(heading, el('p', { class: 'muted', text: `Своих: ${Number(body?.originated ?? 0)}, внедрено: ${Number(body?.adopted ?? 0)}, упоминается: ${Number(body?.mentioned ?? 0)}` }));
    if (options.onRegionFilter) {
      const filter = options.onRegionFilter;
      panel.append(el('button', { type: 'button', class: 'btn btn-small', text: 'Все материалы субъекта', on: { click: () => filter(code) } }));
    }
    if (practices.length === 0) {
      panel.append(el('p', { text: 'Практик этого субъекта пока нет.' }));
      return;
    }
    panel.append(el('ol', { class: 'region-practices' }, ...practices.map((practice) => {
      const timeline = practice?.timeline ?? {};
      const origins = list(timeline.origins).map(String);
      const adopters = list(timeline.adopters).map((a) => String(a?.region ?? '')).filter(Boolean);
      const storyId = list(practice?.stories)[0];
      return el('li', { class: 'region-practice', dataset: { id: String(practice?.id ?? '') } },
        el('div', { class: 'queue-title', text: String(practice?.title ?? '(без заголовка)') }),
        el('div', { class: 'queue-meta' },
          el('span', { class: `badge badge-role-${String(practice?.role ?? '')}`, text: label(ROLE_LABELS, String(practice?.role ?? '')) }), ' ',
          el('span', { class: 'muted', text: formatMoscow(practice?.latestAt, { dateOnly: true }) }), ' ',
          adopters.length || origins.length ? el('button', { type: 'button', class: 'btn btn-small', text: `Показать путь (${adopters.length} ${plural(adopters.length, ['внедрение', 'внедрения', 'внедрений'])})`, on: { click: () => view.showFlows(origins, adopters) } }) : null, ' ',
          storyId && options.onStory ? el('button', { type: 'button', class: 'btn btn-small', text: 'Сюжет', on: { click: () => options.onStory?.(String(storyId)) } }) : null));
    })));
  };
  return view;
}
