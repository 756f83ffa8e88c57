/**
 * Labelled sets: a directory with `labels.jsonl` (one JSON object a line) and the texts it names.
 *
 *   {"file": "texts/x.txt", "language": "ru"|"en", "isPracticeAnnouncement": true|false,
 *    "regions": ["RU-MOW", …], "organisations": ["minek", …], "people": ["Багреева", …]}
 *
 * Each file is plain text whose headline comes first (then the body), after any page chrome a copy of
 * the page carries (rubrics, dates, widgets: `readPlainText`). A label may say
 * `"format": "page"` for a saved page (read by `readSavedPage`: chrome before the headline and the
 * furniture after the text left out) and `"optional": true` when the file lies outside the
 * repository (the seed in ../shared) and may be missing. `"source": "smarteka"` says which watched
 * source the page comes from: the text is then read as ingestion reads that source's pages (its id,
 * its region, a practice library's flag: `extractionInputOf`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExtractionInput } from '../../functions/core/model.js';
import { extractionInputOf } from '../../functions/core/source-definition.js';
import { sourceProfiles } from '../../functions/sources/profiles.js';
import { LOCAL_FILE_DATES, printedDate } from '../../functions/sources/shared/printed-date.js';
import { readPlainText, readSavedPage } from '../../functions/sources/shared/text.js';

export interface Label {
  file: string;
  language: 'ru' | 'en';
  isPracticeAnnouncement: boolean;
  regions: string[];
  organisations: string[];
  people: string[];
  format?: 'text' | 'page';
  optional?: boolean;
  /** Id of the watched source the page comes from (see the file's comment). */
  source?: string;
  /** Why the label is what it is, in the labeller's words. */
  notes?: string;
  /** The day the page was published (YYYY-MM-DD), null when the text does not show it; absent when the set does not label dates. */
  publishedDate?: string | null;
}

/**
 * Whether the labeller says the call was a hard one: a note that calls it borderline or says the
 * labeller is unsure ('Borderline: …', 'Near-miss (borderline): …', 'Unsure: …'). ../shared/devtexts
 * marks 26 of its 135 labels so.
 */
export const isUnsureCall = (label: Pick<Label, 'notes'>): boolean => /\b(?:borderline|unsure)\b/i.test(label.notes ?? '');

/** One labelled text, ready for the extractor. */
export interface LabelledText {
  /** The directory (as given) the text belongs to. */
  set: string;
  label: Label;
  /** Absolute path of the text. */
  path: string;
  input: ExtractionInput;
}

/** A labelled text read as the CLI's `extract` reads the file: title, body and the date the text prints. */
export function readText(file: string, format: Label['format']): { title: string; body: string; publishedAt: string | null; section: string | null } {
  const text = readFileSync(file, 'utf8');
  const publishedAt = printedDate(text, LOCAL_FILE_DATES);
  if (format === 'page') {
    // A saved page is read as the CLI's `extract --format page` reads it: the same furniture goes.
    const page = readSavedPage(text);
    return { title: page?.title ?? '', body: page?.body ?? '', publishedAt, section: page?.section ?? null };
  }
  return { ...readPlainText(text), publishedAt };
}

/** True when the directory holds a labelled set. */
export function isLabelledSet(dir: string): boolean {
  return existsSync(path.join(dir, 'labels.jsonl'));
}

/**
 * Reads a labelled set in label order. Optional texts that are missing are counted in `skipped`;
 * any other missing text is an error.
 */
export function readLabelledSet(dir: string): { texts: LabelledText[]; skipped: number } {
  const labelsFile = path.join(dir, 'labels.jsonl');
  const labels = readFileSync(labelsFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Label);
  const texts: LabelledText[] = [];
  let skipped = 0;
  for (const label of labels) {
    const file = path.resolve(dir, label.file);
    if (!existsSync(file)) {
      if (label.optional) {
        skipped += 1;
        continue;
      }
      throw new Error(`${labelsFile}: ${label.file} does not exist`);
    }
    const { title, body, publishedAt, section } = readText(file, label.format);
    texts.push({
      set: dir,
      label,
      path: file,
      input: inputOf(label, { url: `file://${file}`, title, publishedAt, author: null, lead: null, bodyText: body, tags: [], images: [], ...(section ? { section } : {}) }, labelsFile),
    });
  }
  return { texts, skipped };
}

function inputOf(label: Label, article: Omit<ExtractionInput, 'sourceId'>, labelsFile: string): ExtractionInput {
  if (!label.source) return { sourceId: 'eval', ...article };
  const source = sourceProfiles.find((profile) => profile.id === label.source);
  if (!source) throw new Error(`${labelsFile}: ${label.file} names an unknown source ${label.source}`);
  // The language stays the label's business (the eval compares it), not the source's default.
  const { language: _language, ...input } = extractionInputOf(article, source);
  return input;
}
