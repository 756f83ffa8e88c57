import { describe, expect, it } from 'vitest';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import type { Article } from '../../functions/core/model.js';
import { defineProfile, extractionInputOf, publisherRegionOf } from '../../functions/core/source-definition.js';
import { sourceProfiles } from '../../functions/sources/profiles.js';

const article: Article = {
  url: 'https://news.example.ru/news/1',
  title: 'Практика рекомендована к тиражированию',
  publishedAt: null,
  author: null,
  lead: null,
  bodyText: 'Наша практика цифрового сопровождения инвесторов рекомендована Минэкономразвития для тиражирования в других регионах. Опыт уже изучают соседние субъекты.',
  tags: [],
  images: [],
};

const profile = (id: string, jurisdiction: string) =>
  defineProfile({
    id,
    name: id,
    homepage: 'https://news.example.ru/',
    jurisdiction,
    language: 'ru',
    entryPoints: [],
    hosts: ['news.example.ru'],
    scheduleMinutes: 60,
    expectedCadenceHours: 24,
    timeZone: 'Europe/Moscow',
    charsetDefault: 'utf-8',
    politeness: { minDelayMs: 2000 },
    confidence: 'inferred',
  });

describe('publisher region', () => {
  it('is a regional source’s jurisdiction and nothing for a federal one', () => {
    expect(publisherRegionOf({ jurisdiction: 'RU-KDA' })).toBe('RU-KDA');
    expect(publisherRegionOf({ jurisdiction: 'RU' })).toBeNull();
  });

  it('gives the registered regional sources the regions extraction used to know them by', () => {
    const regional = Object.fromEntries(sourceProfiles.filter((p) => publisherRegionOf(p)).map((p) => [p.id, publisherRegionOf(p)]));
    expect(regional).toEqual({
      'mos-ru-news': 'RU-MOW',
      'mos-ru-depr': 'RU-MOW',
      'mosreg-ru': 'RU-MOS',
      'gov74-ru': 'RU-CHE',
      'gubernator74-ru': 'RU-CHE',
      'bashkortostan-ru': 'RU-BA',
    });
  });

  it('makes a new regional source the origin of "our practice" with no edit outside its profile', () => {
    const record = extractPractice(extractionInputOf(article, profile('new-regional-source', 'RU-KDA')));
    expect(record.regions).toEqual([expect.objectContaining({ code: 'RU-KDA', role: 'origin' })]);
    expect(extractPractice(extractionInputOf(article, profile('new-federal-source', 'RU'))).regions).toEqual([]);
  });

  it('fills the language and date the article lacks from the source and the listing', () => {
    const input = extractionInputOf(article, profile('x', 'RU'), '2026-01-02T03:04:05+03:00');
    expect(input).toMatchObject({ sourceId: 'x', language: 'ru', publishedAt: '2026-01-02T03:04:05+03:00', publisherRegion: null });
    expect(extractionInputOf({ ...article, publishedAt: '2025-01-01T00:00:00+03:00', language: 'en' }, profile('x', 'RU'), '2026-01-02T03:04:05+03:00')).toMatchObject({ language: 'en', publishedAt: '2025-01-01T00:00:00+03:00' });
  });
});
