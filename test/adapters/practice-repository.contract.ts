import { describe, expect, it } from 'vitest';
import { NotFoundError, VersionConflictError } from '../../functions/core/errors.js';
import { simhash64 } from '../../functions/core/dedupe/simhash.js';
import type {
  ArticleObservation,
  PracticeItem,
  PracticeQueryRepository,
  PracticeRepository,
  PracticeReviewRepository,
} from '../../functions/core/ports.js';
import { practiceObservation, seedPractices, type PracticeImporter } from '../../scripts/bench/seed-practices.js';

/** A practice repository under test, with a counter of the write requests it has made. */
export interface ContractSubject {
  repo: PracticeRepository & PracticeQueryRepository & PracticeReviewRepository & PracticeImporter;
  writes(): number;
}

const editor = (id: string, expectedVersion: number, action: Parameters<PracticeReviewRepository['applyEditorAction']>[0]['action'], token = `${id}-${expectedVersion}-${action.type}`) => ({
  id,
  expectedVersion,
  action,
  actor: 'editor@example.org',
  requestToken: token,
  at: '2025-06-01T10:00:00.000Z',
});

async function drain<T>(fetch: (after: string | null) => Promise<{ items: T[]; next: string | null }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page = await fetch(after);
    items.push(...page.items);
    after = page.next;
    pages += 1;
    if (pages > 10_000) throw new Error('paging does not end');
  } while (after);
  return { items, pages };
}

async function created(subject: ContractSubject, observation: ArticleObservation): Promise<string> {
  const outcome = await subject.repo.recordObservation(observation);
  expect(outcome.kind).toBe('created');
  return outcome.id;
}

/**
 * The behaviour every practice repository must have, run against the in-memory twin and the
 * DynamoDB adapter alike, so that the two cannot drift apart.
 */
