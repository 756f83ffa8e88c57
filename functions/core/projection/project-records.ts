import type { PracticeItem } from '../ports.js';
import { reindexRecord } from '../search/index-change.js';
import type { SearchIndex } from '../search/search-ports.js';

/** One outbox entry: a record whose derived rows are to be brought to `version`. */
export interface PendingProjection {
  id: string;
  version: number;
  /** When the write that queued it happened (ISO): the projection lag is measured from it. */
  since: string;
}

/** How far the projector is behind: outbox depth and the oldest entry's age. */
export interface ProjectionLag {
  /** Outbox entries waiting (a lower bound when `truncated`). */
  depth: number;
  truncated: boolean;
  /** When the oldest waiting write happened, or null when the outbox is empty. */
  oldestSince: string | null;
}

/**
 * The outbox of derived rows (listing rows of a record beyond those its own write keeps in step),
 * written in the same transaction as the record (`PROJ` row with the version to project). The
 * projector reads it, brings the rows to the record's current version and clears the entry.
 */
export interface ProjectionOutbox {
  /** Waiting entries, oldest first, at most `limit`. */
  pendingProjections(limit: number): Promise<PendingProjection[]>;
  /** The record as stored now (consistent read), or null. */
  get(id: string): Promise<PracticeItem | null>;
  /**
   * Writes every listing row `item` belongs to and deletes the record's rows it no longer has,
   * judged from the rows stored (not from a previous version), so a re-run writes nothing new.
   * Returns the rows put and deleted.
   */
  projectListings(item: PracticeItem): Promise<number>;
  /** The record's stored version, or null when there is no record. */
  currentVersion(id: string): Promise<number | null>;
  /** Removes the entry only while it still asks for `version`; false when a newer write replaced it. */
  clearProjection(id: string, version: number): Promise<boolean>;
  /** Queues (again) the record's projection at `version`. */
  requeueProjection(id: string, version: number, since: string): Promise<void>;
  projectionLag(): Promise<ProjectionLag>;
}

/** What one projector pass did. */
export interface ProjectionRun {
  /** Outbox entries read. */
  seen: number;
  /** Entries cleared (their record's rows are at the version they asked for). */
  projected: number;
  /** Entries left for a later pass (the record moved on while it was projected). */
  requeued: number;
  /** Listing rows put or deleted. */
  listingRows: number;
  /** Postings put or removed. */
  postings: number;
  /** Entries that failed, with their error: they stay in the outbox. */
  failures: Array<{ id: string; error: unknown }>;
}

export interface ProjectorDeps {
  outbox: ProjectionOutbox;
  /** The full-text index, when the deployment keeps one. */
  index?: SearchIndex;
  now(): Date;
}

const emptyRun = (): ProjectionRun => ({ seen: 0, projected: 0, requeued: 0, listingRows: 0, postings: 0, failures: [] });

/**
 * Projects one record: its listing rows and postings to what the stored record implies now, then
 * clears the outbox entry if nothing newer was written meanwhile. Idempotent, and safe beside
 * another projector of the same record: a projection that read an older version than the one
 * stored when it finished queues the record again instead of clearing it, so rows an older
 * version wrote late are always overwritten by a later pass.
 */
export async function projectRecord(deps: ProjectorDeps, entry: Pick<PendingProjection, 'id' | 'version'>, run: ProjectionRun = emptyRun()): Promise<ProjectionRun> {
  const item = await deps.outbox.get(entry.id);
  if (!item) {
    // An outbox entry outlives no record (both are written together); drop an orphan.
    await deps.outbox.clearProjection(entry.id, entry.version);
    return run;
  }
  run.listingRows += await deps.outbox.projectListings(item);
  if (deps.index) {
    const change = await reindexRecord(deps.index, item);
    run.postings += change.put.length + change.remove.length;
  }
  const stored = await deps.outbox.currentVersion(entry.id);
  if (stored !== null && stored !== item.editorial.version) {
    await deps.outbox.requeueProjection(entry.id, stored, deps.now().toISOString());
    run.requeued += 1;
    return run;
  }
  if (item.editorial.version >= entry.version && (await deps.outbox.clearProjection(entry.id, item.editorial.version))) run.projected += 1;
  else run.requeued += 1;
  return run;
}

/**
 * One projector pass: up to `limit` waiting entries, `concurrency` at a time. A failing entry is
 * recorded and stays queued; the others go on.
 */
export async function projectPending(deps: ProjectorDeps, options: { limit?: number; concurrency?: number } = {}): Promise<ProjectionRun> {
  const run = emptyRun();
  const entries = await deps.outbox.pendingProjections(options.limit ?? 200);
  run.seen = entries.length;
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const entry = entries[next++]!;
      try {
        await projectRecord(deps, entry, run);
      } catch (error) {
        run.failures.push({ id: entry.id, error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, entries.length) }, worker));
  return run;
}

/**
 * Runs passes until the outbox is empty (or a pass makes no progress: every entry failed), and
 * returns the summed figures. What tests and the local runtime call after an ingest run.
 */
export async function drainProjections(deps: ProjectorDeps, options: { concurrency?: number; maxPasses?: number } = {}): Promise<ProjectionRun> {
  const total = emptyRun();
  for (let pass = 0; pass < (options.maxPasses ?? 10_000); pass += 1) {
    const run = await projectPending(deps, { concurrency: options.concurrency });
    total.seen += run.seen;
    total.projected += run.projected;
    total.requeued += run.requeued;
    total.listingRows += run.listingRows;
    total.postings += run.postings;
    total.failures.push(...run.failures);
    if (run.seen === 0 || run.failures.length === run.seen) break;
  }
  return total;
}
