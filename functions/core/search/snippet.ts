import { analyse, type AnalysedToken } from './analyse.js';
import { SNIPPET_FIELDS, type SearchField } from './search-document.js';

/**
 * Highlighted snippets. A snippet is plain text with the offsets of the matched words rather than
 * markup: the text comes from the sources (hostile HTML elsewhere), so a client builds the `<mark>`
 * elements itself around text nodes and never has to trust an HTML string.
 */
export interface Snippet {
  /** The field the text was cut from. */
  field: SearchField;
  /** Plain text, at most about {@link SNIPPET_CHARS} characters, with `…` where it was cut. */
  text: string;
  /** Matched words: [start, end) offsets in UTF-16 code units into `text`, ascending, disjoint. */
  marks: Array<[number, number]>;
}

export const SNIPPET_CHARS = 220;

interface Window {
  field: SearchField;
  clean: string;
  start: number;
  end: number;
  marks: Array<[number, number]>;
  distinct: number;
  hits: number;
}

/**
 * A field's text, cleaned text and tokens: those of `analyse(text, { keepStopwords: true })`, or
 * only those whose term is wanted (`analyseFor`), which gives the same snippet for those terms.
 */
export interface AnalysedField {
  text: string;
  clean: string;
  tokens: AnalysedToken[];
}

/** The best window of one field: the most distinct query terms, then the most matches. */
function bestWindow(field: SearchField, analysed: AnalysedField, terms: ReadonlySet<string>): Window | null {
  if (!analysed.text.trim()) return null;
  const { clean, tokens } = analysed;
  const hits = tokens.filter((t) => terms.has(t.term));
  if (!hits.length) return null;
  let best: { from: number; distinct: number; count: number } = { from: 0, distinct: 0, count: 0 };
  // Windows start at a hit and reach as far as the snippet's length allows.
  for (let i = 0; i < hits.length; i += 1) {
    const seen = new Set<string>();
    let count = 0;
    for (let j = i; j < hits.length && hits[j]!.end - hits[i]!.start <= SNIPPET_CHARS - 20; j += 1) {
      seen.add(hits[j]!.term);
      count += 1;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) best = { from: i, distinct: seen.size, count };
  }
  const first = hits[best.from]!;
  const last = hits[best.from + best.count - 1]!;
  // Centre the matched span in the window, then widen to word boundaries.
  const slack = Math.max(0, SNIPPET_CHARS - (last.end - first.start));
  let start = Math.max(0, first.start - Math.floor(slack / 3));
  let end = Math.min(clean.length, start + SNIPPET_CHARS);
  start = Math.max(0, Math.min(start, end - SNIPPET_CHARS));
  if (start > 0) {
    const space = clean.lastIndexOf(' ', start);
    start = space >= 0 && first.start - space < SNIPPET_CHARS / 2 ? space + 1 : start;
  }
  if (end < clean.length) {
    const space = clean.indexOf(' ', end);
    end = space >= 0 && space - end < 30 ? space : end;
  }
  const marks = hits.filter((h) => h.start >= start && h.end <= end).map((h): [number, number] => [h.start, h.end]);
  return { field, clean, start, end, marks, distinct: best.distinct, hits: best.count };
}

/**
 * A snippet for the query's terms from a record's fields: the window with the most distinct query
 * terms (lead and body first on a tie, as the title is shown anyway). When only the entity names
 * match (an English name of a region named in Russian), the lead or the body's start is given
 * without marks.
 */
export function buildSnippet(fields: Record<SearchField, string>, terms: readonly string[]): Snippet {
  const analysed = {} as Record<(typeof SNIPPET_FIELDS)[number], AnalysedField>;
  for (const field of SNIPPET_FIELDS) analysed[field] = { text: fields[field], ...analyse(fields[field], { keepStopwords: true }) };
  return snippetOfAnalysed(analysed, terms);
}

/** {@link buildSnippet} over fields already analysed (search analyses a record's fields once). */
export function snippetOfAnalysed(fields: Record<(typeof SNIPPET_FIELDS)[number], AnalysedField>, terms: readonly string[]): Snippet {
  const wanted = new Set(terms);
  let best: Window | null = null;
  for (const field of SNIPPET_FIELDS) {
    const window = bestWindow(field, fields[field], wanted);
    if (window && (!best || window.distinct > best.distinct || (window.distinct === best.distinct && window.hits > best.hits))) best = window;
  }
  if (!best) {
    const field: SearchField = fields.lead.text.trim() ? 'lead' : 'body';
    const { clean } = fields[field];
    const cut = clean.length > SNIPPET_CHARS ? clean.lastIndexOf(' ', SNIPPET_CHARS) : clean.length;
    const end = cut > 0 ? cut : Math.min(clean.length, SNIPPET_CHARS);
    return { field, text: collapse(clean.slice(0, end)).text + (end < clean.length ? '…' : ''), marks: [] };
  }
  const prefix = best.start > 0 ? '…' : '';
  const suffix = best.end < best.clean.length ? '…' : '';
  const raw = best.clean.slice(best.start, best.end);
  const { text, map } = collapse(raw);
  return {
    field: best.field,
    text: `${prefix}${text}${suffix}`,
    marks: best.marks.map(([s, e]): [number, number] => [map(s - best.start) + prefix.length, map(e - best.start) + prefix.length]),
  };
}

/** Newlines and runs of spaces become one space (a snippet is one line); maps old offsets to new. */
function collapse(raw: string): { text: string; map: (offset: number) => number } {
  const positions: number[] = [];
  let text = '';
  for (let i = 0; i < raw.length; i += 1) {
    positions.push(text.length);
    const ch = raw[i]!;
    if (/\s/.test(ch)) {
      if (text.length && !text.endsWith(' ')) text += ' ';
    } else text += ch;
  }
  positions.push(text.length);
  const trimmed = text.trimEnd();
  return { text: trimmed, map: (offset) => Math.min(positions[offset] ?? trimmed.length, trimmed.length) };
}
