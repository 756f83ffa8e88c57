import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateScores, ARTICLE_F1_TARGET, DEFAULT_CORPUS_DIR, runArticleBenchmark, scorePeer, scoreTexts } from '../../../scripts/bench/article-benchmark.js';

const corpusPresent = existsSync(path.join(DEFAULT_CORPUS_DIR, 'ground-truth.json'));
const absent = corpusPresent ? '' : ` (skipped: ${path.relative(process.cwd(), DEFAULT_CORPUS_DIR)} is absent)`;

describe('article benchmark metric', () => {
  it('gives a perfect page tp = 1 and nothing else, and an empty prediction fn = 1', () => {
    expect(scoreTexts('One two three four five.', 'One two three four five')).toEqual({ tp: 1, fp: 0, fn: 0 });
    expect(scoreTexts('One two three four five.', '')).toEqual({ tp: 0, fp: 0, fn: 1 });
  });

  it('counts 4-token shingles as multisets and normalises each page to a sum of 1', () => {
    // gold: a b c d e → {abcd, bcde}; predicted: a b c d x → {abcd, bcdx}: tp 1, fp 1, fn 1.
    expect(scoreTexts('a b c d e', 'a b c d x')).toEqual({ tp: 1 / 3, fp: 1 / 3, fn: 1 / 3 });
    // A repeated paragraph is counted twice: the second copy is a false positive.
    const twice = scoreTexts('w x y z', 'w x y z\n\nw x y z');
    expect(twice.fp).toBeGreaterThan(0);
    // Fewer than 4 tokens make one shingle; Cyrillic and digits are word characters.
    expect(scoreTexts('Путин 2019', 'Путин 2019')).toEqual({ tp: 1, fp: 0, fn: 0 });
  });

  it('averages precision and recall over pages and takes F1 of the two means', () => {
    const scores = aggregateScores([
      { tp: 1, fp: 0, fn: 0 },
      { tp: 0.5, fp: 0.5, fn: 0 },
      { tp: 0, fp: 0, fn: 1 },
    ]);
    // precision: pages 1 and 2 only (page 3 has no prediction): (1 + 0.5) / 2; recall: (1 + 1 + 0) / 3.
    expect(scores.precision).toBeCloseTo(0.75, 10);
    expect(scores.recall).toBeCloseTo(2 / 3, 10);
    expect(scores.f1).toBeCloseTo((2 * 0.75 * (2 / 3)) / (0.75 + 2 / 3), 10);
  });
});

describe(`article benchmark on the development half${absent}`, () => {
  it.skipIf(!corpusPresent)('reproduces the peers’ figures the corpus README gives (the metric is the benchmark’s)', () => {
    expect(scorePeer('trafilatura')!.f1).toBeCloseTo(0.963, 3);
    expect(scorePeer('readability_js')!.f1).toBeCloseTo(0.95, 3);
    expect(scorePeer('goose3')!.recall).toBeCloseTo(0.852, 3);
  });

  it.skipIf(!corpusPresent)(`scores the generic extractor at F1 ≥ ${ARTICLE_F1_TARGET}`, () => {
    const result = runArticleBenchmark()!;
    process.stdout.write(
      `article benchmark: ${result.pages} pages, F1 ${result.f1.toFixed(3)} (P ${result.precision.toFixed(3)}, R ${result.recall.toFixed(3)}), ${result.msPerPage.toFixed(1)} ms/page\n`,
    );
    expect(result.pages).toBe(91);
    expect(result.f1).toBeGreaterThanOrEqual(ARTICLE_F1_TARGET);
    // No page is lost outright: every page yields some of its gold body.
    expect(result.perPage.filter((page) => page.recall < 0.3).map((page) => page.url)).toEqual([]);
  }, 120_000);
});
