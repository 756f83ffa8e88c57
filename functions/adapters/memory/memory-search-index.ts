import { dequantiseLength, type CorpusStats, type Posting, type PostingList } from '../../core/search/bm25.js';
import type { SearchIndex, SearchIndexChange, StoredPosting } from '../../core/search/search-ports.js';

interface Entry {
  weight: number;
  length: number;
  version: number;
}

/**
 * In-memory twin of `DynamoSearchIndex`: the same postings (term → record → quantised weight and
 * length, with the version that wrote them), the same version guard on removal and the same
 * highest-weight-first reading with a budget. `apply` runs both halves of a change at once, for
 * the in-memory repository, whose writes are synchronous.
 */
export class MemorySearchIndex implements SearchIndex {
  private readonly terms = new Map<string, Map<string, Entry>>();
  /**
   * Read side: each term's postings as search reads them (highest weights first, dequantised),
   * built on the first read after a write to the term. A common term's list has thousands of
   * postings, and building it again for every query was a good part of such a query's time.
   */
  private readonly readLists = new Map<string, { postings: Posting[]; positions: Map<string, number> }>();
  private documents = 0;
  private totalLength = 0;

  /** Number of postings held (tests check that an approval writes none). */
  get postings(): number {
    let n = 0;
    for (const list of this.terms.values()) n += list.size;
    return n;
  }

  async addPostings(change: SearchIndexChange): Promise<void> {
    this.add(change);
  }

  async prunePostings(change: SearchIndexChange): Promise<void> {
    this.prune(change);
  }

  /** Both halves of a change, synchronously. */
  apply(change: SearchIndexChange): void {
    this.add(change);
    this.prune(change);
  }

  private add(change: SearchIndexChange): void {
    for (const { term, weight, length } of change.put) {
      let list = this.terms.get(term);
      if (!list) this.terms.set(term, (list = new Map()));
      list.set(change.id, { weight, length, version: change.version });
      this.readLists.delete(term);
    }
  }

  private prune(change: SearchIndexChange): void {
    for (const term of change.remove) {
      const list = this.terms.get(term);
      const entry = list?.get(change.id);
      if (!list || !entry || entry.version > change.version) continue;
      list.delete(change.id);
      this.readLists.delete(term);
      if (!list.size) this.terms.delete(term);
    }
    this.documents += change.documentsDelta;
    this.totalLength += change.lengthDelta;
  }

  async postingLists(terms: readonly string[], budget: number): Promise<PostingList[]> {
    return terms.map((term) => {
      const list = this.terms.get(term);
      if (!list) return { term, postings: [], documentFrequency: 0 };
      let read = this.readLists.get(term);
      if (!read) {
        // Highest weights first, as the table's listing reads them; ties by id (a stable cut).
        const postings = [...list]
          .sort(([a, x], [b, y]) => y.weight - x.weight || (a < b ? -1 : 1))
          .map(([id, e]) => ({ id, weight: e.weight / 2, length: dequantiseLength(e.length) }));
        read = { postings, positions: new Map(postings.map((p, i) => [p.id, i])) };
        this.readLists.set(term, read);
      }
      // A copy of the shared list's postings (callers may keep or change what they are given).
      const postings = read.postings.length > budget ? read.postings.slice(0, budget) : read.postings.slice();
      return { term, postings, documentFrequency: list.size, positions: read.positions };
    });
  }

  async storedPostings(id: string): Promise<StoredPosting[]> {
    const out: StoredPosting[] = [];
    for (const [term, list] of this.terms) {
      const entry = list.get(id);
      if (entry) out.push({ term, weight: entry.weight, length: entry.length });
    }
    return out;
  }

  async stats(): Promise<CorpusStats> {
    return { documents: this.documents, totalLength: this.totalLength };
  }
}
