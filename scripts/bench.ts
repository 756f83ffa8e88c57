/**
 * `npm run bench`: the performance targets of the issues, measured on this machine.
 * Each suite prints its own figures; this prints a summary table and exits non-zero if a target
 * is missed. `npm run bench -- extraction` (or `api`) runs one suite.
 */
import { benchApi } from './bench/api-bench.js';
import { benchExtraction } from './bench/extraction-bench.js';

interface BenchResult {
  name: string;
  pass: boolean;
  [figure: string]: unknown;
}

const suites: Record<string, () => Promise<BenchResult[]>> = {
  extraction: benchExtraction,
  api: benchApi,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length > 0) {
  process.stderr.write(`unknown suite(s): ${unknown.join(', ')}; known: ${Object.keys(suites).join(', ')}\n`);
  process.exit(2);
}

const results: BenchResult[] = [];
for (const [name, run] of Object.entries(suites)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`\n== ${name} ==\n`);
  results.push(...(await run()));
}

process.stdout.write('\nsummary\n');
for (const result of results) {
  const { name, pass, ...figures } = result;
  process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${name}  ${JSON.stringify(figures)}\n`);
}
process.exit(results.every((r) => r.pass) ? 0 : 1);
