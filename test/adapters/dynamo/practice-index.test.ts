import { describe, expect, it } from 'vitest';
import { fitForStorage } from '../../../functions/adapters/dynamo/item-budget.js';
import { INDEX_CAPS, indexEntries, planPublicListing } from '../../../functions/adapters/dynamo/practice-index.js';
import { ValidationError } from '../../../functions/core/errors.js';
import { planEditorAction } from '../../../functions/core/practices/plan-editor-action.js';
import { planObservation } from '../../../functions/core/practices/plan-observation.js';
import type { PracticeItem } from '../../../functions/core/ports.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';
import { createdPractice as created, urlRowOf } from '../../support/practices.js';

describe('practice records in the table (listing index and item budget)', () => {
  it('keeps index rows within the transaction limit however many regions a record names', () => {
    const item = created(2);
    item.extraction.regions = Array.from({ length: 40 }, (_, i) => ({ code: `RU-X${i}`, name: `Регион ${i}`, role: 'mentioned' as const }));
    item.extraction.organisations = Array.from({ length: 40 }, (_, i) => ({ id: `org-${i}`, name: `Орг ${i}` }));
    item.extraction.topics = Array.from({ length: 40 }, (_, i) => `topic-${i}`);
    const approved = planEditorAction(item, { type: 'approve' }, 'e', '2025-01-01T00:00:00Z').item;
    const before = indexEntries(item);
    const after = indexEntries(approved);
    const keys = new Set([...before, ...after].map((e) => e.gpk));
    // Record, history row and request token beside every index row touched.
    expect(keys.size + 3).toBeLessThanOrEqual(100);
    expect(after.filter((e) => e.gpk.startsWith('PUB#R#'))).toHaveLength(INDEX_CAPS.regions);
    expect(after[0]!.flt.filter((t) => t.startsWith('R:')).length).toBeGreaterThan(INDEX_CAPS.regions);
  });

  it('orders public entries by the instant, whatever the offset', () => {
    const a = created(3);
    const b = created(4);
    a.extraction.publishedAt = '2025-01-01T02:00:00+03:00';
    b.extraction.publishedAt = '2024-12-31T23:30:00Z';
    const approve = (item: PracticeItem) => planEditorAction(item, { type: 'approve' }, 'e', '2025-01-02T00:00:00Z').item;
    const gsk = (item: PracticeItem) => indexEntries(approve(item)).find((e) => e.gpk === 'PUB#ALL')!.gsk;
    expect(gsk(a) < gsk(b)).toBe(true);
  });

  it('keeps a record under 400 KB whatever the page held', () => {
    const hostile = practiceObservation(5);
    const mega = 'ж'.repeat(600_000);
    Object.assign(hostile.extraction, {
      title: mega,
      lead: mega,
      bodyText: mega,
      reasons: Array.from({ length: 10_000 }, () => mega.slice(0, 5_000)),
      figures: Array.from({ length: 10_000 }, (_, i) => ({ value: i, text: 'цифра' })),
    });
    hostile.source.title = mega;
    const first = planObservation({ observation: hostile, existing: null });
    if (first.kind !== 'created') throw new Error('expected a new record');
    let item = fitForStorage(first.item);
    for (let i = 0; i < 150; i += 1) {
      const mirror = practiceObservation(5);
      mirror.source = { ...mirror.source, url: `https://mirror-${i}.example.ru/`, title: mega };
      const merged = planObservation({ observation: mirror, existing: null, mergeInto: item.id, mergeTarget: item });
      if (merged.kind !== 'merged') throw new Error('expected a merge');
      item = fitForStorage(merged.item);
    }
    const changed = { ...hostile, contentHash: 'other', extraction: { ...hostile.extraction, title: `${mega}!`, bodyText: `другой ${mega}` } };
    const plan = planObservation({ observation: changed, existing: { item, urlRow: urlRowOf(item) } });
    if (plan.kind !== 'changed') throw new Error(`expected a change, got ${plan.kind}`);
    const stored = fitForStorage(plan.item);
    expect(stored.sources).toHaveLength(100);
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeLessThan(400_000 - 50_000);
  });

  it('rejects a date filter that is not a date', () => {
    expect(() => planPublicListing({ from: 'yesterday' })).toThrow(ValidationError);
    expect(planPublicListing({ to: '2025-01-31' }).upper?.startsWith('2025-01-31T23:59:59.999Z')).toBe(true);
  });
});
