import type { PracticeItem } from '../ports.js';
import type { CorpusStats, PostingList } from './bm25.js';

/** One posting as the index stores it: quantised weight and document length (see `bm25.ts`). */
export interface StoredPosting {
  term: string;
  /** Weighted term frequency in half units (`quantiseWeight`). */
  weight: number;
  /** Quantised document length (`quantiseLength`). */
  length: number;
}

/**
 * What one record write changes in the index (planned by `planIndexChange`): the postings to
 * add or rewrite, the terms to drop, and the corpus figures' movement.
 */
export interface SearchIndexChange {
  id: string;
  /** The record version the change brings the postings to. */
  version: number;
  put: StoredPosting[];
  remove: string[];
  documentsDelta: number;
  lengthDelta: number;
}

/**
 * The inverted index of stems (DynamoDB items keyed by term, or memory). Writes come in two
 * halves around the record's own write, so that a stored record always has its postings:
 * `addPostings` before (a failure there fails the write, nothing is lost), `prunePostings` after
 * (a failure there leaves extra postings, which search drops when it reads the record).
 */
export interface SearchIndex {
  /** Writes the postings the change adds or rewrites. Throws a `PipelineError` on failure. */
  addPostings(change: SearchIndexChange): Promise<void>;
  /**
   * Removes the postings the change drops (only those not rewritten since by a later version of
   * the record) and moves the corpus figures.
   */
  prunePostings(change: SearchIndexChange): Promise<void>;
  /**
   * The posting lists of `terms`, each read highest weights first and cut at `budget` postings
   * (a term in nearly every record contributes little to BM25 past its strongest documents).
   */
  postingLists(terms: readonly string[], budget: number): Promise<PostingList[]>;
  /** The postings stored for one record (re-indexing compares them with the record). */
  storedPostings(id: string): Promise<StoredPosting[]>;
  stats(): Promise<CorpusStats>;
}

/** Reads records by id, in the order asked, skipping missing ones (one batch read where possible). */
export interface PracticeBatchReader {
  getMany(ids: readonly string[]): Promise<PracticeItem[]>;
}

/** A query's terms → the same followed by their translations into the other language (`translate.ts`). */
export type QueryTranslator = (terms: readonly string[]) => string[];

/**
 * The cross-language glossary as a translator, loaded on first use (a search API container that
 * answers no `q` never reads it). Rejects when the glossary cannot be read: a deployment that lost
 * it is an error to see, not a search that quietly stops translating.
 */
export type GlossarySource = () => Promise<QueryTranslator>;

/** What search needs: the index, a batch reader of records and, for cross-language queries, the glossary. */
export interface PracticeSearchDeps {
  index: SearchIndex;
  records: PracticeBatchReader;
  /** Without it a query searches its own words only. */
  glossary?: GlossarySource;
}
