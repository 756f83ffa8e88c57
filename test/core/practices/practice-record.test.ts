import { describe, expect, it } from 'vitest';
import { planObservation } from '../../../functions/core/practices/plan-observation.js';
import { practiceIdForUrl } from '../../../functions/core/practices/practice-identity.js';
import { truncateUtf8 } from '../../../functions/core/practices/record-limits.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { createdPractice as created, urlRowOf } from '../../support/practices.js';

describe('practice record rules', () => {
  it('derives a stable URL-safe id of at least 22 characters from the URL', () => {
    const id = practiceIdForUrl('https://www.mos.ru/news/item/1/');
    expect(id).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(practiceIdForUrl('https://www.mos.ru/news/item/1/')).toBe(id);
    expect(practiceIdForUrl('https://www.mos.ru/news/item/2/')).not.toBe(id);
  });

  it('cuts UTF-8 text on a character boundary', () => {
    const cut = truncateUtf8('ааааа', 5);
    expect(cut).toBe('аа');
    expect(truncateUtf8('short', 100)).toBe('short');
  });

  it('treats a small edit with the same title as a machine update, not a change', () => {
    const item = created(1);
    const edited = practiceObservation(1);
    edited.contentHash = 'slightly-different';
    const flipped = (parseInt(item.simhash.slice(-1), 16) ^ 1).toString(16);
    edited.simhash = item.simhash.slice(0, -1) + flipped;
    const plan = planObservation({ observation: edited, existing: { item, urlRow: urlRowOf(item) } });
    expect(plan.kind).toBe('updated');
  });

});
