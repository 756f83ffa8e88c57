import { REVIEW_STATUSES } from '../model.js';
import type { PracticeItem, PracticeQueryRepository } from '../ports.js';
import { dequantiseLength, quantiseLength, quantiseWeight } from './bm25.js';
import { searchDocument, type SearchDocument } from './search-document.js';
import type { SearchIndex, SearchIndexChange, StoredPosting } from './search-ports.js';

/** The stored postings of a document. */
function storedPostings(doc: SearchDocument | null): Map<string, StoredPosting> {
  const out = new Map<string, StoredPosting>();
  if (!doc) return out;
  const length = quantiseLength(doc.length);
  for (const [term, weight] of doc.terms) out.set(term, { term, weight: quantiseWeight(weight), length });
  return out;
}

/**
 * The index change of one record write, from the record as it was (null: new) to what it
 * becomes. Only postings whose stored values change are rewritten: an approval, a rejection or a
 * story move changes no text and writes nothing; a corrected title rewrites the terms it touches
 * (and every posting only when the document's length moves beyond the quantisation step).
 */
export function planIndexChange(previous: PracticeItem | null, next: PracticeItem): SearchIndexChange {
  const before = previous ? searchDocument(previous) : null;
  const after = searchDocument(next);
  const old = storedPostings(before);
  const fresh = storedPostings(after);
  const put: StoredPosting[] = [];
  for (const [term, posting] of fresh) {
    const was = old.get(term);
    if (!was || was.weight !== posting.weight || was.length !== posting.length) put.push(posting);
  }
  const remove = [...old.keys()].filter((term) => !fresh.has(term));
  return {
    id: next.id,
    version: next.editorial.version,
    put,
    remove,
    documentsDelta: before ? 0 : 1,
    lengthDelta: after.length - (before?.length ?? 0),
  };
}

/** True when the change writes nothing (no posting and no figure moves). */
export function isEmptyChange(change: SearchIndexChange): boolean {
  return change.put.length === 0 && change.remove.length === 0 && change.documentsDelta === 0 && change.lengthDelta === 0;
}

/**
 * Runs one record write with its index change around it: postings added before the write,
 * dropped after it. Without an index the write runs alone. A failed prune is not the write's
 * failure (the record is stored); it is passed to `onPruneError` and search drops the extra
 * postings it leaves when it reads the record.
 */
export async function withIndexChange<T>(
  index: SearchIndex | undefined,
  previous: PracticeItem | null,
  next: PracticeItem,
  write: () => Promise<T>,
  onPruneError: (error: unknown) => void = () => {},
): Promise<T> {
  if (!index) return write();
  const change = planIndexChange(previous, next);
  if (isEmptyChange(change)) return write();
  if (change.put.length) await index.addPostings(change);
  const result = await write();
  try {
    await index.prunePostings(change);
  } catch (error) {
    onPruneError(error);
  }
  return result;
}

/**
 * Brings one record's postings in line with the record whatever the index holds (nothing, for a
 * record stored before search existed; or postings a lost prune left): the stored postings are read
 * and compared with the record's. Idempotent: a second run changes nothing.
 */
export async function reindexRecord(index: SearchIndex, item: PracticeItem): Promise<SearchIndexChange> {
  const stored = new Map((await index.storedPostings(item.id)).map((p) => [p.term, p]));
  const doc = searchDocument(item);
  const fresh = storedPostings(doc);
  const put = [...fresh.values()].filter((p) => {
    const was = stored.get(p.term);
    return !was || was.weight !== p.weight || was.length !== p.length;
  });
  const remove = [...stored.keys()].filter((term) => !fresh.has(term));
  const previousLength = stored.size ? dequantiseLength(stored.values().next().value!.length) : 0;
  const change: SearchIndexChange = {
    id: item.id,
    version: item.editorial.version,
    put,
    remove,
    documentsDelta: stored.size ? 0 : 1,
    // Only the quantised length is stored: the figure moves by the rounding at most (2.5 %).
    lengthDelta: stored.size && !put.length && !remove.length ? 0 : doc.length - previousLength,
  };
  if (put.length) await index.addPostings(change);
  if (!isEmptyChange(change)) await index.prunePostings(change);
  return change;
}

/**
 * Re-indexes every stored record, page by page through the review listings (every status, both
 * verdicts: no Scan). For a table whose records predate the index, or after a change of analysis.
 */
export async function reindexAll(deps: { queries: Pick<PracticeQueryRepository, 'listReview'>; index: SearchIndex }, onRecord: (change: SearchIndexChange) => void = () => {}): Promise<number> {
  let count = 0;
  for (const status of REVIEW_STATUSES) {
    let after: string | null = null;
    do {
      const page = await deps.queries.listReview({ status, classified: 'all' }, { limit: 100, after });
      for (const item of page.items) {
        onRecord(await reindexRecord(deps.index, item));
        count += 1;
      }
      after = page.next;
    } while (after);
  }
  return count;
}
