import { describe, expect, it } from 'vitest';
import { planEditorAction } from '../../../functions/core/practices/plan-editor-action.js';
import { planObservation } from '../../../functions/core/practices/plan-observation.js';
import { toPracticeView } from '../../../functions/core/practices/practice-view.js';
import type { PracticeItem } from '../../../functions/core/ports.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';

function editedItem(): PracticeItem {
  const plan = planObservation({ observation: practiceObservation(3), existing: null });
  if (plan.kind !== 'created') throw new Error('expected a new record');
  return planEditorAction(plan.item, { type: 'edit', overrides: { title: 'Правка', regions: [{ code: 'RU-TA', name: 'Татарстан', role: 'origin' }] } }, 'e', '2025-01-01T00:00:00.000Z').item;
}

describe('toPracticeView', () => {
  it('shows the public effective values and nothing editorial', () => {
    const item = editedItem();
    const view = toPracticeView(item, { audience: 'public' });
    expect(view.title).toBe('Правка');
    expect(view.regions).toEqual([{ code: 'RU-TA', name: 'Татарстан', role: 'origin' }]);
    expect(view.sources).toEqual([
      { sourceId: item.sources[0]!.sourceId, url: item.sources[0]!.url, title: item.sources[0]!.title, publishedAt: item.sources[0]!.publishedAt, fetchedAt: item.sources[0]!.fetchedAt, rawKey: item.sources[0]!.rawKey },
    ]);
    for (const key of ['bodyText', 'status', 'overrides', 'machine', 'version', 'reviewer', 'change']) expect(view).not.toHaveProperty(key);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('shows editors the machine values beside the overrides', () => {
    const item = editedItem();
    const view = toPracticeView(item, { audience: 'editor' });
    expect(view.title).toBe('Правка');
    expect(view.machine?.title).toBe(item.extraction.title);
    expect(view.machine).not.toHaveProperty('bodyText');
    expect(view.overrides).toEqual(item.editorial.overrides);
    expect(view).toMatchObject({ status: 'pending', version: 2, bodyText: item.extraction.bodyText, change: null, createdAt: item.createdAt });
  });
});
