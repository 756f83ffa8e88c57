import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assignStory, linkPractice } from '../../functions/core/stories/clustering.js';
import type { ArticleProfile } from '../../functions/core/stories/profile.js';
import { loadPairSet, profilesOf } from '../../scripts/stories/pair-set.js';

let profiles: Map<string, ArticleProfile>;
const p = (id: string) => profiles.get(id)!;

beforeAll(() => {
  profiles = profilesOf(loadPairSet(path.resolve(import.meta.dirname, '..', 'story-pairs')).articles);
});

describe('assignStory', () => {
  it('starts a story of its own when nothing links', () => {
    const assignment = assignStory(p('s01a-mos-ru-news'), [{ profile: p('s05a-govvrn-ru'), storyId: 'lmp' }]);
    expect(assignment).toEqual({ storyId: null, merge: [], links: [] });
  });

  it('joins the story of the article it links to, with the reasons', () => {
    const assignment = assignStory(p('s01b-madeinrussia-en'), [
      { profile: p('s01a-mos-ru-news'), storyId: 'moscow' },
      { profile: p('s02a-mos-ru-news'), storyId: 'technoparks' },
    ]);
    expect(assignment.storyId).toBe('moscow');
    expect(assignment.merge).toEqual([]);
    expect(assignment.links[0]!.decision.reasons.length).toBeGreaterThan(0);
  });

  it('merges two stories an arriving article bridges into the larger one', () => {
    const candidates = [
      { profile: p('s01a-mos-ru-news'), storyId: 'b' },
      { profile: p('s01c-mos-ru-depr'), storyId: 'a' },
      { profile: p('s01d-tass-ru'), storyId: 'b' },
    ];
    const sizes = new Map([['a', 1], ['b', 2]]);
    expect(assignStory(p('s01b-madeinrussia-en'), candidates, { sizes })).toMatchObject({ storyId: 'b', merge: ['a'] });
  });

  it('does not merge stories an editor kept apart', () => {
    const candidates = [
      { profile: p('s01a-mos-ru-news'), storyId: 'a' },
      { profile: p('s01c-mos-ru-depr'), storyId: 'b' },
    ];
    const assignment = assignStory(p('s01b-madeinrussia-en'), candidates, { keptApart: (x, y) => [x, y].sort().join() === 'a,b' });
    expect(assignment.storyId).toBe('a');
    expect(assignment.merge).toEqual([]);
  });
});

describe('linkPractice', () => {
  it('links a selection and a later adoption of one practice, and not two practices of one region', () => {
    const story = (id: string, ids: string[]) => ({ storyId: id, articles: ids.map(p) });
    const selected = story('s12', ['s12a-gov74-ru', 's12b-gubernator74-ru', 's12c-economy-gov-ru', 's12d-madeinrussia-en']);
    const adopted = story('s13', ['s13a-kurganobl-ru', 's13b-gov74-ru']);
    expect(linkPractice(selected, adopted)?.linked).toBe(true);
    const tourism = story('s09', ['s09a-bashkortostan-ru', 's09b-madeinrussia-en']);
    const buses = story('s17', ['s17a-orenburg-ru', 's17b-bashkortostan-ru']);
    expect(linkPractice(tourism, buses)).toBeNull();
  });
});
