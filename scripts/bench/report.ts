/**
 * The shape of a bench result and how `npm run bench` prints and stores it. Every row carries the
 * baseline measured in the same run beside the figure, and a bar that is a ratio or a count (or
 * the issue's one absolute target, ingestion ≥ 100 articles/s), so that a loaded machine moves
 * both figure and baseline rather than failing the bench by its mood.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export interface BenchRow {
  /** The suite that measured it (`ingest`, `api`, `bundles`, `extraction`, `article`). */
  suite: string;
  /** What is measured, in words. */
  name: string;
  /** The figure; null when it could not be measured (with the reason in `baseline`). */
  value: number | string | null;
  unit: string;
  /** The baseline measured in the same run, in words with its figures (or why there is none). */
  baseline: string;
  /** The target, in words. */
  bar: string;
  /** Whether the bar holds; null for a row that is information only or not available. */
  pass: boolean | null;
  /** Every figure the suite measured for this row (absolute ones included), for the JSON file. */
  figures?: Record<string, unknown>;
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

const verdict = (row: BenchRow) => (row.pass === null ? (row.value === null ? 'n/a' : 'info') : row.pass ? 'PASS' : 'FAIL');

function formatValue(row: BenchRow): string {
  if (row.value === null) return 'not available';
  return `${row.value}${row.unit ? ` ${row.unit}` : ''}`;
}

/** The one table `npm run bench` prints. */
export function formatTable(rows: readonly BenchRow[]): string {
  const headers = ['result', 'suite', 'figure', 'value', 'baseline (same run)', 'bar'];
  const body = rows.map((row) => [verdict(row), row.suite, row.name, formatValue(row), row.baseline, row.bar]);
  const widths = headers.map((header, i) => Math.min(i === 4 ? 110 : i === 2 ? 80 : 40, Math.max(header.length, ...body.map((line) => line[i]!.length))));
  const line = (cells: string[]) => cells.map((text, i) => cell(text, widths[i]!)).join(' │ ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(headers), rule, ...body.map(line)].join('\n');
}

/** Writes `bench-results.json`: the rows, the machine and when. */
export function writeResults(file: string, rows: readonly BenchRow[], extra: Record<string, unknown> = {}): void {
  const document = {
    generatedAt: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100) },
    pass: rows.every((row) => row.pass !== false),
    rows,
    ...extra,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
}
