import { effectiveRecord } from '../../core/practices/practice-identity.js';
import type { PracticeItem } from '../../core/ports.js';

// XML 1.0 forbids most control characters even when escaped; drop them (and lone surrogates).
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text safe inside XML character data or a double-quoted attribute. */
export function xmlEscape(value: string): string {
  return value
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** RFC 3339 date-time in UTC, as Atom requires. */
const rfc3339 = (value: string): string => new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Stable id of a practice in feeds. */
export const entryId = (id: string): string => `urn:practice-watch:${id}`;

export interface AtomFeedInput {
  items: PracticeItem[];
  /** Absolute URL of this feed document (with its filters and cursor). */
  selfUrl: string;
  /** Stable id of the feed: its URL with the filters but without a cursor. */
  feedId: string;
  /** Absolute URL of the next (older) page, when there is one (RFC 5005 paging). */
  nextUrl?: string | null;
  /** Absolute URL of the API root, for each entry's `related` link. */
  apiBase: string;
}

/**
 * An Atom 1.0 document of approved practices (newest first, as given). Every value is escaped
 * text: titles and leads were extracted as text and stay text here. The feed's `updated` is the
 * newest entry's, so that an unchanged listing renders byte-identically (and keeps its ETag).
 */
export function renderAtomFeed(input: AtomFeedInput): string {
  const updatedOf = (item: PracticeItem) => rfc3339(item.editorial.reviewedAt && item.editorial.reviewedAt > item.updatedAt ? item.editorial.reviewedAt : item.updatedAt);
  const feedUpdated = input.items.map(updatedOf).sort().at(-1) ?? '1970-01-01T00:00:00Z';
  const entries = input.items.map((item) => {
    const record = effectiveRecord(item);
    const lines = [
      '  <entry>',
      `    <id>${xmlEscape(entryId(item.id))}</id>`,
      `    <title type="text">${xmlEscape(record.title)}</title>`,
      `    <updated>${updatedOf(item)}</updated>`,
      ...(record.publishedAt && !Number.isNaN(Date.parse(record.publishedAt)) ? [`    <published>${rfc3339(record.publishedAt)}</published>`] : []),
      `    <link rel="alternate" type="text/html" href="${xmlEscape(record.url)}"/>`,
      `    <link rel="related" type="application/json" href="${xmlEscape(`${input.apiBase}/practices/${encodeURIComponent(item.id)}`)}"/>`,
      ...(record.author ? [`    <author><name>${xmlEscape(record.author)}</name></author>`] : []),
      ...record.regions.map((r) => `    <category scheme="urn:iso:std:iso:3166:-2" term="${xmlEscape(r.code)}" label="${xmlEscape(r.name)}"/>`),
      ...record.topics.map((t) => `    <category scheme="urn:practice-watch:topic" term="${xmlEscape(t)}"/>`),
      ...(record.lead ? [`    <summary type="text">${xmlEscape(record.lead)}</summary>`] : []),
      '  </entry>',
    ];
    return lines.join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlEscape(input.feedId)}</id>`,
    '  <title type="text">Practice announcements: regional practices offered for replication</title>',
    `  <updated>${feedUpdated}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(input.selfUrl)}"/>`,
    ...(input.nextUrl ? [`  <link rel="next" type="application/atom+xml" href="${xmlEscape(input.nextUrl)}"/>`] : []),
    '  <author><name>practice-watch</name></author>',
    '  <generator>practice-watch</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
