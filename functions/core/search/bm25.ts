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
  /**
   * Optional: the position in `postings` of each document of the term's whole list (an index that
   * keeps its lists between writes can give it). Positions at or past `postings.length` (a cut
   * list) are ignored. Lets ranking merge another list into this one by lookups alone.
   */
  positions?: ReadonlyMap<string, number>;
  /**
   * Optional query-time weight of the term's contributions (1 when absent): a translation of a
   * query word counts for less than the word itself (`search-practices.ts`).
   */
  boost?: number;
}

/** A list's inverse document frequency times its query-time weight. */
function weightedIdf(documents: number, list: PostingList): number {
  return idf(documents, Math.max(list.documentFrequency, list.postings.length)) * (list.boost ?? 1);
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
    const termIdf = weightedIdf(documents, list);
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
 * thousands of documents while a page reads a few dozen: sorting them all, and an object per
 * document, were most of such a query's time. Scores are kept in typed arrays by slot (a document's
 * slot is found through one map, or is its position when there is one list: a list holds each
 * document once). Same scores, summed in the same order, and the same order (ties go by id).
 */
export class RankedCandidates {
  /** Candidates already taken, in rank order. */
  private readonly taken: Scored[] = [];
  private readonly ids: string[];
  private readonly scores: Float64Array;
  private readonly matched: Uint8Array | null;
  /** Slots not taken yet, a max-heap by rank. */
  private readonly heap: Int32Array;
  private size: number;
  /** Number of candidates in the whole ranking. */
  readonly length: number;

  constructor(lists: readonly PostingList[], stats: CorpusStats) {
    const documents = Math.max(stats.documents, 1);
    const averageLength = stats.totalLength > 0 ? stats.totalLength / documents : 1;
    const capacity = lists.reduce((n, list) => n + list.postings.length, 0);
    const scores = new Float64Array(capacity);
    let ids: string[];
    if (lists.length === 1) {
      const list = lists[0]!;
      const termIdf = weightedIdf(documents, list);
      ids = new Array<string>(list.postings.length);
      list.postings.forEach(({ id, weight, length }, i) => {
        ids[i] = id;
        scores[i] = contribution(termIdf, weight, length, averageLength);
      });
      this.matched = null;
    } else {
      // Each list's contributions are kept apart and summed in list order at the end, as
      // `rankBm25` adds them. Slots: the base list's documents at their positions (looked up in
      // its `positions` when the index gives them, so that the longest list needs no insertions),
      // then the others' in a map.
      const base = pickBase(lists);
      const baseSize = base === -1 ? 0 : lists[base]!.postings.length;
      const basePositions = base === -1 ? null : lists[base]!.positions!;
      ids = base === -1 ? [] : lists[base]!.postings.map((p) => p.id);
      const width = lists.length;
      const parts = new Float64Array(capacity * width);
      const present = new Uint8Array(capacity * width);
      const others = new Map<string, number>();
      lists.forEach((list, l) => {
        const termIdf = weightedIdf(documents, list);
        list.postings.forEach(({ id, weight, length }, i) => {
          let slot: number | undefined;
          if (l === base) slot = i;
          else {
            const at = basePositions?.get(id);
            slot = at !== undefined && at < baseSize ? at : others.get(id);
            if (slot === undefined) {
              slot = ids.length;
              others.set(id, slot);
              ids.push(id);
            }
          }
          parts[slot * width + l] = contribution(termIdf, weight, length, averageLength);
          present[slot * width + l] = 1;
        });
      });
      const matched = new Uint8Array(ids.length);
      for (let slot = 0; slot < ids.length; slot += 1) {
        let score = 0;
        let first = true;
        for (let l = 0; l < width; l += 1) {
          if (!present[slot * width + l]) continue;
          score = first ? parts[slot * width + l]! : score + parts[slot * width + l]!;
          first = false;
          matched[slot] = matched[slot]! + 1;
        }
        scores[slot] = score;
      }
      this.matched = matched;
    }
    this.ids = ids;
    this.scores = scores;
    this.length = this.size = ids.length;
    this.heap = new Int32Array(ids.length);
    for (let i = 0; i < ids.length; i += 1) this.heap[i] = i;
    for (let i = (this.size >> 1) - 1; i >= 0; i -= 1) this.siftDown(i);
  }

  /** Candidates at rank positions [start, end), as `rankBm25(...).slice(start, end)`. */
  slice(start: number, end: number): Scored[] {
    const stop = Math.min(end, this.length);
    while (this.taken.length < stop) {
      const slot = this.heap[0]!;
      this.size -= 1;
      if (this.size > 0) {
        this.heap[0] = this.heap[this.size]!;
        this.siftDown(0);
      }
      this.taken.push({ id: this.ids[slot]!, score: this.scores[slot]!, matched: this.matched ? this.matched[slot]! : 1 });
    }
    return this.taken.slice(start, stop);
  }

  /** Whether slot `a` ranks before slot `b` (higher score, then lower id). */
  private before(a: number, b: number): boolean {
    const sa = this.scores[a]!;
    const sb = this.scores[b]!;
    return sa > sb || (sa === sb && this.ids[a]! < this.ids[b]!);
  }

  private siftDown(from: number): void {
    const heap = this.heap;
    const n = this.size;
    const item = heap[from]!;
    let i = from;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1]!, heap[child]!)) child += 1;
      if (!this.before(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}

/** The longest list that gives its positions, or -1. */
function pickBase(lists: readonly PostingList[]): number {
  let base = -1;
  lists.forEach((list, l) => {
    if (list.positions && (base === -1 || list.postings.length > lists[base]!.postings.length)) base = l;
  });
  return base;
}

/** One term's BM25 contribution to a document's score (as {@link rankBm25} computes it). */
function contribution(termIdf: number, weight: number, length: number, averageLength: number): number {
  const norm = BM25.k1 * (1 - BM25.b + (BM25.b * length) / averageLength);
  return (termIdf * weight * (BM25.k1 + 1)) / (weight + norm);
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