export function practiceRepositoryContract(name: string, make: () => Promise<ContractSubject>): void {
  describe(`${name}: ingestion side`, () => {
    it('creates a pending record with its URL row and a history row', async () => {
      const subject = await make();
      const observation = practiceObservation(1);
      const id = await created(subject, observation);
      const item = await subject.repo.get(id);
      expect(item?.editorial).toMatchObject({ status: 'pending', version: 1, overrides: {} });
      expect(item?.extraction.title).toBe(observation.extraction.title);
      expect((await subject.repo.findByUrl(observation.source.url))?.id).toBe(id);
      expect(await subject.repo.findByUrl('https://nowhere.example.ru/')).toBeNull();
      const history = await subject.repo.history(id, { limit: 10 });
      expect(history.items.map((h) => [h.action, h.version, h.actor])).toEqual([['created', 1, 'system']]);
    });

    it('writes nothing when the same article is recorded again', async () => {
      const subject = await make();
      const observation = practiceObservation(2);
      const id = await created(subject, observation);
      const before = await subject.repo.get(id);
      const writes = subject.writes();
      const again = await subject.repo.recordObservation(practiceObservation(2));
      expect(again).toEqual({ kind: 'unchanged', id });
      expect(subject.writes()).toBe(writes);
      expect(await subject.repo.get(id)).toEqual(before);
    });

    it('refreshes machine fields on a new extractor version and keeps overrides and the decision', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(3));
      await subject.repo.applyEditorAction(editor(id, 1, { type: 'edit', overrides: { title: 'Заголовок редактора' } }));
      await subject.repo.applyEditorAction(editor(id, 2, { type: 'approve' }));
      const reextracted = practiceObservation(3, { extractorVersion: 'seed-2' });
      reextracted.extraction.topics = ['education'];
      expect(await subject.repo.recordObservation(reextracted)).toEqual({ kind: 'updated', id });
      const item = (await subject.repo.get(id))!;
      expect(item.extraction.extractorVersion).toBe('seed-2');
      expect(item.extraction.topics).toEqual(['education']);
      expect(item.editorial).toMatchObject({ status: 'approved', reviewer: 'editor@example.org', overrides: { title: 'Заголовок редактора' }, version: 4 });
      const history = await subject.repo.history(id, { limit: 10 });
      expect(history.items.map((h) => h.action)).toEqual(['created', 'edit', 'approve', 'machine-update']);
      const topicPage = await subject.repo.listPublic({ topic: 'education' }, { limit: 50 });
      expect(topicPage.items.map((i) => i.id)).toContain(id);
    });

    it('sends a materially changed article back to review with the change visible', async () => {
      const subject = await make();
      const original = practiceObservation(4);
      const id = await created(subject, original);
      await subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }));
      expect((await subject.repo.listPublic({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
      const changed = practiceObservation(4);
      changed.extraction.title = 'Совсем другой заголовок о дорогах';
      changed.extraction.bodyText = 'Открыто движение по новой дороге. Ремонт завершён досрочно, сообщили в министерстве транспорта.';
      changed.simhash = simhash64(changed.extraction.bodyText);
      changed.contentHash = 'different';
      expect(await subject.repo.recordObservation(changed)).toEqual({ kind: 'changed', id });
      const item = (await subject.repo.get(id))!;
      expect(item.editorial.status).toBe('pending');
      expect(item.change).toMatchObject({ previousTitle: original.extraction.title, previousBodyText: original.extraction.bodyText });
      expect((await subject.repo.listPublic({}, { limit: 10 })).items).toEqual([]);
      expect((await subject.repo.listReview({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id]);
    });

    it('merges a near-duplicate as one more source, idempotently', async () => {
      const subject = await make();
      const first = practiceObservation(5);
      const id = await created(subject, first);
      const duplicate = practiceObservation(5);
      duplicate.source = { ...duplicate.source, sourceId: 'kremlin-ru', url: 'https://kremlin-ru.example.ru/events/5' };
      expect(await subject.repo.recordObservation(duplicate, id)).toEqual({ kind: 'merged', id });
      const writes = subject.writes();
      expect(await subject.repo.recordObservation(duplicate, id)).toEqual({ kind: 'unchanged', id });
      expect(subject.writes()).toBe(writes);
      const item = (await subject.repo.get(id))!;
      expect(item.sources.map((s) => s.url)).toEqual([first.source.url, duplicate.source.url]);
      expect((await subject.repo.findByUrl(duplicate.source.url))?.id).toBe(id);
      await expect(subject.repo.recordObservation(practiceObservation(6), 'no-such-record')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('finds near-duplicate candidates through SimHash bands', async () => {
      const subject = await make();
      const observation = practiceObservation(7);
      const id = await created(subject, observation);
      const flipped = (parseInt(observation.simhash.slice(0, 4), 16) ^ 0x1).toString(16).padStart(4, '0') + observation.simhash.slice(4);
      expect((await subject.repo.findNearDuplicateCandidates(flipped)).map((i) => i.id)).toEqual([id]);
      const unrelated = observation.simhash.replace(/./g, (c) => ((parseInt(c, 16) + 8) % 16).toString(16));
      expect(await subject.repo.findNearDuplicateCandidates(unrelated)).toEqual([]);
    });

    it('keeps a 1 MB body out of the record and stores a capped one', async () => {
      const subject = await make();
      const observation = practiceObservation(8);
      observation.extraction.bodyText = 'Практика тиражирования. '.repeat(25_000);
      expect(Buffer.byteLength(observation.extraction.bodyText)).toBeGreaterThan(1_000_000);
      const id = await created(subject, observation);
      const item = (await subject.repo.get(id))!;
      expect(Buffer.byteLength(item.extraction.bodyText)).toBeLessThanOrEqual(100_000);
      expect(Buffer.byteLength(JSON.stringify(item))).toBeLessThan(200_000);
    });
  });

  describe(`${name}: editor actions`, () => {
    it('approves, publishes, and rejects with a reason', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(10));
      const approved = await subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }));
      expect(approved.editorial).toMatchObject({ status: 'approved', reviewer: 'editor@example.org', reviewedAt: '2025-06-01T10:00:00.000Z', version: 2 });
      expect((await subject.repo.listPublic({}, { limit: 5 })).items.map((i) => i.id)).toEqual([id]);
      const rejected = await subject.repo.applyEditorAction(editor(id, 2, { type: 'reject', reason: 'не практика' }));
      expect(rejected.editorial).toMatchObject({ status: 'rejected', rejectReason: 'не практика', version: 3 });
      expect((await subject.repo.listPublic({}, { limit: 5 })).items).toEqual([]);
      expect((await subject.repo.listReview({ status: 'rejected' }, { limit: 5 })).items.map((i) => i.id)).toEqual([id]);
      await expect(subject.repo.applyEditorAction(editor('missing', 1, { type: 'approve' }))).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a stale version and reports the current one', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(11));
      await subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }));
      const error = await subject.repo.applyEditorAction(editor(id, 1, { type: 'reject', reason: 'x' })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersionConflictError);
      expect((error as VersionConflictError).context.currentVersion).toBe(2);
    });

    it('applies a request token once', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(12));
      const first = await subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }, 'token-1'));
      const again = await subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }, 'token-1'));
      expect(again.editorial.version).toBe(first.editorial.version);
      const history = await subject.repo.history(id, { limit: 10 });
      expect(history.items.filter((h) => h.action === 'approve')).toHaveLength(1);
    });

    it('lets exactly one of 50 concurrent approvals of one version win', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(13));
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, n) => subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }, `concurrent-${n}`))),
      );
      const wins = results.filter((r) => r.status === 'fulfilled');
      const conflicts = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      expect(wins).toHaveLength(1);
      expect(conflicts).toHaveLength(49);
      for (const error of conflicts) {
        expect(error).toBeInstanceOf(VersionConflictError);
        expect((error as VersionConflictError).context.currentVersion).toBe(2);
      }
      const history = await subject.repo.history(id, { limit: 100 });
      expect(history.items.map((h) => h.action)).toEqual(['created', 'approve']);
    });

    it('serves an edited region through the region index and drops the machine one', async () => {
      const subject = await make();
      const observation = practiceObservation(14);
      const machineRegion = observation.extraction.regions[0]!.code;
      const id = await created(subject, observation);
      await subject.repo.applyEditorAction(editor(id, 1, { type: 'edit', overrides: { regions: [{ code: 'RU-KAM', name: 'Камчатский край', role: 'origin' }] } }));
      await subject.repo.applyEditorAction(editor(id, 2, { type: 'approve' }));
      expect((await subject.repo.listPublic({ region: 'RU-KAM' }, { limit: 5 })).items.map((i) => i.id)).toEqual([id]);
      expect((await subject.repo.listPublic({ region: machineRegion }, { limit: 5 })).items).toEqual([]);
      const item = (await subject.repo.get(id))!;
      expect(item.extraction.regions[0]!.code).toBe(machineRegion);
      await subject.repo.applyEditorAction(editor(id, 3, { type: 'edit', overrides: { regions: null } }));
      expect((await subject.repo.listPublic({ region: machineRegion }, { limit: 5 })).items.map((i) => i.id)).toEqual([id]);
    });

    it('turns a rejected classifier verdict into an announcement and back', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(15, { announcement: false }));
      expect((await subject.repo.listReview({}, { limit: 5 })).items).toEqual([]);
      expect((await subject.repo.listReview({ classified: 'negative' }, { limit: 5 })).items.map((i) => i.id)).toEqual([id]);
      await subject.repo.applyEditorAction(editor(id, 1, { type: 'approve' }));
      expect((await subject.repo.listPublic({}, { limit: 5 })).items).toEqual([]);
      await subject.repo.applyEditorAction(editor(id, 2, { type: 'set-announcement', value: true }));
      expect((await subject.repo.listPublic({}, { limit: 5 })).items.map((i) => i.id)).toEqual([id]);
      await subject.repo.applyEditorAction(editor(id, 3, { type: 'set-announcement', value: false }));
      expect((await subject.repo.listPublic({}, { limit: 5 })).items).toEqual([]);
    });
  });

  describe(`${name}: listings`, () => {
    it('filters the public listing by region, organisation, topic, source, dates and words', async () => {
      const subject = await make();
      const ids = await seedPractices(subject.repo, 60);
      const all = await drain((after) => subject.repo.listPublic({}, { limit: 7, after }));
      expect(all.items).toHaveLength(60);
      const dates = all.items.map((i) => Date.parse(i.extraction.publishedAt!));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      const expectMatching = async (filter: Parameters<PracticeQueryRepository['listPublic']>[0], predicate: (item: PracticeItem) => boolean) => {
        const got = await drain((after) => subject.repo.listPublic(filter, { limit: 4, after }));
        const expected = all.items.filter(predicate).map((i) => i.id);
        expect(expected.length).toBeGreaterThan(0);
        expect(got.items.map((i) => i.id)).toEqual(expected);
      };
      await expectMatching({ region: 'RU-CHE' }, (i) => i.extraction.regions.some((r) => r.code === 'RU-CHE'));
      await expectMatching({ organisation: 'asi' }, (i) => i.extraction.organisations.some((o) => o.id === 'asi'));
      await expectMatching({ topic: 'healthcare' }, (i) => i.extraction.topics.includes('healthcare'));
      await expectMatching({ source: 'smarteka' }, (i) => i.sources.some((s) => s.sourceId === 'smarteka'));
      await expectMatching({ region: 'RU-MOW', topic: 'education' }, (i) => i.extraction.regions.some((r) => r.code === 'RU-MOW') && i.extraction.topics.includes('education'));
      await expectMatching({ q: 'умный ДВОР' }, (i) => i.extraction.practices.some((p) => p.name === 'Умный двор'));
      const from = '2024-01-01T12:00:00+03:00';
      const to = '2024-01-02';
      await expectMatching({ from, to }, (i) => {
        const t = Date.parse(i.extraction.publishedAt!);
        return t >= Date.parse(from) && t <= Date.parse('2024-01-02T23:59:59.999Z');
      });
      expect(ids).toHaveLength(60);
      const newest = await subject.repo.listPublic({}, { limit: 2 });
      const oldest = (await subject.repo.listPublic({}, { limit: 59 })).next;
      const window = { from: '2024-01-01T06:00:00Z', to: '2024-01-01T18:00:00Z' };
      const fresh = await subject.repo.listPublic(window, { limit: 5 });
      expect(fresh.items).toHaveLength(5);
      expect((await subject.repo.listPublic(window, { limit: 5, after: newest.next })).items).toEqual(fresh.items);
      expect(await subject.repo.listPublic(window, { limit: 5, after: oldest })).toEqual({ items: [], next: null });
    });

    it('lists the review queue oldest first with the same filters', async () => {
      const subject = await make();
      const order: string[] = [];
      for (const i of [20, 21, 22, 23]) order.push(await created(subject, practiceObservation(i)));
      const queue = await drain((after) => subject.repo.listReview({}, { limit: 3, after }));
      expect(queue.items.map((i) => i.id)).toEqual(order);
      const region = practiceObservation(21).extraction.regions[0]!.code;
      const inRegion = await subject.repo.listReview({ region }, { limit: 10 });
      expect(inRegion.items.map((i) => i.id)).toContain(order[1]);
      expect(inRegion.items.every((i) => i.extraction.regions.some((r) => r.code === region))).toBe(true);
      expect((await subject.repo.listReview({ classified: 'all' }, { limit: 10 })).items).toHaveLength(4);
      expect((await subject.repo.listReview({ status: 'approved' }, { limit: 10 })).items).toEqual([]);
      await subject.repo.applyEditorAction(editor(order[1]!, 1, { type: 'approve' }));
      await subject.repo.applyEditorAction(editor(order[2]!, 1, { type: 'approve' }));
      expect((await subject.repo.listReview({ status: 'approved', region }, { limit: 10 })).items.map((i) => i.id)).toEqual([order[1]]);
      expect((await subject.repo.listReview({ status: 'approved' }, { limit: 1 })).items.map((i) => i.id)).toEqual([order[1]]);
      expect((await subject.repo.listReview({ region }, { limit: 10 })).items.map((i) => i.id)).not.toContain(order[1]);
    });

    it('pages through the history in version order', async () => {
      const subject = await make();
      const id = await created(subject, practiceObservation(30));
      for (let v = 1; v <= 5; v += 1) {
        await subject.repo.applyEditorAction(editor(id, v, { type: 'edit', overrides: { lead: `лид ${v}` } }));
      }
      const history = await drain((after) => subject.repo.history(id, { limit: 2, after }));
      expect(history.items.map((h) => h.version)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(history.pages).toBe(3);
      expect(history.items[3]!.changes.lead).toEqual({ from: 'лид 2', to: 'лид 3' });
    });
  });
}
