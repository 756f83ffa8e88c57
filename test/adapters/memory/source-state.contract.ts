import { describe, expect, it } from 'vitest';
import { VersionConflictError } from '../../../functions/core/errors.js';
import type { SourceState, SourceStateRepository } from '../../../functions/core/ports.js';

export function sourceState(sourceId: string, failures = 0): SourceState {
  return {
    sourceId,
    validators: { [`https://${sourceId}.example.ru/rss`]: { etag: '"v1"', lastModified: 'Sat, 01 Mar 2025 10:00:00 GMT' } },
    health: {
      sourceId,
      lastAttemptAt: '2025-03-01T10:00:00.000Z',
      lastSuccessAt: failures ? null : '2025-03-01T10:00:00.000Z',
      lastNewItemAt: null,
      consecutiveFailures: failures,
      lastErrorCode: failures ? 'http_5xx' : null,
      lastErrorMessage: failures ? 'Bad Gateway' : null,
      lastItemCount: 10,
      lastNewItemCount: 2,
      expectedCadenceHours: 24,
      backoffUntil: null,
      status: failures ? 'failing' : 'ok',
    },
    lastRun: null,
    version: 0,
  };
}

/** Behaviour shared by every `SourceStateRepository`. */
export function sourceStateRepositoryContract(name: string, make: () => Promise<SourceStateRepository>): void {
  describe(name, () => {
    it('stores a first state at version 1 and reads it back', async () => {
      const repo = await make();
      expect(await repo.get('mos-ru-news')).toBeNull();
      await repo.put(sourceState('mos-ru-news'), 0);
      const stored = await repo.get('mos-ru-news');
      expect(stored).toEqual({ ...sourceState('mos-ru-news'), version: 1 });
    });

    it('refuses a write from a stale version and names the current one', async () => {
      const repo = await make();
      await repo.put(sourceState('asi-ru'), 0);
      await repo.put(sourceState('asi-ru', 1), 1);
      const error = await repo.put(sourceState('asi-ru', 2), 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VersionConflictError);
      expect((error as VersionConflictError).context.currentVersion).toBe(2);
      const again = await repo.put(sourceState('asi-ru'), 0).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(VersionConflictError);
      expect((await repo.get('asi-ru'))?.health.consecutiveFailures).toBe(1);
    });

    it('lets one of several concurrent writers of the same version win', async () => {
      const repo = await make();
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => repo.put(sourceState('kremlin-ru', i), 0)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await repo.get('kremlin-ru'))?.version).toBe(1);
    });

    it('lists every source', async () => {
      const repo = await make();
      const ids = ['smarteka', 'gov74-ru', 'mos-ru-news', 'economy-gov-ru'];
      for (const id of ids) await repo.put(sourceState(id), 0);
      expect((await repo.list()).map((s) => s.sourceId).sort()).toEqual([...ids].sort());
    });
  });
}
