import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleText, labelLineOf, type LabelledExampleStore } from '../core/learning/labelled-example.js';

/**
 * Writes the editors' labelled examples as a labelled set (the format of test/devset*): DIR/labels.jsonl,
 * one line per example, and DIR/texts/<practiceId>.txt with the title on the first line. Lines carry
 * `judged` (the fields an editor gave; the others are the extractor's output) and the provenance
 * (editor, decidedAt, extractorVersion, practiceId, url). `npm run train -- DIR` and `npm run eval`
 * read such a directory as they read ours.
 */
export async function exportLabels(labels: Pick<LabelledExampleStore, 'list'>, dir: string, options: { classificationOnly?: boolean } = {}): Promise<{ dir: string; examples: number; announcements: number }> {
  const examples = (await labels.list()).filter((example) => !options.classificationOnly || example.isPracticeAnnouncement !== null);
  mkdirSync(path.join(dir, 'texts'), { recursive: true });
  const lines: string[] = [];
  for (const example of examples) {
    const line = labelLineOf(example);
    writeFileSync(path.join(dir, line.file), exampleText(example));
    lines.push(JSON.stringify(line));
  }
  writeFileSync(path.join(dir, 'labels.jsonl'), lines.length ? `${lines.join('\n')}\n` : '');
  return { dir, examples: examples.length, announcements: examples.filter((example) => example.isPracticeAnnouncement === true).length };
}
