/**
 * Search evaluation: `npm run eval -- search` (eval.ts hands the word `search` to this module) or
 * `npx tsx scripts/eval-search.ts [--distractors N]`.
 *
 * The corpus is the project's own labelled sets (test/devset, test/devset-blind,
 * test/devset-holdout: 127 texts, Russian and English), each run through the real extractor and
 * stored through the in-memory repository with its search index, exactly as ingestion stores
 * them. The query set (test/search/queries.jsonl) was written for this evaluation after reading
 * the texts: Russian inflections different from the text's, English words, people's names in other
 * cases, practice names, and English names of entities a Russian text names in Russian. Each
 * query lists the texts it must find (not every text that mentions the words).
 *
 * The kinds `translated-from-ru` and `translated-from-en` are the set's Russian queries put into
 * English and its English ones into Russian (as a user would write them, one for one, relevant texts
 * unchanged): cross-language search through the glossary (`core/search/glossary.json`).
 *
 * Prints recall@10 (relevant texts among the first ten results; micro over all pairs, and per kind)
 * beside two baselines measured in the same run: the same search without the glossary, and the
 * listing's former `q` (all words must begin a word of the title or a practice name). The bar is on
 * the monolingual kinds (the set the bar was set for); the translated kinds are reported beside it.
 * `--distractors N` adds N synthetic records (scripts/bench/seed-practices.ts) that share the
 * corpus's vocabulary. Exits 1 below the bar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryPracticeRepository } from '../functions/adapters/memory/memory-practice-repository.js';
import { MemorySearchIndex } from '../functions/adapters/memory/memory-search-index.js';
import { contentHash, simhash64 } from '../functions/core/dedupe/simhash.js';
import { extractPractice } from '../functions/core/extraction/extract-practice.js';
import { glossaryFromFile } from '../functions/adapters/search/glossary-file.js';
import { searchPractices } from '../functions/core/search/search-practices.js';
import { seedPractices } from './bench/seed-practices.js';
import { readLabelledSet } from './training/labelled-sets.js';

const root = path.resolve(import.meta.dirname, '..');
export const SEARCH_SETS = ['test/devset', 'test/devset-blind', 'test/devset-holdout'];
export const QUERY_FILE = 'test/search/queries.jsonl';
export const RECALL_BAR = 0.95;
/** Query kinds asked in the other language than their texts; outside the bar (see above). */
export const TRANSLATED_KINDS: ReadonlySet<string> = new Set(['translated-from-ru', 'translated-from-en']);

export interface SearchQuery {
  kind: string;
  q: string;
  /** `<set>/<file>` of the texts the query must find, e.g. `devset/ru-a05-yakutia-telemed.txt`. */
  relevant: string[];
}

/** The corpus in a repository with a search index; `keyOf` maps record ids to `<set>/<file>`. */
export async function buildSearchCorpus(options: { distractors?: number } = {}) {
  const index = new MemorySearchIndex();
  const repo = new MemoryPracticeRepository({ search: index });
  const keyOf = new Map<string, string>();
  for (const set of SEARCH_SETS) {
    const { texts } = readLabelledSet(path.join(root, set));
    for (const text of texts) {
      const extraction = extractPractice(text.input);
      const observedAt = '2026-12-01T00:00:00.000Z';
      const outcome = await repo.recordObservation({
        extraction,
        source: { sourceId: extraction.sourceId, url: extraction.url, title: extraction.title, publishedAt: extraction.publishedAt, rawKey: null, fetchedAt: observedAt },
        simhash: simhash64(extraction.bodyText),
        contentHash: contentHash(extraction.bodyText),
        observedAt,
      });
      keyOf.set(outcome.id, `${path.basename(set)}/${path.basename(text.path)}`);
    }
  }
  if (options.distractors) await seedPractices(repo, options.distractors);
  return { repo, index, keyOf };
}

export function readQueries(file = path.join(root, QUERY_FILE)): SearchQuery[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as SearchQuery);
}

interface Tally {
  found: number;
  relevant: number;
  queries: number;
}

/** One tally per way of searching: with the glossary, without it, and the former `q`. */
interface Tallies {
  search: Tally;
  monolingual: Tally;
  baseline: Tally;
}

