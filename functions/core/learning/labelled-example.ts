import type { ExtractionRecord } from '../model.js';
import type { PracticeItem } from '../ports.js';

/**
 * An editor's verdict kept as training data: the article text as the extractor read it when the
 * editor judged it, what the extractor said, and what the editor says. A field is `null` when no
 * editor has judged it (an approval judges the classification only; an edit judges the fields it
 * overrides).
 */
export interface LabelledExample {
  /** The practice record judged; one example per record, the latest verdicts win. */
  practiceId: string;
  sourceId: string;
  url: string;
  language: ExtractionRecord['language'];
  /** The machine title and text (lead and body) the extractor read. */
  title: string;
  text: string;
  /** What the editor says; null where no editor judged the field. */
  isPracticeAnnouncement: boolean | null;
  regions: string[] | null;
  organisations: string[] | null;
  people: string[] | null;
  /** What the extractor said when the editor judged it. */
  machine: { isPracticeAnnouncement: boolean; confidence: number; regions: string[]; organisations: string[]; people: string[] };
  extractorVersion: string;
  /** The editor of the latest verdict, and when. */
  editor: string;
  decidedAt: string;
}

/** Where labelled examples are kept (S3 locally and on AWS, memory in tests). */
export interface LabelledExampleStore {
  /** Stores the example of a record, replacing the previous one of the same record. */
  put(example: LabelledExample): Promise<void>;
  /** Forgets a record's example (its editors' labels were all withdrawn). */
  remove(practiceId: string): Promise<void>;
  /** Every example, ordered by practice id. */
  list(): Promise<LabelledExample[]>;
}

/**
 * The example an editor's verdicts on a record make, from the record after the action: an
 * `isPracticeAnnouncement` override is a classification verdict; an approval of an announcement
 * confirms it; overrides of regions, organisations and people are corrections of those fields.
 * Null when nothing the editors did is a label (a rejection alone says nothing about the kind of
 * news: duplicates and out-of-scope items are rejected too).
 */
export function labelledExampleOf(item: PracticeItem, editor: string, at: string): LabelledExample | null {
  const { overrides, status } = item.editorial;
  const machine = item.extraction;
  const classification =
    overrides.isPracticeAnnouncement !== undefined ? overrides.isPracticeAnnouncement : status === 'approved' && machine.isPracticeAnnouncement ? true : null;
  const regions = overrides.regions ? [...new Set(overrides.regions.map((region) => region.code))] : null;
  const organisations = overrides.organisations ? [...new Set(overrides.organisations.map((organisation) => organisation.id))] : null;
  const people = overrides.people ? overrides.people.map((person) => person.name) : null;
  if (classification === null && !regions && !organisations && !people) return null;
  return {
    practiceId: item.id,
    sourceId: machine.sourceId,
    url: machine.url,
    language: machine.language,
    title: machine.title,
    text: [machine.lead, machine.bodyText].filter((part) => part && part.trim()).join('\n\n'),
    isPracticeAnnouncement: classification,
    regions,
    organisations,
    people,
    machine: {
      isPracticeAnnouncement: machine.isPracticeAnnouncement,
      confidence: machine.confidence,
      regions: [...new Set(machine.regions.map((region) => region.code))],
      organisations: [...new Set(machine.organisations.map((organisation) => organisation.id))],
      people: machine.people.map((person) => person.name),
    },
    extractorVersion: machine.extractorVersion,
    editor,
    decidedAt: at,
  };
}

/** One line of a labelled set's `labels.jsonl` (scripts/training/labelled-sets.ts), with the editor's provenance. */
export interface LabelLine {
  file: string;
  language: 'ru' | 'en';
  isPracticeAnnouncement: boolean;
  regions: string[];
  organisations: string[];
  people: string[];
  /** The fields an editor judged; the others are the extractor's output, not gold. */
  judged: Array<'isPracticeAnnouncement' | 'regions' | 'organisations' | 'people'>;
  practiceId: string;
  url: string;
  editor: string;
  decidedAt: string;
  extractorVersion: string;
}

/** File name of an example's text inside an exported set. */
export const exampleFile = (example: Pick<LabelledExample, 'practiceId'>): string => `texts/${example.practiceId}.txt`;

/** The text file of an example: the title on the first line, then the text. */
export const exampleText = (example: Pick<LabelledExample, 'title' | 'text'>): string => `${example.title.replace(/\s*\n\s*/g, ' ')}\n${example.text}\n`;

/** The labels.jsonl line of an example; fields nobody judged carry the machine's values and are not listed in `judged`. */
export function labelLineOf(example: LabelledExample): LabelLine {
  const judged: LabelLine['judged'] = [];
  if (example.isPracticeAnnouncement !== null) judged.push('isPracticeAnnouncement');
  if (example.regions) judged.push('regions');
  if (example.organisations) judged.push('organisations');
  if (example.people) judged.push('people');
  return {
    file: exampleFile(example),
    language: example.language,
    isPracticeAnnouncement: example.isPracticeAnnouncement ?? example.machine.isPracticeAnnouncement,
    regions: example.regions ?? example.machine.regions,
    organisations: example.organisations ?? example.machine.organisations,
    people: example.people ?? example.machine.people,
    judged,
    practiceId: example.practiceId,
    url: example.url,
    editor: example.editor,
    decidedAt: example.decidedAt,
    extractorVersion: example.extractorVersion,
  };
}

/**
 * Keeps what the editors' verdicts on a record now say (after an editor action): the example is
 * replaced, or removed when no label remains (an override withdrawn).
 */
export async function keepVerdict(store: LabelledExampleStore, item: PracticeItem, editor: string, at: string): Promise<LabelledExample | null> {
  const example = labelledExampleOf(item, editor, at);
  if (example) await store.put(example);
  else await store.remove(item.id);
  return example;
}
