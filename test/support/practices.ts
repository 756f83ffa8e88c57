import { planObservation, type UrlRow } from '../../functions/core/practices/plan-observation.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';

/** The record a first observation of seed article `i` creates. */
export function createdPractice(i: number): PracticeItem {
  const plan = planObservation({ observation: practiceObservation(i), existing: null });
  if (plan.kind !== 'created') throw new Error('expected a new record');
  return plan.item;
}

/** The URL row a repository keeps for a record's primary article. */
export const urlRowOf = (item: PracticeItem): UrlRow => ({ url: item.sources[0]!.url, id: item.id, contentHash: item.contentHash, extractorVersion: item.extraction.extractorVersion });
