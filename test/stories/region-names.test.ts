import { describe, expect, it } from 'vitest';
import catalogue from '../../functions/core/catalogues/regions.json' with { type: 'json' };
import names from '../../functions/core/stories/region-names.json' with { type: 'json' };

describe('region-names.json', () => {
  it('names exactly the federal subjects of the regions catalogue', () => {
    const expected = Object.fromEntries(catalogue.regions.map((r) => [r.code, r.name]));
    expect(names.regions, `regenerate functions/core/stories/region-names.json from the catalogue: ${JSON.stringify(expected)}`).toEqual(expected);
  });
});
