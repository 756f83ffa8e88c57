import type { ExtractionRecord, SourceReference } from '../model.js';

/** `bodyText` kept in the record; the full text lives in the raw page. UTF-8 bytes. */
export const MAX_BODY_BYTES = 100_000;
/** Previous body kept in `change` so that editors see what changed. UTF-8 bytes. */
export const MAX_PREVIOUS_BODY_BYTES = 50_000;
/** Title, lead and other short texts kept in a record. UTF-8 bytes. */
export const MAX_SHORT_TEXT_BYTES = 4_000;
/** Most sources a record lists; later near-duplicates only get a URL row. */
export const MAX_SOURCES = 100;
const MAX_LIST = 100;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

/** Cuts a text to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) so that no character is cut in half.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return decoder.decode(bytes.subarray(0, end));
}

function capStrings<T>(value: T, maxBytes: number): T {
  if (typeof value === 'string') return truncateUtf8(value, maxBytes) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? truncateUtf8(v, maxBytes) : v])) as T;
}

/**
 * What of an extraction a record keeps: the body up to {@link MAX_BODY_BYTES}, short texts and
 * lists bounded, each list entry's strings too.
 */
export function capExtraction(extraction: ExtractionRecord, maxList = MAX_LIST, maxEntryBytes = 1_000): ExtractionRecord {
  const list = <T>(items: T[]) => items.slice(0, maxList).map((item) => capStrings(item, maxEntryBytes));
  return {
    ...extraction,
    title: truncateUtf8(extraction.title, MAX_SHORT_TEXT_BYTES),
    lead: extraction.lead === null ? null : truncateUtf8(extraction.lead, MAX_SHORT_TEXT_BYTES),
    bodyText: truncateUtf8(extraction.bodyText, MAX_BODY_BYTES),
    reasons: list(extraction.reasons),
    practices: list(extraction.practices),
    regions: list(extraction.regions),
    organisations: list(extraction.organisations),
    people: list(extraction.people),
    platforms: list(extraction.platforms),
    figures: list(extraction.figures),
    topics: list(extraction.topics),
  };
}

/** What of an article reference a record keeps. */
export function capSource(source: SourceReference): SourceReference {
  return { ...source, title: truncateUtf8(source.title, 1_000) };
}