const recall = (t: Tally) => (t.relevant ? t.found / t.relevant : 1);
const tallies = (): Tallies => ({ search: { found: 0, relevant: 0, queries: 0 }, monolingual: { found: 0, relevant: 0, queries: 0 }, baseline: { found: 0, relevant: 0, queries: 0 } });

export async function evaluateSearch(options: { distractors?: number } = {}) {
  const { repo, index, keyOf } = await buildSearchCorpus(options);
  const glossary = glossaryFromFile();
  const queries = readQueries();
  const kinds = new Map<string, Tallies>();
  const total = tallies();
  const translated = tallies();
  const misses: string[] = [];
  for (const query of queries) {
    const ids = async (deps: Parameters<typeof searchPractices>[0]) =>
      (await searchPractices(deps, { q: query.q, accept: () => true, limit: 10 })).hits.map((hit) => keyOf.get(hit.item.id));
    const top = await ids({ index, records: repo, glossary });
    const monoTop = await ids({ index, records: repo });
    // The former `q`: the review listing of every record (pending, both verdicts) with word-start matching.
    const old = await repo.listReview({ status: 'pending', classified: 'all', q: query.q }, { limit: 10 });
    const oldTop = old.items.map((item) => keyOf.get(item.id));
    const kind = kinds.get(query.kind) ?? tallies();
    kinds.set(query.kind, kind);
    const sum = TRANSLATED_KINDS.has(query.kind) ? translated : total;
    for (const [way, found] of [
      ['search', top],
      ['monolingual', monoTop],
      ['baseline', oldTop],
    ] as const) {
      for (const t of [kind[way], sum[way]]) {
        t.queries += 1;
        t.relevant += query.relevant.length;
        t.found += query.relevant.filter((r) => found.includes(r)).length;
      }
    }
    for (const r of query.relevant) if (!top.includes(r)) misses.push(`${query.kind} «${query.q}»: missed ${r} (top: ${top.slice(0, 3).join(', ') || 'nothing'})`);
  }
  return { documents: keyOf.size + (options.distractors ?? 0), queries: queries.length, total, translated, kinds, misses };
}

export async function printSearchEvaluation(options: { distractors?: number } = {}): Promise<boolean> {
  const started = performance.now();
  const result = await evaluateSearch(options);
  console.log(`\n== search: ${result.queries} queries (${QUERY_FILE}) over ${result.documents} records (${SEARCH_SETS.join(', ')}${options.distractors ? ` + ${options.distractors} synthetic distractors` : ''})`);
  console.log(`${'kind'.padEnd(20)} ${'queries'.padStart(7)} ${'pairs'.padStart(6)} ${'recall@10'.padStart(10)} ${'no glossary'.padStart(12)} ${'former q'.padStart(9)}`);
  const row = (name: string, t: Tallies) =>
    console.log(
      `${name.padEnd(20)} ${String(t.search.queries).padStart(7)} ${String(t.search.relevant).padStart(6)} ${recall(t.search).toFixed(3).padStart(10)} ${recall(t.monolingual).toFixed(3).padStart(12)} ${recall(t.baseline).toFixed(3).padStart(9)}`,
    );
  for (const [kind, t] of result.kinds) if (!TRANSLATED_KINDS.has(kind)) row(kind, t);
  row('monolingual (bar)', result.total);
  for (const [kind, t] of result.kinds) if (TRANSLATED_KINDS.has(kind)) row(kind, t);
  row('translated', result.translated);
  for (const miss of result.misses) console.log(`  miss: ${miss}`);
  const pass = recall(result.total.search) >= RECALL_BAR;
  console.log(
    `recall@10 ${recall(result.total.search).toFixed(3)} on the monolingual kinds (bar ≥ ${RECALL_BAR}): ${pass ? 'PASS' : 'FAIL'}; ` +
      `translated queries ${recall(result.translated.search).toFixed(3)} (${recall(result.translated.monolingual).toFixed(3)} without the glossary); ${Math.round(performance.now() - started)} ms`,
  );
  return pass;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--distractors');
  const distractors = at > 0 ? Number(process.argv[at + 1]) : 0;
  if (!(await printSearchEvaluation({ distractors }))) process.exitCode = 1;
}
