import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFailureCode, PipelineError } from '../../functions/core/errors.js';
import { sources } from '../../functions/sources/registry.js';
import { hasShared, sharedDir } from './support/paths.js';

const BUDGET_MS = 2000;
const HOSTILE = ['deep_nesting_20k_div.html', 'many_attributes.html', 'html_error_page_200.html', 'xss_in_fields.xml', 'deep_nesting_20k_xml.xml'];

/** `ok`, a closed-set failure code, or `crash: …` for anything unlabelled. */
async function outcome(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'ok';
  } catch (error) {
    return error instanceof PipelineError && isFailureCode(error.code) ? error.code : `crash: ${String(error)}`;
  }
}

describe.skipIf(!hasShared('corpora', 'generated'))('every source on the generated hostile documents', () => {
  it.each(HOSTILE.filter((file) => hasShared('corpora', 'generated', file)))('%s: every parser returns or fails with a labelled error within 2 s', async (file) => {
    const text = readFileSync(path.join(sharedDir, 'corpora', 'generated', file), 'utf8');
    const results: Array<{ where: string; result: string; ms: number }> = [];
    for (const source of sources) {
      const articleUrl = source.entryPoints[0]!.url;
      for (const [where, run] of [
        ...source.entryPoints.map((entryPoint) => [`${source.id} ${entryPoint.label}`, () => source.parseListing(text, entryPoint)] as const),
        [`${source.id} article`, () => source.parseArticle(text, articleUrl)] as const,
      ]) {
        // CPU time, not wall time: the machine is shared, and the budget is about the parser's own cost.
        const cpu = process.cpuUsage();
        const result = await outcome(run);
        const used = process.cpuUsage(cpu);
        results.push({ where, result, ms: (used.user + used.system) / 1000 });
      }
    }
    console.info(`${file}: ${results.length} parses, slowest ${Math.max(...results.map((r) => r.ms)).toFixed(0)} ms CPU, results ${JSON.stringify(results.reduce<Record<string, number>>((c, r) => ({ ...c, [r.result]: (c[r.result] ?? 0) + 1 }), {}))}`);
    expect(results.filter((r) => r.result.startsWith('crash'))).toEqual([]);
    expect(results.filter((r) => r.ms > BUDGET_MS)).toEqual([]);
  }, 120_000);
});
