import type { PracticeQueryRepository } from '../ports.js';
import { effectiveRecord } from './practice-identity.js';

/** One source's public items per day, oldest day first (parallel to {@link SourceActivity.days}). */
export interface SourceDailyCounts {
  sourceId: string;
  counts: number[];
  total: number;
  /** True when the source had more items in the window than were counted (see `maxItemsPerSource`). */
  truncated: boolean;
}

/** New public items per Moscow calendar day per source, for the sources page's chart. */
export interface SourceActivity {
  /** The window's days (`YYYY-MM-DD`, Moscow time), oldest first, today last. */
  days: string[];
  items: SourceDailyCounts[];
}

const MOSCOW_OFFSET_MS = 3 * 3600_000;
const PAGE = 100;

/** The Moscow calendar day of an instant (Moscow has kept UTC+3 all year since 2014). */
export function moscowDay(instant: Date): string {
  return new Date(instant.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Counts each source's public (approved) items by the Moscow day of their publication over the last
 * `days` days, today included. Reads the public listing only (the source filter is an index query,
 * never a scan), so it reveals nothing the public list does not; at most `maxItemsPerSource` items
 * are read per source, and a source that had more is marked `truncated`.
 */
export async function sourceActivity(
  deps: { queries: PracticeQueryRepository },
  input: { sourceIds: readonly string[]; days: number; now: Date; maxItemsPerSource?: number },
): Promise<SourceActivity> {
  const max = input.maxItemsPerSource ?? 1000;
  const today = moscowDay(input.now);
  const days: string[] = [];
  for (let i = input.days - 1; i >= 0; i -= 1) days.push(new Date(Date.parse(`${today}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10));
  const index = new Map(days.map((day, i) => [day, i]));
  // The window's first instant in Moscow, as an offset date-time the filter takes.
  const from = `${days[0]}T00:00:00+03:00`;
  const items: SourceDailyCounts[] = [];
  for (const sourceId of input.sourceIds) {
    const counts = days.map(() => 0);
    let seen = 0;
    let after: string | null = null;
    let truncated = false;
    do {
      const page = await deps.queries.listPublic({ source: sourceId, from }, { limit: Math.min(PAGE, max - seen), after });
      for (const item of page.items) {
        const published = effectiveRecord(item).publishedAt;
        const slot = published ? index.get(moscowDay(new Date(published))) : undefined;
        if (slot !== undefined) counts[slot]! += 1;
      }
      seen += page.items.length;
      after = page.next;
      if (after && seen >= max) truncated = true;
    } while (after && !truncated);
    items.push({ sourceId, counts, total: counts.reduce((a, b) => a + b, 0), truncated });
  }
  return { days, items };
}
