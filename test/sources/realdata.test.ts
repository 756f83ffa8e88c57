import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFailureCode, PipelineError } from '../../functions/core/errors.js';
import type { EntryKind, ListingEntry } from '../../functions/core/model.js';
import type { EntryPoint, SourceDefinition } from '../../functions/core/source-definition.js';
import { getSource, sources } from '../../functions/sources/registry.js';
import { mosApiDate } from '../../functions/sources/shared/mos-ru.js';
import { filesUnder, hasShared, sharedDir } from './support/paths.js';

/**
 * Every real capture in ../shared/realdata (third-party text, read here, never copied) parsed by
 * the parsers of the sources it belongs to: items found against items present, counted
 * independently of the parsers (a plain regular expression over the raw text, its figure checked
 * by hand and written beside it), every item dated and titled. Then every source's parsers on
 * every capture: a capture of another site is refused with a coded failure or read into items on
 * the source's own hosts, never a crash. A capture added to the directory without a line here
 * fails the test, so that nothing real is left unread.
 */

const realdata = path.join(sharedDir, 'realdata');
const present = hasShared('realdata', 'SOURCES.tsv');
const absent = present ? '' : ` (skipped: ${path.relative(process.cwd(), realdata)} is absent)`;
if (!present) console.warn(`realdata tests skipped: ${realdata} is absent`);

const read = (file: string): string => readFileSync(path.join(realdata, file), 'utf8');
const count = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;
const distinct = (text: string, pattern: RegExp): number => new Set([...text.matchAll(pattern)].map((match) => match[1])).size;

