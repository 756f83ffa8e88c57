/**
 * The generic article extractor's row: ms/page and F1 on `../shared/corpora/article-extraction/`
 * through the article engineer's scorer (`scripts/bench/article-benchmark.ts`), beside the same
 * scorer run in the same process over a baseline extractor (the whole page's text through
 * htmlparser2) and the recorded score of trafilatura. "Not available" when the scorer or the
 * corpus is missing, with the reason.
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import type { BenchRow } from './report.js';

interface ArticleBenchmarkModule {
  ARTICLE_F1_TARGET: number;
  runArticleBenchmark(options?: { corpusDir?: string; extract?: (html: string, url: string) => string }): { pages: number; f1: number; precision: number; recall: number; msPerPage: number } | null;
  scorePeer(name: string): { f1: number } | null;
  ARTICLE_COST_RATIO_TARGET?: number;
  measureArticleCost?(): { pages: number; rounds: number; parseMsPerPage: number; extractMsPerPage: number; ratio: number; wallRatio: number; medianPageRatio: number; maxPageRatio: number; pagesOverTarget: number } | null;
}

/** The whole text of a page: what an extractor that removes nothing would return. */
function wholePageText(html: string): string {
  const document = parseDocument(html);
  const body = DomUtils.findOne((e) => e.name === 'body', document.children, true);
  return DomUtils.textContent(body ?? document).replace(/\s+/g, ' ').trim();
}

const unavailable = (reason: string): BenchRow => ({
  suite: 'article',
  name: 'generic article extraction on ../shared/corpora/article-extraction: F1',
  value: null,
  unit: '',
  baseline: reason,
  bar: 'F1 ≥ the scorer\'s target',
  pass: null,
});

export async function benchArticle(): Promise<BenchRow[]> {
  let scorer: ArticleBenchmarkModule;
  try {
    // The scorer is the article engineer's; until it is on this branch the row says so.
    const specifier = './article-benchmark.js';
    scorer = (await import(specifier)) as ArticleBenchmarkModule;
  } catch (error) {
    return [unavailable(`not available: scripts/bench/article-benchmark.ts is not here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)];
  }
  const result = scorer.runArticleBenchmark();
  if (!result) return [unavailable('not available: ../shared/corpora/article-extraction is absent')];
  const baseline = scorer.runArticleBenchmark({ extract: (html) => wholePageText(html) });
  const trafilatura = scorer.scorePeer('trafilatura');
  const r3 = (n: number) => Math.round(n * 1000) / 1000;
  const r2 = (n: number) => Math.round(n * 100) / 100;
  process.stderr.write(`article: ${JSON.stringify({ pages: result.pages, f1: r3(result.f1), precision: r3(result.precision), recall: r3(result.recall), msPerPage: r2(result.msPerPage), baselineF1: baseline && r3(baseline.f1), baselineMsPerPage: baseline && r2(baseline.msPerPage), trafilaturaF1: trafilatura && r3(trafilatura.f1) })}\n`);
  // The cost bar: the extractor against a bare htmlparser2 parse of the same pages, timed
  // alternately in this run after a warm-up, in CPU time (the scorer's measureArticleCost).
  const cost = scorer.measureArticleCost?.() ?? null;
  const costTarget = scorer.ARTICLE_COST_RATIO_TARGET ?? 3;
  const costRows: BenchRow[] = cost
    ? [
        {
          suite: 'article',
          name: `generic article extraction cost ÷ htmlparser2 parse of the same ${cost.pages} pages`,
          value: Math.round(cost.ratio * 100) / 100,
          unit: '×',
          baseline: `parse ${r2(cost.parseMsPerPage)} ms/page, extraction ${r2(cost.extractMsPerPage)} ms/page (CPU time, warm medians of ${cost.rounds}; wall-clock ratio ${r2(cost.wallRatio)}); per page median ${r2(cost.medianPageRatio)}×, max ${r2(cost.maxPageRatio)}×, ${cost.pagesOverTarget} over ${costTarget}×`,
          bar: `ratio ≤ ${costTarget}`,
          pass: cost.ratio <= costTarget,
          figures: { ...cost },
        },
      ]
    : [];
  return [
    {
      suite: 'article',
      name: `generic article extraction on ${result.pages} pages of ../shared/corpora/article-extraction: F1`,
      value: r3(result.f1),
      unit: '',
      baseline: `whole page text ${baseline ? r3(baseline.f1) : 'n/a'}; trafilatura (recorded) ${trafilatura ? r3(trafilatura.f1) : 'n/a'}; precision ${r3(result.precision)}, recall ${r3(result.recall)}`,
      bar: `F1 ≥ ${scorer.ARTICLE_F1_TARGET}`,
      pass: result.f1 >= scorer.ARTICLE_F1_TARGET,
      figures: { pages: result.pages, f1: result.f1, precision: result.precision, recall: result.recall, baselineF1: baseline?.f1 ?? null, trafilaturaF1: trafilatura?.f1 ?? null },
    },
    {
      suite: 'article',
      name: 'generic article extraction: ms per page',
      value: r2(result.msPerPage),
      unit: 'ms/page',
      baseline: baseline ? `htmlparser2 parse + whole text ${r2(baseline.msPerPage)} ms/page (ratio ${(result.msPerPage / baseline.msPerPage).toFixed(2)})` : 'n/a',
      bar: 'reported',
      pass: null,
      figures: { msPerPage: result.msPerPage, baselineMsPerPage: baseline?.msPerPage ?? null },
    },
    ...costRows,
  ];
}
