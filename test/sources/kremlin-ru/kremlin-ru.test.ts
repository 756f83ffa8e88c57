import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EntryPoint } from '../../../functions/core/source-definition.js';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures, expectGolden, readFixture } from '../support/fixtures.js';
import { hasShared, sharedDir } from '../support/paths.js';

const kremlinRu = getSource('kremlin-ru');

const htmlList: EntryPoint = { url: 'http://kremlin.ru/events/president/news', kind: 'html-list', label: 'news-list' };

describeSourceFixtures(kremlinRu, [
  { file: 'garbled-page.html', url: 'http://kremlin.ru/events/president/news/72000', as: 'article' },
  { file: 'garbled-page.html', url: 'http://kremlin.ru/events/all/feed', as: 'listing', code: 'not_a_feed' },
  { file: 'garbled-page.html', url: htmlList.url, as: 'listing' },
]);

describe('kremlin-ru', () => {
  it('carries the full text in the Atom entries, with the "published in sections" line removed', async () => {
    const entries = await kremlinRu.parseListing(readFixture('kremlin-ru', 'all-feed.atom'), kremlinRu.entryPoints[0]!);
    const gossovet = entries.find((entry) => entry.url.endsWith('/72801'))!;
    expect(gossovet.article?.bodyText).toContain('рекомендовала к тиражированию практику Республики Башкортостан');
    expect(gossovet.article?.bodyText).not.toMatch(/Опубликован в разделах/);
    // "+04:00" on kremlin.ru is Moscow wall-clock time, i.e. UTC+3.
    expect(gossovet.publishedAt).toBe('2023-11-20T16:00:00+03:00');
  });

  it('keeps one entry per event id when sections list the same event', async () => {
    const entry = (path: string) => `<entry><title>t</title><link href="http://kremlin.ru${path}"/><published>2023-11-20T16:00:00+04:00</published></entry>`;
    const feed = `<feed xmlns="http://www.w3.org/2005/Atom">${entry('/events/state-council/72801')}${entry('/events/president/news/72801')}${entry('/events/president/news/72802')}</feed>`;
    const entries = await kremlinRu.parseListing(feed, kremlinRu.entryPoints[0]!);
    expect(entries.map((e) => e.url)).toEqual(['http://kremlin.ru/events/state-council/72801', 'http://kremlin.ru/events/president/news/72802']);
  });

  it('reads the HTML list markup, taking the clock time from the card title', async () => {
    const entries = await kremlinRu.parseListing(readFixture('kremlin-ru', 'html-list.html'), htmlList);
    expectGolden(entries, 'kremlin-ru', 'html-list.html');
  });

  it('reads the current h-entry card without a name element: the heading less its date, and refuses other hosts', async () => {
    const page = `<div class="hentry h-entry hentry_doc" data-id="72806"><h3 class="hentry__title"><a href="/acts/news/72806" rel="bookmark">Распоряжение о составе рабочей группы
      <span class="hentry__meta"><time datetime="2023-11-21">21 ноября 2023 года, 12:00</time></span></a></h3></div>
      <div class="hentry h-entry" data-id="1"><h3 class="hentry__title"><a href="https://example.org/acts/news/1">Чужая</a></h3></div>`;
    expect(await kremlinRu.parseListing(page, htmlList)).toEqual([
      { url: 'http://kremlin.ru/acts/news/72806', title: 'Распоряжение о составе рабочей группы', publishedAt: '2023-11-21T12:00:00+03:00', lead: null },
    ]);
  });

  const fragment = path.join(sharedDir, 'realdata', 'kremlin', 'kremlin.ru_acts-news_2026-08-19_FRAGMENT.html');
  it.skipIf(!hasShared('realdata', 'kremlin', path.basename(fragment)))('reads the real 2026 /acts/news card (data-id, no data-url, time inside the link)', async () => {
    const entries = await kremlinRu.parseListing(readFileSync(fragment, 'utf8'), { ...htmlList, url: 'http://kremlin.ru/acts/news' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.url).toMatch(/^http:\/\/kremlin\.ru\/acts\/news\/\d+$/);
    expect(entries[0]!.title).not.toMatch(/\d{4} года/);
    expect(entries[0]!.publishedAt).toMatch(/^2026-08-\d{2}T\d{2}:\d{2}:00\+03:00$/);
  });

  const listCapture = path.join(sharedDir, 'realdata', 'kremlin', 'kremlin.ru_homepage_2018-03-17_EXCERPT.html');
  it.skipIf(!hasShared('realdata', 'kremlin', path.basename(listCapture)))('reads the real 2018 list capture into dated items', async () => {
    const entries = await kremlinRu.parseListing(readFileSync(listCapture, 'utf8'), { ...htmlList, url: 'http://kremlin.ru/' });
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries[0]).toMatchObject({
      url: 'http://kremlin.ru/events/president/news/57080',
      title: 'Встреча с работниками сферы здравоохранения',
      publishedAt: '2018-03-16T16:45:00+03:00',
    });
    expect(entries.find((entry) => entry.url.endsWith('/57071'))?.publishedAt).toBe('2018-03-15T18:00:00+03:00');
    for (const entry of entries) expect(entry.url).toMatch(/^http:\/\/kremlin\.ru\/events\//);
  });

  const records = path.join(sharedDir, 'realdata', 'kremlin', 'woland_kremlin_2026-09-04_records.jsonl');
  it.skipIf(!hasShared('realdata', 'kremlin', path.basename(records)))('corrects "+04:00" exactly as the independently derived records do', async () => {
    const lines = readFileSync(records, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { u: string; p: string; t: string });
    expect(lines.length).toBeGreaterThan(0);
    const entries = lines
      .map((line) => `<entry><title>${line.t.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title><link href="${line.u}"/><published>${line.p.slice(0, 19)}+04:00</published></entry>`)
      .join('');
    const parsed = await kremlinRu.parseListing(`<feed xmlns="http://www.w3.org/2005/Atom">${entries}</feed>`, kremlinRu.entryPoints[0]!);
    expect(parsed.map((entry) => [entry.url, entry.publishedAt])).toEqual(lines.map((line) => [line.u, line.p]));
  });
});
