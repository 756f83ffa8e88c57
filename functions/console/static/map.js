// @ts-check
// The map of Russia's federal subjects, drawn as SVG from russia-map.json (outlines projected on the
// server from the geodata package). Shared by the public page and the console: regions coloured by
// the practices they originated or adopted, a legend, a tooltip, keyboard access (every subject is a
// focusable button; Enter or Space selects it) and flows from a practice's origins to its adopters.
// Subjects without an outline in the package are drawn as labelled tiles below the outlines.

import { el } from './dom.js';

/** @import { RussiaMap } from '../console-types.js' */

/**
 * What the map colours a subject by: the `/regions` counts.
 * @typedef {{code: string, name?: string, originated?: number, adopted?: number, mentioned?: number}} RegionCounts
 */

/**
 * @typedef {{
 *   select: (code: string|null) => void,
 *   showFlows: (origins: string[], adopters: string[]) => void,
 *   element: HTMLElement,
 * }} MapView
 */

const SVG = 'http://www.w3.org/2000/svg';
/** Colour classes by originated + adopted: none, 1, 2–3, 4–7, 8 and more. */
const LEVELS = [
  { min: 0, label: 'нет практик' },
  { min: 1, label: '1' },
  { min: 2, label: '2–3' },
  { min: 4, label: '4–7' },
  { min: 8, label: '8 и больше' },
];
const TILE_W = 150;
const TILE_H = 24;
const TILE_GAP = 8;
const TILE_BAND = 44;
/** Moscow, Saint Petersburg and Sevastopol: subjects too small on the map to tap on a phone. */
const FEDERAL_CITIES = ['RU-MOW', 'RU-SPE', 'RU-SEV'];

/** @param {number} n */
function levelOf(n) {
  let level = 0;
  LEVELS.forEach((l, i) => { if (n >= l.min) level = i; });
  return level;
}

/** @param {number} n @param {[string, string, string]} forms one, few, many */
export function plural(n, forms) {
  const mod10 = n % 10;
  const mod100 = n % 100;
  if (mod10 === 1 && mod100 !== 11) return forms[0];
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return forms[1];
  return forms[2];
}

/** @param {RegionCounts|undefined} c */
export function describeCounts(c) {
  const o = Number(c?.originated ?? 0);
  const a = Number(c?.adopted ?? 0);
  const m = Number(c?.mentioned ?? 0);
  return `своих практик: ${o}, внедрено чужих: ${a}, упоминаний: ${m}`;
}

/**
 * @template {keyof SVGElementTagNameMap} K
 * @param {K} tag @param {Record<string, string|number>} [attrs]
 * @returns {SVGElementTagNameMap[K]}
 */
function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  return node;
}

/** Loads the map file (once per page). @param {string} url @returns {Promise<RussiaMap>} */
export async function loadRussiaMap(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`карта не загружена (HTTP ${response.status})`);
  const body = await response.json();
  if (!Array.isArray(body?.regions) || typeof body?.viewBox !== 'string') throw new Error('файл карты повреждён');
  // The licence file sits beside the map file, wherever the page that shows it is.
  if (body.attribution && typeof body.attribution.licence === 'string') body.attribution.licence = new URL(body.attribution.licence, new URL(url, location.href)).href;
  return body;
}

/**
 * Draws the map into a new element.
 * @param {RussiaMap} map
 * @param {{counts: RegionCounts[], onSelect: (code: string, name: string) => void, label?: string}} options
 * @returns {MapView}
 */
