import organisationCatalogue from '../catalogues/organisations.json' with { type: 'json' };
import platformCatalogue from '../catalogues/platforms.json' with { type: 'json' };
import regionCatalogue from '../catalogues/regions.json' with { type: 'json' };
import topicCatalogue from '../catalogues/topics.json' with { type: 'json' };
import { effectiveRecord } from '../practices/practice-identity.js';
import type { PracticeItem } from '../ports.js';
import { analyse } from './analyse.js';
import { FIELD_WEIGHTS, type SearchField } from './fields.js';

/**
 * What search indexes of a record: its effective fields (editors' overrides applied), each with a
 * weight (a BM25F-style weighted term frequency). Entities are indexed under their names as
 * written and under the catalogue's Russian and English names, so "Tatarstan" finds a Russian text
 * that names "Татарстан", and a topic's names ("Миграционная политика" / "Migration policy") make
 * a record about it findable in either language.
 */

export { FIELD_WEIGHTS, SEARCH_FIELDS, type SearchField } from './fields.js';

/** Fields a snippet is cut from, in order of preference when they match equally well. */
export const SNIPPET_FIELDS = ['lead', 'body', 'practices', 'title'] as const satisfies readonly SearchField[];

/** A record as the index sees it: weighted term frequencies and a weighted length. */
export interface SearchDocument {
  /** Term → weighted frequency (Σ over fields of weight × occurrences). */
  terms: Map<string, number>;
  /** Weighted number of terms (the BM25 document length). */
  length: number;
}

const regionNames = new Map(regionCatalogue.regions.map((r) => [r.code, [r.name, r.nameEn]]));
const organisationNames = new Map(organisationCatalogue.organisations.map((o) => [o.id, [o.name, o.nameEn]]));
const platformNames = new Map(platformCatalogue.platforms.map((p) => [p.id, [p.name, p.nameEn]]));
const topicNames = new Map(topicCatalogue.topics.map((t) => [t.id, [t.name, t.nameEn]]));

/** The text of every field of a record (effective values). */
export function searchFields(item: PracticeItem): Record<SearchField, string> {
  const eff = effectiveRecord(item);
  const entities = new Set<string>();
  const add = (...names: Array<string | null | undefined>) => names.forEach((n) => n && entities.add(n));
  for (const r of eff.regions) add(r.name, ...(regionNames.get(r.code) ?? []));
  for (const o of eff.organisations) add(o.name, ...(organisationNames.get(o.id) ?? []));
  for (const p of eff.platforms) add(p.name, ...(platformNames.get(p.id) ?? []));
  for (const p of eff.people) add(p.name);
  for (const t of eff.topics) add(...(topicNames.get(t) ?? []));
  return {
    title: eff.title,
    practices: eff.practices.map((p) => p.name).join('\n'),
    entities: [...entities].join('\n'),
    lead: eff.lead ?? '',
    body: eff.bodyText,
  };
}

/** The search document of a record. */
export function searchDocument(item: PracticeItem): SearchDocument {
  const fields = searchFields(item);
  const terms = new Map<string, number>();
  let length = 0;
  for (const field of Object.keys(FIELD_WEIGHTS) as SearchField[]) {
    const weight = FIELD_WEIGHTS[field];
    for (const { term } of analyse(fields[field]).tokens) {
      terms.set(term, (terms.get(term) ?? 0) + weight);
      length += weight;
    }
  }
  return { terms, length };
}
