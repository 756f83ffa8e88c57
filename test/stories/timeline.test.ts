import { describe, expect, it } from 'vitest';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { buildTimeline, eventKindOf } from '../../functions/core/stories/timeline.js';

function record(partial: Partial<ExtractionRecord>): ExtractionRecord {
  return {
    sourceId: 'test',
    url: 'https://example.org/x',
    title: '',
    publishedAt: null,
    language: 'ru',
    author: null,
    lead: null,
    bodyText: '',
    isPracticeAnnouncement: true,
    confidence: 1,
    reasons: [],
    practices: [],
    regions: [],
    organisations: [],
    people: [],
    platforms: [],
    figures: [],
    topics: [],
    extractorVersion: 'test',
    ...partial,
  };
}

describe('eventKindOf', () => {
  it('reads an adoption from the roles or the headline, not from a selection coda', () => {
    expect(eventKindOf([record({ regions: [{ code: 'RU-MOW', name: 'Москва', role: 'origin' }, { code: 'RU-BA', name: 'Башкортостан', role: 'adopter' }] })]).kind).toBe('adopted');
    expect(eventKindOf([record({ title: 'Tomsk Region adopts Novosibirsk engineering schools' })]).kind).toBe('adopted');
    expect(eventKindOf([record({ title: 'Практики рекомендованы', bodyText: 'Регионы смогут перенять московские наработки.' })]).kind).toBe('selected');
  });

  it('reads contest results and library entries', () => {
    expect(eventKindOf([record({ title: 'Итоги', bodyText: 'Победителем конкурса стал проект Москвы.' })]).kind).toBe('awarded');
    expect(eventKindOf([record({ title: 'Практика Татарстана вошла в «Смартеку»' })]).kind).toBe('library');
  });

  it('reads the news from the headline first: an award story recalling an earlier adopter is an award', () => {
    const regions = [{ code: 'RU-MOW', name: 'Москва', role: 'origin' as const }, { code: 'RU-BA', name: 'Башкортостан', role: 'adopter' as const }];
    expect(eventKindOf([record({ title: 'Миграционный центр Москвы стал победителем конкурса', regions })]).kind).toBe('awarded');
    expect(eventKindOf([record({ title: 'Итоги года', bodyText: 'Проект стал победителем конкурса.', regions })]).kind).toBe('adopted');
  });
});

describe('buildTimeline', () => {
  it('orders events by date and says where the practice came from, who recognised it and who adopted it', () => {
    const timeline = buildTimeline('t', [
      {
        storyId: 'adoption',
        records: [record({ title: 'Курганская область внедрит челябинскую систему', publishedAt: '2024-09-18T12:00:00+05:00', regions: [{ code: 'RU-KGN', name: 'Курганская область', role: 'adopter' }, { code: 'RU-CHE', name: 'Челябинская область', role: 'origin' }] })],
      },
      {
        storyId: 'selection',
        records: [
          record({ title: 'Система рекомендована', publishedAt: '2024-02-14T10:00:00+05:00', regions: [{ code: 'RU-CHE', name: 'Челябинская область', role: 'origin' }], organisations: [{ id: 'minek', name: 'Минэкономразвития' }] }),
          record({ title: 'System recommended', publishedAt: '2024-02-13T16:00:00+03:00', regions: [{ code: 'RU-CHE', name: 'Челябинская область', role: 'origin' }] }),
        ],
      },
    ]);
    expect(timeline.events.map((e) => e.storyId)).toEqual(['selection', 'adoption']);
    expect(timeline.events[0]!.date).toBe('2024-02-13T16:00:00+03:00');
    expect(timeline.origins).toEqual(['RU-CHE']);
    expect(timeline.recognitions).toEqual([{ storyId: 'selection', date: '2024-02-13T16:00:00+03:00', kind: 'selected', organisations: ['minek'] }]);
    expect(timeline.adopters).toEqual([{ region: 'RU-KGN', date: '2024-09-18T12:00:00+05:00', storyId: 'adoption' }]);
  });
});
