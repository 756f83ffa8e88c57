import { describe, expect, it } from 'vitest';
import { getSourceProfile, sourceProfiles } from '../../functions/sources/profiles.js';
import { sources } from '../../functions/sources/registry.js';

describe('source profiles', () => {
  it('list the registered sources in the same order', () => {
    expect(sourceProfiles.map((p) => p.id)).toEqual(sources.map((s) => s.id));
  });

  it('are exactly the registered definitions without their parsers', () => {
    for (const source of sources) {
      // `selectors` belongs with the parsers: only the source doctor reads them.
      const { parseListing, parseArticle, selectors, ...profile } = source;
      expect(typeof parseListing).toBe('function');
      expect(typeof parseArticle).toBe('function');
      expect(selectors === undefined || typeof selectors === 'object').toBe(true);
      expect(getSourceProfile(source.id)).toEqual(profile);
    }
  });

  it('assume windows-1251 only where a capture showed it (asi.ru), UTF-8 everywhere else', () => {
    const legacy = sourceProfiles.filter((p) => p.charsetDefault !== 'utf-8').map((p) => [p.id, p.charsetDefault]);
    expect(legacy).toEqual([['asi-ru', 'windows-1251']]);
  });

  it('refuses an unknown id with the list of known ones', () => {
    expect(() => getSourceProfile('nope')).toThrow(/unknown source id "nope"; registered: mos-ru-news/);
  });
});
