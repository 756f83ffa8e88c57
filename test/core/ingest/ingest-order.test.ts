import { describe, expect, it } from 'vitest';
import { MemoryPracticeRepository } from '../../../functions/adapters/memory/memory-practice-repository.js';
import { MemoryRawPageStore } from '../../../functions/adapters/memory/memory-raw-page-store.js';
import { MemorySourceStateRepository } from '../../../functions/adapters/memory/memory-source-state-repository.js';
import { extractPractice } from '../../../functions/core/extraction/extract-practice.js';
import { ingestSource, type IngestDependencies } from '../../../functions/core/ingest/ingest-source.js';
import type { Article, ListingEntry } from '../../../functions/core/model.js';
import type { FetchedPage } from '../../../functions/core/ports.js';
import type { SourceProfile } from '../../../functions/core/source-definition.js';

const source: SourceProfile = {
  id: 'order-test',
  name: 'Order test',
  homepage: 'https://order.example.ru/',
  jurisdiction: 'RU',
  language: 'ru',
  entryPoints: [{ url: 'https://order.example.ru/rss', kind: 'rss', label: 'rss' }],
  hosts: ['order.example.ru'],
  scheduleMinutes: 60,
  expectedCadenceHours: 24,
  timeZone: 'Europe/Moscow',
  charsetDefault: 'utf-8',
  politeness: { minDelayMs: 1000 },
  confidence: 'seen',
};

const STORIES = [
  'Практика Татарстана по цифровым услугам рекомендована для тиражирования в других регионах. Министерство экономического развития включило её в библиотеку лучших практик, а команды соседних регионов начали изучать опыт коллег.',
  'В Уфе отремонтировали мост через реку Белую. Движение по мосту открыто в обе стороны, подрядчик завершил работы на месяц раньше срока, сообщили в администрации города.',
  'Школьники Перми заняли первое место на олимпиаде по программированию. Команда из пяти человек обошла соперников из двадцати городов страны и получила гранты на обучение.',
  'В Калуге открылся новый парк с велодорожками и спортивными площадками. Благоустройство заняло два года, территорию площадью двенадцать гектаров ждали жители трёх микрорайонов.',
];

function article(url: string, body: string, title: string): Article {
  return { url, title, publishedAt: '2024-03-01T12:00:00+03:00', author: null, lead: null, bodyText: body, tags: [], images: [], language: 'ru' };
}

/**
 * A listing of full-text entries: eight distinct stories, and copies of the first and third (new
 * URLs) among them, within the first eight: prepared while the originals are, so their storage
 * lookups cannot have seen them; they must still be merged into those earlier entries.
 */
function listing(): ListingEntry[] {
  const entries: ListingEntry[] = [];
  for (let i = 0; i < 8; i += 1) {
    const url = `https://order.example.ru/news/${i}`;
    const body = `${STORIES[i % STORIES.length]} Материал номер ${i}: ${'подробности '.repeat(i)}${['первый', 'второй', 'третий', 'четвёртый', 'пятый', 'шестой', 'седьмой', 'восьмой'][i]} выпуск.`;
    entries.push({ url, title: `Новость ${i}`, publishedAt: null, lead: null, article: article(url, i < 4 ? STORIES[i]! : body, `Новость ${i}`) });
  }
  for (const [original, at] of [[0, 3], [2, 5]] as const) {
    const url = `https://order.example.ru/news/copy-of-${original}`;
    entries.splice(at, 0, { url, title: `Новость ${original}`, publishedAt: null, lead: null, article: article(url, STORIES[original]!, `Новость ${original}`) });
  }
  return entries;
}

describe('ingestSource: entries prepared concurrently, recorded in listing order', () => {
  it('merges a near-duplicate into the earlier entry of the same run, exactly as a sequential run would', async () => {
    const practices = new MemoryPracticeRepository();
    let lookupsInFlight = 0;
    let mostLookupsInFlight = 0;
    const findByUrl = practices.findByUrl.bind(practices);
    practices.findByUrl = async (url: string) => {
      lookupsInFlight += 1;
      mostLookupsInFlight = Math.max(mostLookupsInFlight, lookupsInFlight);
      // The originals' lookups are slow, the copies' fast: a copy looks for near-duplicates in
      // storage before its original is written there.
      await new Promise((resolve) => setTimeout(resolve, url.includes('copy') ? 0 : 60));
      lookupsInFlight -= 1;
      return findByUrl(url);
    };
    const page: FetchedPage = {
      notModified: false, requestedUrl: source.entryPoints[0]!.url, url: source.entryPoints[0]!.url, status: 200, headers: { 'content-type': 'application/rss+xml' },
      bytes: new TextEncoder().encode('<rss/>'), text: '<rss/>', charset: 'utf-8', encodingSuspect: false, fetchedAt: '2024-03-01T12:00:00.000Z', validators: {},
    };
    const rawPages = new MemoryRawPageStore();
    const deps: IngestDependencies = {
      fetcher: { fetch: async () => page },
      parser: { parseListing: async () => listing(), parseArticle: async () => { throw new Error('no article pages here'); } },
      extract: extractPractice,
      rawPages,
      practices,
      sourceStates: new MemorySourceStateRepository(),
      notifier: { publish: async () => {} },
      clock: { now: () => new Date('2024-03-01T12:00:00.000Z') },
    };

    const report = await ingestSource(source, deps);

    expect(report).toMatchObject({ outcome: 'success', itemsSeen: 10, itemsNew: 10, itemFailures: [] });
    expect(mostLookupsInFlight).toBeGreaterThan(1);
    const first = await practices.findByUrl('https://order.example.ru/news/0');
    const third = await practices.findByUrl('https://order.example.ru/news/2');
    expect((await practices.findByUrl('https://order.example.ru/news/copy-of-0'))?.id).toBe(first!.id);
    expect((await practices.findByUrl('https://order.example.ru/news/copy-of-2'))?.id).toBe(third!.id);
    expect(first!.sources.map((s) => s.url)).toEqual(['https://order.example.ru/news/0', 'https://order.example.ru/news/copy-of-0']);
    const ids = new Set<string>();
    for (let i = 0; i < 8; i += 1) ids.add((await practices.findByUrl(`https://order.example.ru/news/${i}`))!.id);
    expect(ids.size).toBe(8);
  });
});
