import { describe, expect, it } from 'vitest';
import { ValidationError, VersionConflictError } from '../../functions/core/errors.js';
import type { ArticleObservation, PracticeQueryRepository, PracticeRepository, PracticeReviewRepository } from '../../functions/core/ports.js';
import type { StoryRepository } from '../../functions/core/stories/story-ports.js';
import { defaultStory, nextStory, storyOf } from '../../functions/core/stories/story-record.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';

/** A repository holding records and stories (both practice repositories do). */
export interface StoryContractSubject {
  repo: PracticeRepository & PracticeQueryRepository & PracticeReviewRepository & StoryRepository;
}

const AT = '2025-06-01T10:00:00.000Z';

/** Observation `i` published at `date`, naming `regions` (first is the origin), `people` and `figures`. */
function observation(i: number, options: { date: string; regions?: string[]; people?: string[]; figures?: number[]; announcement?: boolean; storyId?: string }): ArticleObservation {
  const base = practiceObservation(i, { announcement: options.announcement ?? true });
  return {
    ...base,
    extraction: {
      ...base.extraction,
      publishedAt: options.date,
      regions: (options.regions ?? ['RU-TA']).map((code, n) => ({ code, name: code, role: n === 0 ? 'origin' : 'mentioned' })),
      people: (options.people ?? []).map((name) => ({ name, role: null })),
      figures: (options.figures ?? []).map((value) => ({ value, text: String(value) })),
    },
    ...(options.storyId ? { storyId: options.storyId } : {}),
  };
}

async function record(subject: StoryContractSubject, obs: ArticleObservation): Promise<string> {
  const outcome = await subject.repo.recordObservation(obs);
  expect(outcome.kind).toBe('created');
  return outcome.id;
}

/**
 * The story behaviour every practice repository must have (the in-memory twin and the DynamoDB
 * adapter), beside `practice-repository.contract.ts`.
 */
