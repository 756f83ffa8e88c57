import { planObservation, type UrlRow } from '../../functions/core/practices/plan-observation.js';
import { REVIEW_STATUSES } from '../../functions/core/model.js';
import type { PracticeItem, PracticeQueryRepository } from '../../functions/core/ports.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';

/** The record a first observation of seed article `i` creates. */
export function createdPractice(i: number): PracticeItem {
  const plan = planObservation({ observation: practiceObservation(i), existing: null });
  if (plan.kind !== 'created') throw new Error('expected a new record');
  return plan.item;
}

/** The URL row a repository keeps for a record's primary article. */
export const urlRowOf = (item: PracticeItem): UrlRow => ({ url: item.sources[0]!.url, id: item.id, contentHash: item.contentHash, extractorVersion: item.extraction.extractorVersion });

/** Every stored record, through the review listings (all statuses, both verdicts). */
export async function allRecords(queries: Pick<PracticeQueryRepository, 'listReview'>): Promise<PracticeItem[]> {
  const out: PracticeItem[] = [];
  for (const status of REVIEW_STATUSES) {
    let after: string | null = null;
    do {
      const page = await queries.listReview({ status, classified: 'all' }, { limit: 100, after });
      out.push(...page.items);
      after = page.next;
    } while (after);
  }
  return out;
}
