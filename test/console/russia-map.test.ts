import { describe, expect, it } from 'vitest';
import { buildRussiaMap, project } from '../../functions/console/russia-map.js';
import regionCatalogue from '../../functions/core/catalogues/regions.json' with { type: 'json' };

describe('buildRussiaMap', () => {
  const map = buildRussiaMap();
  const [, , width, height] = map.viewBox.split(' ').map(Number) as [number, number, number, number];

  it('covers every subject of the catalogue exactly once: an outline from the package or a tile', () => {
    const codes = [...map.regions.map((r) => r.code), ...map.unmapped.map((r) => r.code)];
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.sort()).toEqual(regionCatalogue.regions.map((r) => r.code).sort());
    // What the package lacks today, named so that a geodata update that adds them is noticed.
    expect(map.unmapped.map((r) => r.code)).toEqual(['RU-DPR', 'RU-LPR', 'RU-ZAP', 'RU-KHE', 'RU-SEV']);
    expect(map.regions.find((r) => r.code === 'RU-MOW')?.name).toBe('Москва');
  });

  it('fits every outline into the viewBox, with centres inside it and Kaliningrad west of Chukotka', () => {
    for (const region of map.regions) {
      expect(region.d).toMatch(/^M[\d.]+ [\d.]+L/);
      const numbers = region.d.match(/-?[\d.]+/g)!.map(Number);
      for (let i = 0; i < numbers.length; i += 2) {
        expect(numbers[i]).toBeGreaterThanOrEqual(0);
        expect(numbers[i]).toBeLessThanOrEqual(width);
        expect(numbers[i + 1]).toBeGreaterThanOrEqual(0);
        expect(numbers[i + 1]).toBeLessThanOrEqual(height);
      }
    }
    const centre = (code: string) => map.regions.find((r) => r.code === code)!.centre;
    expect(centre('RU-KGD')[0]).toBeLessThan(centre('RU-MOW')[0]);
    expect(centre('RU-MOW')[0]).toBeLessThan(centre('RU-CHU')[0]);
    expect(centre('RU-MUR')[1]).toBeLessThan(centre('RU-KDA')[1]);
  });

  it('keeps Chukotka in one piece across the 180th meridian', () => {
    expect(project(179.9, 66)[0]).toBeLessThan(project(-179.9, 66)[0]);
  });

  it('refuses geodata naming a subject the catalogue does not know', () => {
    const feature = { properties: { id: 'RU-XXX', name: 'Nowhere' }, geometry: { type: 'Polygon' as const, coordinates: [[[30, 60], [31, 60], [31, 61], [30, 60]]] as Array<Array<[number, number]>> } };
    expect(() => buildRussiaMap([feature])).toThrow(/RU-XXX/);
  });
});