export function storyRepositoryContract(name: string, make: () => Promise<StoryContractSubject>): void {
  describe(`${name}: stories`, () => {
    it('lists a story\'s members and finds link candidates by shared keys within the window, best first', async () => {
      const subject = await make();
      const a = await record(subject, observation(1, { date: '2024-03-05T10:00:00+03:00', regions: ['RU-TA'], people: ['Сергей Иванов'], figures: [118], storyId: 'st-a' }));
      const b = await record(subject, observation(2, { date: '2024-03-06T10:00:00+03:00', regions: ['RU-TA'], storyId: 'st-a' }));
      const far = await record(subject, observation(3, { date: '2024-06-06T10:00:00+03:00', regions: ['RU-TA'], people: ['Сергей Иванов'] }));
      await record(subject, observation(4, { date: '2024-03-06T10:00:00+03:00', regions: ['RU-BA'] }));
      expect((await subject.repo.members('st-a')).map((m) => m.id).sort()).toEqual([a, b].sort());
      // The bounded read linking uses: the newest members only, in the same order as the full list.
      const all = (await subject.repo.members('st-a')).map((m) => m.id);
      expect((await subject.repo.members('st-a', { newest: 1 })).map((m) => m.id)).toEqual(all.slice(-1));
      expect((await subject.repo.members('st-a', { newest: 5 })).map((m) => m.id)).toEqual(all);
      const candidates = await subject.repo.findLinkCandidates(['P:ivanov', 'F:118', 'R:RU-TA'], '2024-03-07T00:00:00Z', 14, 10);
      expect(candidates.map((c) => c.id)).toEqual([a, b]);
      expect(candidates.map((c) => c.id)).not.toContain(far);
    });

    it('finds announcements of a region for practice timelines, newest first, and not other news', async () => {
      const subject = await make();
      const old = await record(subject, observation(11, { date: '2023-01-10T10:00:00+03:00', regions: ['RU-CHE'] }));
      const recent = await record(subject, observation(12, { date: '2024-09-18T10:00:00+03:00', regions: ['RU-KGN', 'RU-CHE'] }));
      await record(subject, observation(13, { date: '2024-10-01T10:00:00+03:00', regions: ['RU-CHE'], announcement: false }));
      expect((await subject.repo.findPracticeCandidates(['RU-CHE'], 10)).map((c) => c.id)).toEqual([recent, old]);
    });

    it('writes story items with versions, history and idempotent editor requests', async () => {
      const subject = await make();
      const first = nextStory(defaultStory('st-x', 'A story', AT), { timelineId: 'tl-1' }, { at: AT, actor: 'system', action: 'created', changes: {} });
      await subject.repo.putStory(first.story, 0, first.history);
      await expect(subject.repo.putStory(first.story, 0, first.history)).rejects.toBeInstanceOf(VersionConflictError);
      const second = nextStory(first.story, { keptApart: ['st-y'] }, { at: AT, actor: 'anna', action: 'split', changes: {} });
      const req1 = { token: 'req-1', request: 'fingerprint-1', articles: 'articles-1' };
      await subject.repo.putStory(second.story, 1, second.history, req1);
      expect(await subject.repo.storyRequest('st-x', 'req-1')).toEqual({ version: 2, request: 'fingerprint-1', articles: 'articles-1' });
      expect(await subject.repo.storyRequest('st-x', 'req-2')).toBeNull();
      // The same request again returns what is stored and writes nothing more.
      expect(await subject.repo.putStory(second.story, 1, second.history, req1)).toMatchObject({ version: 2, keptApart: ['st-y'] });
      expect(await subject.repo.getStory('st-x')).toMatchObject({ version: 2, timelineId: 'tl-1', keptApart: ['st-y'] });
      expect((await subject.repo.timelineStories('tl-1')).map((s) => s.id)).toEqual(['st-x']);
      const history = await subject.repo.storyHistory('st-x', { limit: 1 });
      expect(history.items.map((h) => [h.action, h.version])).toEqual([['created', 1]]);
      expect((await subject.repo.storyHistory('st-x', { limit: 5, after: history.next })).items.map((h) => h.action)).toEqual(['split']);
      expect((await subject.repo.getStories(['st-x', 'st-none'])).map((s) => s.id)).toEqual(['st-x']);
    });

    it('replays a story request token only for its own request while the story is at the version it produced (else 412, or 400 naming Idempotency-Key)', async () => {
      const subject = await make();
      const first = nextStory(defaultStory('st-r', 'A story', AT), {}, { at: AT, actor: 'system', action: 'created', changes: {} });
      await subject.repo.putStory(first.story, 0, first.history);
      const approve = { token: 'req-a', request: 'approve@1' };
      const approved = nextStory(first.story, {}, { at: AT, actor: 'anna', action: 'approve', changes: {} });
      await subject.repo.putStory(approved.story, 1, approved.history, approve);
      // The same request with another request's fingerprint, on the version it edited: stale, 412.
      const other = await subject.repo.putStory(approved.story, 1, approved.history, { ...approve, request: 'reject@1' }).catch((e: unknown) => e);
      expect(other).toBeInstanceOf(VersionConflictError);
      expect((other as VersionConflictError).context.currentVersion).toBe(2);
      // Another editor writes: the true replay is stale now too, and is never answered with version 3.
      const rejected = nextStory(approved.story, {}, { at: AT, actor: 'boris', action: 'reject', changes: {}, reason: 'нет' });
      await subject.repo.putStory(rejected.story, 2, rejected.history, { token: 'req-b', request: 'reject@2' });
      const stale = await subject.repo.putStory(approved.story, 1, approved.history, approve).catch((e: unknown) => e);
      expect(stale).toBeInstanceOf(VersionConflictError);
      expect((stale as VersionConflictError).context.currentVersion).toBe(3);
      // The spent token with a new request on the current version: refused, nothing written.
      const again = nextStory(rejected.story, {}, { at: AT, actor: 'anna', action: 'approve', changes: {} });
      const reused = await subject.repo.putStory(again.story, 3, again.history, { token: 'req-a', request: 'approve@3' }).catch((e: unknown) => e);
      expect(reused).toBeInstanceOf(ValidationError);
      expect((reused as ValidationError).context).toMatchObject({ header: 'Idempotency-Key' });
      expect(await subject.repo.getStory('st-r')).toMatchObject({ version: 3 });
      expect((await subject.repo.storyHistory('st-r', { limit: 10 })).items.map((h) => h.action)).toEqual(['created', 'approve', 'reject']);
    });

    it('moves a record between stories once per request, with a history row', async () => {
      const subject = await make();
      const id = await record(subject, observation(21, { date: '2024-03-05T10:00:00+03:00', storyId: 'st-from' }));
      const moved = await subject.repo.moveRecord({ id, storyId: 'st-to', actor: 'anna', at: AT, reason: 'split', requestToken: 't1' });
      expect(storyOf(moved)).toBe('st-to');
      expect(moved.editorial.version).toBe(2);
      const again = await subject.repo.moveRecord({ id, storyId: 'st-to', actor: 'anna', at: AT, reason: 'split', requestToken: 't1' });
      expect(again.editorial.version).toBe(2);
      expect(await subject.repo.members('st-from')).toEqual([]);
      expect((await subject.repo.members('st-to')).map((m) => m.id)).toEqual([id]);
      const history = await subject.repo.history(id, { limit: 10 });
      expect(history.items.at(-1)).toMatchObject({ action: 'story', actor: 'anna', changes: { storyId: { from: 'st-from', to: 'st-to' } } });
    });

    it('lists public records per region with their roles, and nothing unpublished', async () => {
      const subject = await make();
      const id = await record(subject, observation(31, { date: '2024-03-05T10:00:00+03:00', regions: ['RU-MOW', 'RU-BA'], storyId: 'st-pub' }));
      await record(subject, observation(32, { date: '2024-03-06T10:00:00+03:00', regions: ['RU-MOW'] }));
      expect(await subject.repo.regionRows()).toEqual([]);
      await subject.repo.applyEditorAction({ id, expectedVersion: 1, action: { type: 'approve' }, actor: 'anna', requestToken: 'approve-31', at: AT });
      const rows = await subject.repo.regionRows();
      expect(rows.map((r) => [r.code, r.role, r.storyId, r.recordId]).sort()).toEqual([
        ['RU-BA', 'mentioned', 'st-pub', id],
        ['RU-MOW', 'origin', 'st-pub', id],
      ]);
      expect((await subject.repo.regionRows('RU-BA')).map((r) => [r.role, r.recordId])).toEqual([['mentioned', id]]);
      expect(await subject.repo.regionRows('RU-TA')).toEqual([]);
    });
  });
}
