import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { comparePair, FEATURE_NAMES } from '../../functions/core/stories/features.js';
import { LINKING_MODELS, scorePracticePair, scoreStoryPair } from '../../functions/core/stories/linking.js';
import type { ArticleProfile } from '../../functions/core/stories/profile.js';
import { loadPairSet, profilesOf } from '../../scripts/stories/pair-set.js';

const dir = path.resolve(import.meta.dirname, '..', 'story-pairs');
let profiles: Map<string, ArticleProfile>;
const p = (id: string) => {
  const profile = profiles.get(id);
  if (!profile) throw new Error(`no article ${id} in the pair set`);
  return profile;
};

beforeAll(() => {
  profiles = profilesOf(loadPairSet(dir).articles);
});

describe('story linking on the pair set', () => {
  it('links the seed news told in Russian on mos.ru and retold in English, and says why', () => {
    const decision = scoreStoryPair(p('s01a-mos-ru-news'), p('s01b-madeinrussia-en'));
    expect(decision.linked).toBe(true);
    expect(decision.reasons.join('\n')).toMatch(/same figures: .*121/);
    expect(decision.reasons.join('\n')).toMatch(/same people: Мария Багреева/);
  });

  it('does not link near-identical texts about different regions', () => {
    for (const [a, b] of [
      ['s05a-govvrn-ru', 's06a-lipetsk-ru'],
      ['s25a-samregion-ru', 's26a-saratov-ru'],
      ['s08a-tatarstan-ru', 's09a-bashkortostan-ru'],
      ['s10a-madeinrussia-en', 's11a-madeinrussia-en'],
    ] as const) {
      const decision = scoreStoryPair(p(a), p(b));
      expect(decision.linked, `${a} ~ ${b}: ${decision.reasons.join('; ')}`).toBe(false);
      expect(decision.reasons.join('\n')).toMatch(/no region in common|different origin regions|no person in common|no figure in common/);
    }
  });

  it('does not link a later event of the same practice into the same story', () => {
    const decision = scoreStoryPair(p('s01a-mos-ru-news'), p('s03c-mos-ru-news'));
    expect(decision.linked).toBe(false);
    expect(decision.reasons[0]).toMatch(/beyond the 14-day story window/);
  });

  it('links the practice across those events instead', () => {
    expect(scorePracticePair(p('s12a-gov74-ru'), p('s13a-kurganobl-ru')).linked).toBe(true);
    expect(scorePracticePair(p('s05a-govvrn-ru'), p('s06a-lipetsk-ru'))).toMatchObject({ linked: false, reasons: ['no region in common'] });
  });

  it('does not link two articles of one place and day that share no figure, person or practice name', () => {
    const comparison = comparePair(p('s03b-madeinrussia-en'), p('s32a-mos-ru-news'));
    expect(comparison.features.closeButUnspecific).toBeGreaterThan(0);
    expect(LINKING_MODELS.story.weights.closeButUnspecific).toBeLessThan(0);
    const decision = scoreStoryPair(p('s03b-madeinrussia-en'), p('s32a-mos-ru-news'));
    expect(decision.linked, decision.reasons.join('; ')).toBe(false);
    expect(decision.reasons.join('\n')).toMatch(/close in time, nothing specific in common/);
    // A retelling shares specifics, so the feature stays off for it.
    expect(comparePair(p('s01a-mos-ru-news'), p('s01b-madeinrussia-en')).features.closeButUnspecific).toBe(0);
  });

  it('compares symmetrically', () => {
    for (const [a, b] of [['s01a-mos-ru-news', 's01b-madeinrussia-en'], ['s12c-economy-gov-ru', 's13b-gov74-ru']] as const) {
      expect(comparePair(p(a), p(b)).features).toEqual(comparePair(p(b), p(a)).features);
    }
  });

  it('keeps every feature within [0, 1] and the model within its features', () => {
    const { features } = comparePair(p('s24a-kremlin-ru'), p('s24d-madeinrussia-en'));
    for (const name of FEATURE_NAMES) expect(features[name]).toBeGreaterThanOrEqual(0), expect(features[name]).toBeLessThanOrEqual(1);
    expect(Object.keys(LINKING_MODELS.story.weights).sort()).toEqual([...FEATURE_NAMES].sort());
    expect(LINKING_MODELS.story.threshold).toBeGreaterThan(0.5);
  });
});
