import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { agreementOf, cohensKappa, printAgreement } from '../../scripts/agreement.js';
import { isHeldOut } from '../../scripts/training/held-out.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const devtexts = path.resolve(repoRoot, '../shared/devtexts');
const rows = (name: string): Array<Record<string, unknown>> =>
  readFileSync(path.join(repoRoot, 'test', 'agreement', name), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

describe('agreement of second readings (npm run agreement)', () => {
  it("computes Cohen's κ: agreement beyond what the two rates give by chance", () => {
    // Observed 3 of 4, rates ½ and ¼: chance ½, κ = (0.75 − 0.5) / 0.5.
    expect(cohensKappa([true, true, false, false], [true, false, false, false])).toBeCloseTo(0.5, 10);
    expect(cohensKappa([true, false, true], [true, false, true])).toBe(1);
    // Always saying the opposite of a balanced list is as far below chance as it gets.
    expect(cohensKappa([true, false], [false, true])).toBeCloseTo(-1, 10);
    expect(() => cohensKappa([true], [])).toThrow(/same, non-zero length/);
  });

  it('scores an annotator against the labels as a classifier is scored', () => {
    const figures = agreementOf([true, true, false, false, true], [true, false, true, false, true]);
    expect(figures).toMatchObject({ texts: 5, agreement: 0.6 });
    expect(figures.precision).toBeCloseTo(2 / 3, 10);
    expect(figures.recall).toBeCloseTo(2 / 3, 10);
  });

  it('holds readings of held-out texts only, each of a labelled text, and prints every figure', () => {
    for (const name of ['held-out-annotator-c.jsonl', 'held-out-annotator-d.jsonl']) {
      const read = rows(name);
      expect(read.length).toBe(100);
      for (const row of read) expect(isHeldOut(path.join(repoRoot, 'test', String(row.set))), String(row.set)).toBe(true);
    }
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(printAgreement(repoRoot, devtexts)).toBe(true);
      const printed = log.mock.calls.map((call) => String(call[0])).join('\n');
      expect(printed).toMatch(/held-out-annotator-c +100 +F1 /);
      expect(printed).toMatch(/where the shipped model and the writer differ \(\d+\): with the writer \d+, with the model \d+/);
      if (existsSync(path.join(devtexts, 'labels.jsonl'))) expect(printed).toMatch(/devtexts-annotator-a \(unsure\) +26 /);
      else expect(printed).toContain('is absent');
      // Without devtexts (a machine that lacks ../shared) the held-out part still runs.
      log.mockClear();
      expect(printAgreement(repoRoot, path.join(repoRoot, 'no-such-devtexts'))).toBe(true);
      expect(log.mock.calls.map((call) => String(call[0])).join('\n')).toMatch(/is absent[\s\S]*held-out-annotator-d +100 /);
    } finally {
      log.mockRestore();
    }
  });

  it.skipIf(!existsSync(path.join(devtexts, 'labels.jsonl')))('reads every devtexts text once per annotator (skipped: ../shared/devtexts is absent)', () => {
    const ids = new Set(readFileSync(path.join(devtexts, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { id: string }).id));
    for (const name of ['devtexts-annotator-a.jsonl', 'devtexts-annotator-b.jsonl']) {
      const read = rows(name).map((row) => String(row.id));
      expect(new Set(read).size).toBe(read.length);
      expect(new Set(read)).toEqual(ids);
    }
  });
});
