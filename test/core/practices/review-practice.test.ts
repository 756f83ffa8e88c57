import { describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import { ValidationError, VersionConflictError } from '../../../functions/core/errors.js';
import type { NotificationEvent, Notifier } from '../../../functions/core/ports.js';
import { reviewPractice, type ReviewPracticeInput } from '../../../functions/core/practices/review-practice.js';
import { practiceObservation } from '../../../scripts/bench/seed-practices.js';

const clock = { now: () => new Date('2025-05-05T12:00:00.000Z') };

async function setup(notifier?: Notifier) {
  const repository = new MemoryPracticeRepository();
  const events: NotificationEvent[] = [];
  const { id } = await repository.recordObservation(practiceObservation(1));
  const deps = { repository, clock, notifier: notifier ?? { publish: async (event: NotificationEvent) => void events.push(event) } };
  const input = (action: ReviewPracticeInput['action'], expectedVersion = 1, requestToken = `t-${Math.random()}`): ReviewPracticeInput => ({
    id,
    expectedVersion,
    action,
    actor: 'maria@example.org',
    requestToken,
  });
  return { repository, events, deps, input, id };
}

describe('reviewPractice', () => {
  it('approves and announces the approval once, with the title editors see', async () => {
    const { deps, input, events, id, repository } = await setup();
    await reviewPractice(deps, input({ type: 'edit', overrides: { title: 'Заголовок редактора' } }));
    const item = await reviewPractice(deps, input({ type: 'approve' }, 2));
    expect(item.editorial).toMatchObject({ status: 'approved', reviewer: 'maria@example.org', reviewedAt: '2025-05-05T12:00:00.000Z', version: 3 });
    expect(events).toEqual([{ type: 'practice.approved', practiceId: id, title: 'Заголовок редактора', reviewer: 'maria@example.org', at: '2025-05-05T12:00:00.000Z' }]);
    expect((await repository.get(id))?.extraction.title).not.toBe('Заголовок редактора');
  });

  it('does not announce rejections and edits', async () => {
    const { deps, input, events } = await setup();
    await reviewPractice(deps, input({ type: 'reject', reason: '  не о тиражировании  ' }));
    expect(events).toEqual([]);
  });

  it('keeps an approval when the notifier breaks its promise not to throw', async () => {
    const { deps, input, repository, id } = await setup({ publish: async () => Promise.reject(new Error('webhook down')) });
    await expect(reviewPractice(deps, input({ type: 'approve' }))).resolves.toMatchObject({ editorial: { status: 'approved' } });
    expect((await repository.get(id))?.editorial.status).toBe('approved');
  });

  it.each([
    ['a rejection without a reason', { type: 'reject', reason: '   ' }],
    ['an unknown field', { type: 'edit', overrides: { bodyText: 'x' } }],
    ['an empty edit', { type: 'edit', overrides: {} }],
    ['a malformed region', { type: 'edit', overrides: { regions: [{ code: 'Moscow', name: 'Москва', role: 'origin' }] } }],
    ['a date without an offset', { type: 'edit', overrides: { publishedAt: '2025-01-01' } }],
    ['a non-boolean announcement', { type: 'set-announcement', value: 'yes' }],
    ['an unknown action', { type: 'publish' }],
  ])('refuses %s and writes nothing', async (_, action) => {
    const { deps, input, repository } = await setup();
    const writes = repository.writes;
    await expect(reviewPractice(deps, input(action as ReviewPracticeInput['action']))).rejects.toBeInstanceOf(ValidationError);
    expect(repository.writes).toBe(writes);
  });

  it('refuses a missing or non-integer version', async () => {
    const { deps, input } = await setup();
    await expect(reviewPractice(deps, input({ type: 'approve' }, 0))).rejects.toBeInstanceOf(ValidationError);
    await expect(reviewPractice(deps, input({ type: 'approve' }, 1.5))).rejects.toBeInstanceOf(ValidationError);
  });

  it('accepts valid overrides, trims them, and removes one with null', async () => {
    const { deps, input } = await setup();
    const edited = await reviewPractice(deps, input({ type: 'edit', overrides: { title: '  Новый  ', topics: ['education'], publishedAt: '2025-01-01T10:00:00+03:00' } }));
    expect(edited.editorial.overrides).toEqual({ title: 'Новый', topics: ['education'], publishedAt: '2025-01-01T10:00:00+03:00' });
    const cleared = await reviewPractice(deps, input({ type: 'edit', overrides: { title: null } }, 2));
    expect(cleared.editorial.overrides).toEqual({ topics: ['education'], publishedAt: '2025-01-01T10:00:00+03:00' });
  });

  it('passes a stale version on as a conflict with the current version', async () => {
    const { deps, input } = await setup();
    await reviewPractice(deps, input({ type: 'approve' }));
    const error = await reviewPractice(deps, input({ type: 'reject', reason: 'x' }, 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect((error as VersionConflictError).code).toBe('version_conflict');
    expect((error as VersionConflictError).context.currentVersion).toBe(2);
  });
});