export function renderRussiaMap(map, options) {
  const counts = new Map(options.counts.map((c) => [c.code, c]));
  const [, , width = 1000, height = 600] = map.viewBox.split(/\s+/).map(Number);
  const unmapped = Array.isArray(map.unmapped) ? map.unmapped : [];
  const total = height + (unmapped.length ? TILE_BAND : 0);
  const root = svg('svg', { viewBox: `0 0 ${width} ${total}`, class: 'russia-map', role: 'group', 'aria-label': options.label ?? 'Карта субъектов России: цвет — число практик, разработанных или внедрённых в субъекте' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'flow-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0 0L10 5L0 10Z', class: 'flow-head' }));
  defs.append(marker);
  root.append(defs);

  const wrapper = el('div', { class: 'map-wrap' });
  const tooltip = el('div', { class: 'map-tooltip', hidden: true });
  tooltip.setAttribute('aria-hidden', 'true');
  /** @type {Map<string, {node: SVGElement, centre: [number, number], name: string}>} */
  const nodes = new Map();

  /** @param {SVGElement} node @param {string} code @param {string} name */
  const wire = (node, code, name) => {
    const c = counts.get(code);
    const score = Number(c?.originated ?? 0) + Number(c?.adopted ?? 0);
    node.setAttribute('class', `${node.getAttribute('class') ?? ''} map-region map-l${levelOf(score)}`.trim());
    node.setAttribute('tabindex', '0');
    node.setAttribute('role', 'button');
    node.setAttribute('data-code', code);
    node.setAttribute('aria-label', `${name}: ${describeCounts(c)}`);
    const show = (/** @type {number} */ x, /** @type {number} */ y) => {
      tooltip.textContent = '';
      tooltip.append(el('strong', { text: name }), el('br'), describeCounts(c));
      tooltip.hidden = false;
      const box = wrapper.getBoundingClientRect();
      tooltip.style.left = `${Math.max(0, Math.min(x - box.left + 12, box.width - 220))}px`;
      tooltip.style.top = `${Math.max(0, y - box.top + 12)}px`;
    };
    node.addEventListener('mousemove', (event) => show(/** @type {MouseEvent} */ (event).clientX, /** @type {MouseEvent} */ (event).clientY));
    node.addEventListener('mouseleave', () => { tooltip.hidden = true; });
    node.addEventListener('focus', () => {
      const r = node.getBoundingClientRect();
      show(r.left + r.width / 2, r.top + r.height / 2);
    });
    node.addEventListener('blur', () => { tooltip.hidden = true; });
    node.addEventListener('click', () => options.onSelect(code, name));
    node.addEventListener('keydown', (event) => {
      const key = /** @type {KeyboardEvent} */ (event).key;
      if (key === 'Enter' || key === ' ') {
        event.preventDefault();
        options.onSelect(code, name);
      }
    });
  };

  const outlines = svg('g', { class: 'map-outlines' });
  for (const region of map.regions) {
    const path = svg('path', { d: region.d });
    wire(path, region.code, region.name);
    nodes.set(region.code, { node: path, centre: region.centre, name: region.name });
    outlines.append(path);
  }
  root.append(outlines);

  if (unmapped.length) {
    const tiles = svg('g', { class: 'map-tiles' });
    const rowWidth = unmapped.length * TILE_W + (unmapped.length - 1) * TILE_GAP;
    let x = Math.max(0, (width - rowWidth) / 2);
    const y = height + (TILE_BAND - TILE_H) / 2;
    for (const subject of unmapped) {
      const tile = svg('g', { class: 'map-tile' });
      const rect = svg('rect', { x, y, width: TILE_W, height: TILE_H, rx: 3 });
      const text = svg('text', { x: x + TILE_W / 2, y: y + TILE_H / 2 + 4, 'text-anchor': 'middle', 'aria-hidden': 'true' });
      const short = subject.name.replace('Народная Республика', 'НР');
      text.textContent = short;
      tile.append(rect, text);
      wire(tile, subject.code, subject.name);
      // The accessible name starts with the words shown, so speech input can name the tile.
      if (short !== subject.name) tile.setAttribute('aria-label', `${short} (${subject.name}): ${describeCounts(counts.get(subject.code))}`);
      nodes.set(subject.code, { node: tile, centre: [x + TILE_W / 2, y], name: subject.name });
      tiles.append(tile);
      x += TILE_W + TILE_GAP;
    }
    root.append(tiles);
  }
  const flows = svg('g', { class: 'map-flows', 'aria-hidden': 'true' });
  root.append(flows);

  const legend = el('ul', { class: 'map-legend', ariaLabel: 'Легенда: практик разработано или внедрено' },
    ...LEVELS.map((level, i) => el('li', {}, el('span', { class: `swatch map-l${i}` }), level.label)),
    el('li', {}, el('span', { class: 'swatch swatch-flow' }), 'путь практики: от автора к внедрившим'));
  const attribution = el('p', { class: 'map-attribution muted' });
  const link = el('a', { text: map.attribution?.text ?? 'Контуры: amCharts' });
  link.href = map.attribution?.url ?? 'https://www.amcharts.com/';
  link.rel = 'noopener noreferrer';
  const licence = el('a', { text: 'лицензия' });
  licence.href = map.attribution?.licence ?? 'russia-map-licence.txt';
  attribution.append(link, ' (', licence, `) · субъектов на карте: ${nodes.size}`);
  wrapper.append(root, tooltip);
  // The three federal cities are a few pixels wide on a phone: buttons of a finger's size reach them
  // there (shown by the stylesheet on narrow screens only; the outlines stay the keyboard's way in).
  const small = el('div', { class: 'map-small', role: 'group', ariaLabel: 'Города федерального значения' },
    ...FEDERAL_CITIES.filter((code) => nodes.has(code)).map((code) => {
      const { name } = /** @type {{name: string}} */ (nodes.get(code));
      const c = counts.get(code);
      const button = el('button', { type: 'button', class: `btn map-small-city map-l${levelOf(Number(c?.originated ?? 0) + Number(c?.adopted ?? 0))}`, text: name, dataset: { small: code }, on: { click: () => options.onSelect(code, name) } });
      button.setAttribute('aria-label', `${name}: ${describeCounts(c)}`);
      return button;
    }));
  const element = el('div', { class: 'map-block' }, wrapper, small, legend, attribution);

  return {
    element,
    select(code) {
      for (const [key, { node }] of nodes) node.classList.toggle('selected', key === code);
    },
    showFlows(origins, adopters) {
      while (flows.firstChild) flows.removeChild(flows.firstChild);
      for (const [, { node }] of nodes) node.classList.remove('flow-origin', 'flow-adopter');
      for (const from of origins) {
        const a = nodes.get(from);
        if (!a) continue;
        a.node.classList.add('flow-origin');
        for (const to of adopters) {
          const b = nodes.get(to);
          if (!b || to === from) continue;
          b.node.classList.add('flow-adopter');
          const [x1, y1] = a.centre;
          const [x2, y2] = b.centre;
          // A bow to the north so flows between neighbours stay visible.
          const mx = (x1 + x2) / 2;
          const my = (y1 + y2) / 2 - Math.max(20, Math.hypot(x2 - x1, y2 - y1) / 4);
          flows.append(svg('path', { d: `M${x1} ${y1}Q${mx} ${my} ${x2} ${y2}`, class: 'flow', 'marker-end': 'url(#flow-arrow)', 'data-from': from, 'data-to': to }));
        }
      }
    },
  };
}
