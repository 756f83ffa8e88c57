import { describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import { NotFoundError } from '../../../functions/core/errors.js';
import { getHistory, getPractice, listPractices, listReviewQueue } from '../../../functions/core/practices/query-practices.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';

describe('query use cases', () => {
  it('hides records from the public until they are approved announcements', async () => {
    const repo = new MemoryPracticeRepository();
    const deps = { queries: repo, practices: repo };
    const { id } = await repo.recordObservation(practiceObservation(1));
    await expect(getPractice(deps, id, 'public')).rejects.toBeInstanceOf(NotFoundError);
    expect((await getPractice(deps, id, 'editor')).id).toBe(id);
    expect((await listReviewQueue(deps, {}, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
    await repo.applyEditorAction({ id, expectedVersion: 1, action: { type: 'approve' }, actor: 'e', requestToken: 'a', at: '2025-01-01T00:00:00Z' });
    expect((await getPractice(deps, id, 'public')).id).toBe(id);
    expect((await listPractices(deps, {}, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
    await repo.applyEditorAction({ id, expectedVersion: 2, action: { type: 'set-announcement', value: false }, actor: 'e', requestToken: 'b', at: '2025-01-01T00:00:01Z' });
    await expect(getPractice(deps, id, 'public')).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPractice(deps, 'unknown', 'editor')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives the history of a known record and NotFoundError for an unknown one', async () => {
    const repo = new MemoryPracticeRepository();
    const deps = { queries: repo, practices: repo };
    const { id } = await repo.recordObservation(practiceObservation(2));
    expect((await getHistory(deps, id, { limit: 5 })).items.map((h) => h.action)).toEqual(['created']);
    await expect(getHistory(deps, 'unknown', { limit: 5 })).rejects.toBeInstanceOf(NotFoundError);
  });
});
