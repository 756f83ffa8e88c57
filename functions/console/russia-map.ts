import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import regionCatalogue from '../core/catalogues/regions.json' with { type: 'json' };
import type { RussiaMap } from './console-types.js';

export type { MapRegion, RussiaMap } from './console-types.js';

/**
 * The map of Russia's federal subjects that the public page and the console draw: outlines from
 * the amCharts 5 geodata package (`russiaCrimeaLow`, GeoJSON keyed by ISO 3166-2:RU codes, linkware
 * licence: the map shows its attribution link), projected here once into SVG path strings so the
 * browser only draws paths (no projection code, no tile server, no CDN). Served as its own static
 * asset (`russia-map.json`) because it is ~150 KB, not inside every page.
 *
 * The catalogue is the authority on which subjects exist. Subjects the package has no outline for
 * (today Sevastopol, the DPR, the LPR, Zaporozhye and Kherson oblasts) are listed in `unmapped` and
 * drawn as labelled tiles beside the outlines; an outline whose code the catalogue lacks is an error.
 */

type Ring = Array<[number, number]>;
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
interface Feature {
  properties: { id: string; name: string };
  geometry: Geometry;
}

const require = createRequire(import.meta.url);

/** Reads the package's GeoJSON (a JSON file beside its ES modules). */
function loadFeatures(): Feature[] {
  const file = require.resolve('@amcharts/amcharts5-geodata/json/russiaCrimeaLow.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { features: Feature[] }).features;
}

const RAD = Math.PI / 180;
// Albers equal-area conic as Russian atlases use it: central meridian 100°E, standard parallels 52° and 64°.
const LON0 = 100 * RAD;
const PHI1 = 52 * RAD;
const PHI2 = 64 * RAD;
const N = (Math.sin(PHI1) + Math.sin(PHI2)) / 2;
const C = Math.cos(PHI1) ** 2 + 2 * N * Math.sin(PHI1);
const RHO0 = Math.sqrt(C - 2 * N * Math.sin(55 * RAD)) / N;

/** Projects a longitude/latitude pair; Chukotka's points west of −170° are taken east of 180°. */
export function project(lon: number, lat: number): [number, number] {
  const lambda = (lon < -100 ? lon + 360 : lon) * RAD;
  const rho = Math.sqrt(C - 2 * N * Math.sin(lat * RAD)) / N;
  const theta = N * (lambda - LON0);
  return [rho * Math.sin(theta), -(RHO0 - rho * Math.cos(theta))];
}

function polygonsOf(geometry: Geometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Signed area and centroid of a projected ring (shoelace). */
function ringCentroid(ring: Ring): { area: number; x: number; y: number } {
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % ring.length]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  area /= 2;
  return area === 0 ? { area: 0, x: ring[0]![0], y: ring[0]![1] } : { area, x: x / (6 * area), y: y / (6 * area) };
}

/** Width of the drawing in viewBox units; heights follow the country's shape. */
const WIDTH = 1000;
const MARGIN = 10;

/**
 * Builds the map from the package and the region catalogue. Throws when the package names a
 * subject the catalogue does not have, so a geodata update cannot slip in an unknown code.
 */
export function buildRussiaMap(features: Feature[] = loadFeatures()): RussiaMap {
  const names = new Map(regionCatalogue.regions.map((r) => [r.code, r.name]));
  const unknown = features.map((f) => f.properties.id).filter((code) => !names.has(code));
  if (unknown.length) throw new Error(`russia map: the geodata has subjects the catalogue lacks: ${unknown.join(', ')}`);

  const projected = features.map((f) => ({ code: f.properties.id, polygons: polygonsOf(f.geometry).map((rings) => rings.map((ring) => ring.map(([lon, lat]) => project(lon, lat)))) }));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const f of projected) for (const polygon of f.polygons) for (const [x, y] of polygon[0]!) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const scale = (WIDTH - 2 * MARGIN) / (maxX - minX);
  const height = Math.ceil((maxY - minY) * scale + 2 * MARGIN);
  const fit = ([x, y]: [number, number]): [number, number] => [Math.round(((x - minX) * scale + MARGIN) * 10) / 10, Math.round(((y - minY) * scale + MARGIN) * 10) / 10];

  const regions = projected.map(({ code, polygons }) => {
    let d = '';
    let best = { area: 0, x: 0, y: 0 };
    for (const polygon of polygons) {
      for (const ring of polygon) {
        const points = ring.map(fit);
        // Consecutive points that round to the same place add bytes and nothing else.
        const kept = points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);
        if (kept.length < 3) continue;
        d += `M${kept.map(([x, y]) => `${x} ${y}`).join('L')}Z`;
      }
      const outer = ringCentroid(polygon[0]!.map(fit));
      if (Math.abs(outer.area) > Math.abs(best.area)) best = outer;
    }
    return { code, name: names.get(code)!, d, centre: [Math.round(best.x * 10) / 10, Math.round(best.y * 10) / 10] as [number, number] };
  });
  regions.sort((a, b) => (a.code < b.code ? -1 : 1));
  const mapped = new Set(regions.map((r) => r.code));
  return {
    viewBox: `0 0 ${WIDTH} ${height}`,
    regions,
    unmapped: regionCatalogue.regions.filter((r) => !mapped.has(r.code)).map((r) => ({ code: r.code, name: r.name })),
    attribution: { text: 'Контуры: amCharts', url: 'https://www.amcharts.com/', licence: MAP_LICENCE_FILE },
  };
}

/** Where the map's licence is served, beside the map file (the linkware licence asks that it travels with the data). */
export const MAP_LICENCE_FILE = 'russia-map-licence.txt';

/** The geodata package's own LICENSE text, served beside the map file derived from it. */
export function geodataLicence(): string {
  return readFileSync(require.resolve('@amcharts/amcharts5-geodata/LICENSE'), 'utf8');
}

let cached: string | null = null;

/** The map as the JSON body served at `russia-map.json` (built once per process). */
export function russiaMapJson(): string {
  cached ??= JSON.stringify(buildRussiaMap());
  return cached;
}
