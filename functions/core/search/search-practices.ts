import { ValidationError } from '../errors.js';
import type { PageToken, PracticeItem } from '../ports.js';
import { analyseFor, queryTerms, STOPWORDS } from './analyse.js';
import { RankedCandidates } from './bm25.js';
import { SEARCH_FIELDS, searchFields, type SearchField } from './search-document.js';
import type { PracticeSearchDeps } from './search-ports.js';
import { snippetOfAnalysed, type AnalysedField, type Snippet } from './snippet.js';

/** Postings read per query term at most (highest weights first). */
export const POSTINGS_BUDGET = 20_000;
/**
 * What a translated term counts for against a word of the query itself: a text in the query's own
 * language that holds its words ranks before one that holds their translations. Set once (0.5)
 * before measuring, not tuned on the query set.
 */
export const TRANSLATION_WEIGHT = 0.5;
/** Ranked candidates a request reads and checks at most before it answers with what it has and a cursor. */
export const CANDIDATE_BUDGET = 400;

/** One result: the record, its BM25 score and a snippet with the matched words marked. */
export interface SearchHit {
  item: PracticeItem;
  score: number;
  snippet: Snippet;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Position in the ranking to continue from; null on the last page. */
  next: PageToken | null;
}

export interface SearchRequest {
  q: string;
  /** Who may see what and the listing's other filters: records it refuses are skipped. */
  accept(item: PracticeItem): boolean;
  limit: number;
  after?: PageToken | null;
}

function decodeOffset(token: PageToken | null | undefined): number {
  if (token === null || token === undefined || token === '') return 0;
  if (!/^\d{1,7}$/.test(token)) throw new ValidationError('malformed cursor', { field: 'cursor' });
  return Number(token);
}

/**
 * Full-text search over practice records: the query's stems (and their translations into the
 * other language, when a glossary is given) looked up in the inverted index,
 * documents ranked by BM25, then read in rank order and kept when the audience may see them
 * (public: approved announcements; editors: the queue's status and verdict) and they pass the
 * other filters. A record is also dropped when it no longer holds any query term (a posting left
 * behind by a failed prune). Pages are positions in the ranking; at most `CANDIDATE_BUDGET`
 * candidates are read per request.
 */
export async function searchPractices(deps: PracticeSearchDeps, request: SearchRequest): Promise<SearchPage> {
  const own = queryTerms(request.q);
  const terms = own.length && deps.glossary ? (await deps.glossary())(own) : own;
  let position = decodeOffset(request.after);
  if (!terms.length) return { hits: [], next: null };
  const [read, stats] = await Promise.all([deps.index.postingLists(terms, POSTINGS_BUDGET), deps.index.stats()]);
  // Copies, not the index's own lists (an in-memory index keeps them between queries).
  const asked = new Set(own);
  const lists = read.map((list) => (asked.has(list.term) ? list : { ...list, boost: TRANSLATION_WEIGHT }));
  // Taken in rank order only as far as this page reads (a common term ranks thousands).
  const ranked = new RankedCandidates(lists, stats);
  const hits: SearchHit[] = [];
  const stop = Math.min(ranked.length, position + CANDIDATE_BUDGET);
  const batch = Math.min(100, Math.max(2 * request.limit, 20));
  while (position < stop && hits.length < request.limit) {
    const slice = ranked.slice(position, Math.min(stop, position + batch));
    const records = new Map((await deps.records.getMany(slice.map((s) => s.id))).map((item) => [item.id, item]));
    for (const candidate of slice) {
      position += 1;
      const item = records.get(candidate.id);
      if (!item || !request.accept(item)) continue;
      const fields = analyseFields(item, terms);
      const held = heldTerms(fields, terms);
      if (!held.length) continue;
      hits.push({ item, score: Math.round(candidate.score * 1000) / 1000, snippet: snippetOfAnalysed(fields, held) });
      if (hits.length >= request.limit) break;
    }
  }
  return { hits, next: position < ranked.length ? String(position) : null };
}

/**
 * The query's terms (function words aside) found in every field of a record, each field analysed
 * once for both the check that the record still holds them and its snippet (the record was
 * analysed whole twice before), stemming only the words that may give one of them.
 */
function analyseFields(item: PracticeItem, terms: readonly string[]): Record<SearchField, AnalysedField> {
  const text = searchFields(item);
  const wanted = new Set(terms.filter((term) => !STOPWORDS.has(term)));
  const out = {} as Record<SearchField, AnalysedField>;
  for (const field of SEARCH_FIELDS) out[field] = { text: text[field], ...analyseFor(text[field], wanted) };
  return out;
}

/**
 * The query terms the record holds by its search document (`searchDocument`: the terms of every
 * field but function words): a posting left behind by a failed prune names a record that does not.
 */
function heldTerms(fields: Record<SearchField, AnalysedField>, terms: readonly string[]): string[] {
  const held = new Set<string>();
  for (const field of SEARCH_FIELDS) for (const { term } of fields[field].tokens) held.add(term);
  return terms.filter((term) => held.has(term));
}
