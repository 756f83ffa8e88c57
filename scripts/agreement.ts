/**
 * Agreement of independent annotators with the labels: `npm run agreement`.
 *
 * `test/agreement/` holds second readings of labelled texts, made blind (the annotator saw the text,
 * EXTRACTION.md and the retold sets' rules, not the label, the model or the other annotators):
 * `devtexts-annotator-*.jsonl` (`{id, announcement, sure}`, by devtexts id; the texts stay in
 * ../shared/devtexts) and `held-out-annotator-*.jsonl` (`{set, file, announcement, sure, why}`, texts
 * of our held-out sets). Against the labels they say how far a careful reading of the written convention
 * gets: the ceiling a classifier can be held to. On the held-out texts they also say, where the shipped
 * model and the writer differ, whose side a third reader takes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPractice } from '../functions/core/extraction/extract-practice.js';
import { isUnsureCall, readLabelledSet, type LabelledText } from './training/labelled-sets.js';
import { countDecisions, prf } from './training/logistic.js';

/** One annotator's call on one text. */
export interface Annotation {
  announcement: boolean;
  sure: boolean;
}

/** Cohen's κ of two parallel lists of yes/no calls: agreement beyond what the two rates give by chance. */
export function cohensKappa(a: readonly boolean[], b: readonly boolean[]): number {
  if (a.length !== b.length || a.length === 0) throw new Error('cohensKappa: two lists of the same, non-zero length');
  const n = a.length;
  const observed = a.filter((value, i) => value === b[i]).length / n;
  const pa = a.filter(Boolean).length / n;
  const pb = b.filter(Boolean).length / n;
  const chance = pa * pb + (1 - pa) * (1 - pb);
  return chance === 1 ? 1 : (observed - chance) / (1 - chance);
}

/** An annotator's calls against the labels: precision, recall and F1 (the labels as truth), raw agreement and κ. */
export function agreementOf(labels: readonly boolean[], calls: readonly boolean[]): { texts: number; precision: number; recall: number; f1: number; agreement: number; kappa: number } {
  const { precision, recall, f1 } = prf(countDecisions(calls.map(Number), labels.map((label) => (label ? 1 : 0))));
  return { texts: labels.length, precision, recall, f1, agreement: labels.filter((label, i) => label === calls[i]).length / labels.length, kappa: cohensKappa(labels, calls) };
}

const readJsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

const line = (name: string, figures: ReturnType<typeof agreementOf>): string =>
  `${name.padEnd(34)} ${String(figures.texts).padStart(5)}  F1 ${figures.f1.toFixed(3)} (P ${figures.precision.toFixed(3)}, R ${figures.recall.toFixed(3)})  agreement ${figures.agreement.toFixed(3)}  κ ${figures.kappa.toFixed(3)}`;

/** Prints every figure; returns false when an annotation names a text no labelled set has. */
export function printAgreement(root: string, devtextsDir: string): boolean {
  const dir = path.join(root, 'test', 'agreement');
  const files = readdirSync(dir).filter((name) => name.endsWith('.jsonl')).sort();
  let ok = true;

  const devtextsFiles = files.filter((name) => name.startsWith('devtexts-'));
  if (!existsSync(path.join(devtextsDir, 'labels.jsonl'))) console.log(`\n== devtexts: ${devtextsDir} is absent, its ${devtextsFiles.length} annotators skipped`);
  else {
    const labels = new Map(readJsonl<{ id: string; isPracticeAnnouncement: boolean; notes?: string }>(path.join(devtextsDir, 'labels.jsonl')).map((label) => [label.id, label]));
    console.log(`\n== devtexts: second readings against the labeller's labels (${labels.size} texts; the 'unsure' rows are the calls the labeller's notes call borderline or unsure)`);
    const readings = new Map<string, Map<string, Annotation>>();
    for (const file of devtextsFiles) {
      const calls = new Map(readJsonl<Annotation & { id: string }>(path.join(dir, file)).map((row) => [row.id, row]));
      readings.set(file, calls);
      const ids = [...calls.keys()].filter((id) => labels.has(id));
      if (ids.length !== calls.size) {
        console.log(`${file}: ${calls.size - ids.length} ids devtexts does not have`);
        ok = false;
      }
      for (const [subset, keep] of [['', () => true], [' (clear)', (id: string) => !isUnsureCall(labels.get(id)!)], [' (unsure)', (id: string) => isUnsureCall(labels.get(id)!)]] as const) {
        const kept = ids.filter(keep);
        console.log(line(`${file.replace('.jsonl', '')}${subset}`, agreementOf(kept.map((id) => labels.get(id)!.isPracticeAnnouncement), kept.map((id) => calls.get(id)!.announcement))));
      }
    }
    const names = [...readings.keys()];
    for (let i = 0; i < names.length; i += 1) {
      for (let j = i + 1; j < names.length; j += 1) {
        const a = readings.get(names[i]!)!;
        const b = readings.get(names[j]!)!;
        const shared = [...a.keys()].filter((id) => b.has(id));
        const figures = agreementOf(shared.map((id) => a.get(id)!.announcement), shared.map((id) => b.get(id)!.announcement));
        console.log(`${names[i]} and ${names[j]}: ${shared.length} texts, agreement ${figures.agreement.toFixed(3)}, κ ${figures.kappa.toFixed(3)}`);
      }
    }
  }

  const heldFiles = files.filter((name) => name.startsWith('held-out-'));
  if (heldFiles.length) {
    console.log("\n== held-out sets: second readings against the writers' labels, and whose side they take where the shipped model differs");
    const sets = new Map<string, Map<string, LabelledText>>();
    const textOf = (set: string, file: string): LabelledText | undefined => {
      if (!sets.has(set)) sets.set(set, new Map(readLabelledSet(path.join(root, 'test', set)).texts.map((text) => [text.label.file, text])));
      return sets.get(set)!.get(file);
    };
    for (const file of heldFiles) {
      const rows = readJsonl<Annotation & { set: string; file: string }>(path.join(dir, file));
      const found = rows.flatMap((row) => {
        const text = textOf(row.set, row.file);
        if (!text) {
          console.log(`${file}: ${row.set}/${row.file} is no labelled text`);
          ok = false;
          return [];
        }
        return [{ row, label: text.label.isPracticeAnnouncement, model: extractPractice(text.input).isPracticeAnnouncement }];
      });
      console.log(line(file.replace('.jsonl', ''), agreementOf(found.map((item) => item.label), found.map((item) => item.row.announcement))));
      const differ = found.filter((item) => item.model !== item.label);
      const withWriter = differ.filter((item) => item.row.announcement === item.label).length;
      console.log(`  where the shipped model and the writer differ (${differ.length}): with the writer ${withWriter}, with the model ${differ.length - withWriter}; where they agree (${found.length - differ.length}): with both ${found.filter((item) => item.model === item.label && item.row.announcement === item.label).length}`);
    }
  }
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(import.meta.dirname, '..');
  if (!printAgreement(root, path.resolve(root, '../shared/devtexts'))) process.exitCode = 1;
}