/** A capture that is a list of items. */
interface ListingCapture {
  file: string;
  /** The page or feed it was captured from (the entry point URL the parsers are given). */
  url: string;
  kind: EntryKind;
  /** The sources whose parsers must read every item of it. */
  owners: string[];
  /** Items present, counted without the parsers. */
  itemsPresent: (text: string) => number;
  /** The same figure, counted by hand in the capture. */
  handCount: number;
  /** Turns the capture into the document the parsers read, when it is not one itself. */
  document?: (text: string) => string;
}

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const LISTINGS: ListingCapture[] = [
  {
    file: 'asi/asi.ru_homepage_2018-03-17_NEWSBLOCK_EXCERPT.html',
    url: 'https://asi.ru/',
    kind: 'html-list',
    owners: ['asi-ru'],
    // Three news cards (one per tab) and four announcements.
    itemsPresent: (text) => count(text, /<div class="(?:news-smi|anons)"/g),
    handCount: 7,
  },
  {
    file: 'kremlin/kremlin.ru_homepage_2018-03-17_chars0-32000.html',
    url: 'http://kremlin.ru/',
    kind: 'html-list',
    owners: ['kremlin-ru'],
    // 24 cards, three of them repeated in a hidden column: 21 distinct links.
    itemsPresent: (text) => distinct(text, /<h3 class="hentry__title[^"]*">\s*<a href="([^"]+)"/g),
    handCount: 21,
  },
  {
    file: 'kremlin/kremlin.ru_homepage_2018-03-17_EXCERPT.html',
    url: 'http://kremlin.ru/',
    kind: 'html-list',
    owners: ['kremlin-ru'],
    // Three whole cards; the fourth is cut off inside its heading by the excerpt.
    itemsPresent: (text) => distinct(text, /<h3 class="hentry__title[^"]*">\s*<a href="([^"]+)"/g),
    handCount: 3,
  },
  {
    file: 'kremlin/kremlin.ru_acts-news_2026-08-19_FRAGMENT.html',
    url: 'http://kremlin.ru/acts/news',
    kind: 'html-list',
    owners: ['kremlin-ru'],
    itemsPresent: (text) => distinct(text, /<h3 class="hentry__title[^"]*">\s*<a href="([^"]+)"/g),
    handCount: 1,
  },
  {
    file: 'government/government.ru_homepage_2018-03-17_NEWSLIST_EXCERPT.html',
    url: 'http://government.ru/',
    kind: 'html-list',
    owners: ['government-ru'],
    // Four news, one telegram, one document.
    itemsPresent: (text) => distinct(text, /<a class="headline__link[^"]*"\s+data-ajax-url="[^"]*"\s+href="([^"]+)"/g),
    handCount: 6,
  },
  {
    file: 'mos/rss_mos_ru_2022-07-27_from_vue-rss-news_mock.xml',
    url: 'https://www.mos.ru/rss',
    kind: 'rss',
    owners: ['mos-ru-news', 'mos-ru-depr'],
    itemsPresent: (text) => count(text, /<item>/g),
    handCount: 10,
  },
  {
    // Records derived from kremlin.ru's Atom feed, with the dates already corrected to +03:00: the
    // feed as the site prints it (+04:00 on Moscow clock times) is rebuilt from them.
    file: 'kremlin/woland_kremlin_2026-09-04_records.jsonl',
    url: 'http://kremlin.ru/events/all/feed',
    kind: 'atom',
    owners: ['kremlin-ru'],
    itemsPresent: (text) => text.split('\n').filter((line) => line.trim()).length,
    handCount: 7,
    document: (text) => {
      const records = text.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as { u: string; p: string; t: string });
      const entries = records.map((r) => `<entry><title>${escapeXml(r.t)}</title><link href="${escapeXml(r.u)}"/><id>${escapeXml(r.u)}</id><published>${r.p.slice(0, 19)}+04:00</published></entry>`);
      return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>kremlin.ru</title>${entries.join('')}</feed>`;
    },
  },
];

/** Captures that are not lists, each with what is checked instead. */
const OTHERS: Record<string, string> = {
  'asi/asi.ru_homepage_2018-03-17_HEAD_EXCERPT.html': 'charset evidence: its declared charset is the asi-ru default',
  'mos/api_documents_v2_344770220_EXCERPT.json': 'one mos.ru documents API item: titled, dated by the mos.ru API date reader',
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

function entryPointFor(capture: ListingCapture): EntryPoint {
  return { url: capture.url, kind: capture.kind, label: 'realdata', confirmed: false };
}

function onHosts(source: SourceDefinition, entries: ListingEntry[]): string[] {
  return entries.map((entry) => new URL(entry.url).hostname).filter((host) => !source.hosts.includes(host));
}

describe.skipIf(!present)(`real captures in ../shared/realdata${absent}`, () => {
  it('are each either a listing read below or a capture checked otherwise (a new file needs a line here)', () => {
    const files = filesUnder(realdata).map((file) => path.relative(realdata, file)).filter((file) => file !== 'SOURCES.tsv');
    const known = [...LISTINGS.map((capture) => capture.file), ...Object.keys(OTHERS)];
    expect(files.filter((file) => !known.includes(file))).toEqual([]);
    expect(known.filter((file) => !files.includes(file))).toEqual([]);
    // Every capture file is one SOURCES.tsv describes.
    const described = read('SOURCES.tsv').split('\n').slice(1).map((line) => line.split('\t')[0]).filter(Boolean);
    expect(files.filter((file) => !described.includes(file))).toEqual([]);
  });

  for (const capture of LISTINGS) {
    describe(capture.file, () => {
      const text = () => read(capture.file);
      const document = () => (capture.document ? capture.document(text()) : text());

      it(`holds ${capture.handCount} items by an independent count`, () => {
        expect(capture.itemsPresent(text())).toBe(capture.handCount);
      });

      for (const owner of capture.owners) {
        it(`${owner} reads every item, each dated and titled, on its own hosts`, async () => {
          const source = getSource(owner);
          const entries = await source.parseListing(document(), entryPointFor(capture));
          expect(entries.length, 'items found vs items present').toBe(capture.itemsPresent(text()));
          const undated = entries.filter((entry) => entry.publishedAt === null).map((entry) => entry.url);
          expect(undated, 'undated items').toEqual([]);
          for (const entry of entries) {
            expect(entry.publishedAt, entry.url).toMatch(ISO);
            expect(entry.title?.trim().length ?? 0, `title of ${entry.url}`).toBeGreaterThan(0);
            expect(entry.failure, entry.url).toBeUndefined();
          }
          expect(onHosts(source, entries)).toEqual([]);
        });
      }
    });
  }

  it('runs every source\'s parsers on every capture: a coded refusal or items on the source\'s hosts, never a crash', async () => {
    const outcomes: string[] = [];
    for (const capture of LISTINGS) {
      const document = capture.document ? capture.document(read(capture.file)) : read(capture.file);
      for (const source of sources) {
        const entryPoints = [...source.entryPoints, { url: capture.url, kind: capture.kind, label: 'realdata' } satisfies EntryPoint];
        for (const entryPoint of entryPoints) {
          try {
            const entries = await source.parseListing(document, entryPoint);
            expect(onHosts(source, entries), `${source.id} ${entryPoint.kind} on ${capture.file}`).toEqual([]);
            outcomes.push(`${source.id}:${entries.length}`);
          } catch (error) {
            expect(error instanceof PipelineError && isFailureCode(error.code), `${source.id} ${entryPoint.kind} on ${capture.file}: ${String(error)}`).toBe(true);
            outcomes.push(`${source.id}:${(error as PipelineError).code}`);
          }
        }
      }
    }
    expect(outcomes.length).toBeGreaterThanOrEqual(LISTINGS.length * sources.length);
  });

  it('asi.ru declared windows-1251 in the capture that is the evidence for its default charset', () => {
    const head = read('asi/asi.ru_homepage_2018-03-17_HEAD_EXCERPT.html');
    const declared = [...head.matchAll(/charset=["']?([\w-]+)/gi)].map((match) => match[1]!.toLowerCase());
    expect(declared.length).toBeGreaterThan(0);
    expect(new Set(declared)).toEqual(new Set([getSource('asi-ru').charsetDefault]));
  });

  it('dates and titles the mos.ru documents API item', () => {
    const item = JSON.parse(read('mos/api_documents_v2_344770220_EXCERPT.json')) as Record<string, unknown>;
    expect(typeof item.title === 'string' && item.title.trim().length > 0).toBe(true);
    const { printed, publishedAt } = mosApiDate(item);
    expect(printed).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(publishedAt).toBe(`${printed.replace(' ', 'T')}+03:00`);
  });
});
