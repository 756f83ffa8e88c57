/**
 * Okapi BM25 over weighted term frequencies (BM25F-style: fields contribute weight × occurrences
 * to one frequency and one length). Pure arithmetic over posting lists; no storage here.
 */

/** One document in a term's posting list. */
export interface Posting {
  id: string;
  /** Weighted term frequency. */
  weight: number;
  /** Weighted document length (possibly quantised by the index; see `quantiseLength`). */
  length: number;
}

/** A term's posting list as read from the index. */
export interface PostingList {
  term: string;
  postings: Posting[];
  /**
   * Documents holding the term. Equal to `postings.length` unless the list was cut at a read
   * budget (highest weights first), when it is the index's count or a lower bound.
   */
  documentFrequency: number;
}

/** Corpus figures BM25 needs. */
export interface CorpusStats {
  documents: number;
  /** Sum of the weighted lengths of all documents. */
  totalLength: number;
}

export const BM25 = { k1: 1.2, b: 0.75 } as const;

/** Inverse document frequency (the non-negative variant of Lucene). */
export function idf(documents: number, documentFrequency: number): number {
  const n = Math.max(documents, documentFrequency);
  return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** A ranked candidate. */
export interface Scored {
  id: string;
  score: number;
  /** Query terms the document holds (by the index). */
  matched: number;
}

/**
 * Scores every document of the posting lists (OR semantics: a document holding more of the
 * query's terms, rarer ones, more often, in a shorter text, ranks higher). Ties go by id, so that
 * the order is stable from one request to the next (the cursor is a position in it).
 */
export function rankBm25(lists: readonly PostingList[], stats: CorpusStats): Scored[] {
  return [...scoreAll(lists, stats)].sort(byRank);
}

/** The ranking's order: higher score first, ties by id. */
function byRank(a: Scored, b: Scored): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Every document of the posting lists with its summed BM25 score, in no particular order. */
function scoreAll(lists: readonly PostingList[], stats: CorpusStats): Scored[] {
  const documents = Math.max(stats.documents, 1);
  const averageLength = stats.totalLength > 0 ? stats.totalLength / documents : 1;
  const scores = new Map<string, Scored>();
  for (const list of lists) {
    const termIdf = idf(documents, Math.max(list.documentFrequency, list.postings.length));
    for (const { id, weight, length } of list.postings) {
      const norm = BM25.k1 * (1 - BM25.b + (BM25.b * length) / averageLength);
      const score = (termIdf * weight * (BM25.k1 + 1)) / (weight + norm);
      const entry = scores.get(id);
      if (entry) {
        entry.score += score;
        entry.matched += 1;
      } else scores.set(id, { id, score, matched: 1 });
    }
  }
  return [...scores.values()];
}

/**
 * The ranking of {@link rankBm25}, produced lazily: a binary heap built in linear time, from which
 * candidates are taken in rank order only as far as a request reads. A common term's list holds
 * thousands of documents while a page reads a few dozen, and sorting them all was most of such a
 * query's time. Same scores, same order (the order is total: ties go by id).
 */
export class RankedCandidates {
  /** Candidates already taken, in rank order. */
  private readonly taken: Scored[] = [];
  /** The rest, a max-heap by rank. */
  private readonly heap: Scored[];
  /** Number of candidates in the whole ranking. */
  readonly length: number;

  constructor(lists: readonly PostingList[], stats: CorpusStats) {
    this.heap = scoreAll(lists, stats);
    this.length = this.heap.length;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i -= 1) this.siftDown(i);
  }

  /** Candidates at rank positions [start, end), as `rankBm25(...).slice(start, end)`. */
  slice(start: number, end: number): Scored[] {
    const stop = Math.min(end, this.length);
    while (this.taken.length < stop) this.taken.push(this.pop());
    return this.taken.slice(start, stop);
  }

  private pop(): Scored {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(from: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[from]!;
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && byRank(heap[child + 1]!, heap[child]!) < 0) child += 1;
      if (byRank(heap[child]!, item) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}

/** Length quantisation step: lengths are kept to within 2.5 %, so a small edit rewrites no posting. */
const LENGTH_BASE = 1.05;

/** The quantised form of a document length (a small integer). */
export function quantiseLength(length: number): number {
  return Math.round(Math.log(Math.max(length, 1)) / Math.log(LENGTH_BASE));
}

/** The length a quantised value stands for. */
export function dequantiseLength(quantised: number): number {
  // Read once per posting on every query: small integers are looked up (the same values).
  if (Number.isInteger(quantised) && quantised >= 0 && quantised < DEQUANTISED.length) return DEQUANTISED[quantised]!;
  return LENGTH_BASE ** quantised;
}

/** `LENGTH_BASE ** q` for every quantised length a text can have (q = 400 stands for 3·10⁸ terms). */
const DEQUANTISED = Array.from({ length: 400 }, (_, q) => LENGTH_BASE ** q);

/** A weighted frequency as stored: in half units (field weights are multiples of 0.5), capped. */
export function quantiseWeight(weight: number): number {
  return Math.min(MAX_STORED_WEIGHT, Math.max(1, Math.round(weight * 2)));
}

export const MAX_STORED_WEIGHT = 9999;
