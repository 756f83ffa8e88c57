import { contentHash, simhash64 } from '../../functions/core/dedupe/simhash.js';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { planEditorAction } from '../../functions/core/practices/plan-editor-action.js';
import { planObservation } from '../../functions/core/practices/plan-observation.js';
import type { ArticleObservation, HistoryEntry, PracticeItem } from '../../functions/core/ports.js';

/** A repository that can bulk-load fully formed records (both practice repositories can). */
export interface PracticeImporter {
  importRecords(records: Array<{ item: PracticeItem; history: HistoryEntry[] }>, options?: { concurrency?: number }): Promise<void>;
}

export const SEED_REGIONS = [
  { code: 'RU-MOW', name: 'Москва' },
  { code: 'RU-MOS', name: 'Московская область' },
  { code: 'RU-SPE', name: 'Санкт-Петербург' },
  { code: 'RU-CHE', name: 'Челябинская область' },
  { code: 'RU-BA', name: 'Республика Башкортостан' },
  { code: 'RU-TA', name: 'Республика Татарстан' },
  { code: 'RU-NIZ', name: 'Нижегородская область' },
  { code: 'RU-SVE', name: 'Свердловская область' },
  { code: 'RU-KDA', name: 'Краснодарский край' },
  { code: 'RU-NVS', name: 'Новосибирская область' },
] as const;
export const SEED_ORGANISATIONS = [
  { id: 'minek', name: 'Минэкономразвития России' },
  { id: 'asi', name: 'Агентство стратегических инициатив' },
  { id: 'gossovet', name: 'Госсовет' },
  { id: 'government-rf', name: 'Правительство Российской Федерации' },
  { id: 'moscow-government', name: 'Правительство Москвы' },
] as const;
export const SEED_TOPICS = ['regional-and-municipal-management', 'digital-government', 'healthcare', 'education', 'urban-environment', 'social-support'] as const;
export const SEED_SOURCES = ['mos-ru-news', 'economy-gov-ru', 'asi-ru', 'smarteka', 'government-ru', 'kremlin-ru', 'mosreg-ru', 'gov74-ru', 'bashkortostan-ru', 'madeinrussia-ru'] as const;
const PRACTICES = ['Мой социальный помощник', 'Единое окно для мигрантов', 'Цифровая приёмная', 'Бережливая поликлиника', 'Школа фермера', 'Умный двор', 'Проектный офис', 'Народный бюджет'];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/**
 * A realistic observation of article number `i`: regions, organisations, topics, sources and dates
 * spread deterministically, so that every run of a benchmark sees the same data.
 */
export function practiceObservation(i: number, options: { announcement?: boolean; extractorVersion?: string; epoch?: number } = {}): ArticleObservation {
  const sourceId = pick(SEED_SOURCES, i);
  const url = `https://${sourceId}.example.ru/news/${i}`;
  const practice = pick(PRACTICES, i * 7);
  const origin = pick(SEED_REGIONS, i);
  const adopter = pick(SEED_REGIONS, i * 3 + 1);
  const epoch = options.epoch ?? Date.UTC(2024, 0, 1);
  // Minutes apart, offset +03:00 like most sources: sorting must use the instant, not the string.
  const published = new Date(epoch + i * 37 * 60_000);
  const publishedAt = `${new Date(published.getTime() + 3 * 3600_000).toISOString().slice(0, 19)}+03:00`;
  const title = `Практику «${practice}» региона ${origin.name} рекомендовали к тиражированию (${i})`;
  const bodyText = `${title}. Опыт ${origin.name} по проекту «${practice}» номер ${i} отобран АСИ и Минэкономразвития для распространения в других регионах, включая ${adopter.name}. В базе Смартеки более ${1000 + i} практик.`;
  const extraction: ExtractionRecord = {
    sourceId,
    url,
    title,
    publishedAt,
    language: 'ru',
    author: null,
    lead: `Лид статьи ${i}`,
    bodyText,
    isPracticeAnnouncement: options.announcement ?? true,
    confidence: 0.9,
    reasons: ['replication cue: «рекомендовали к тиражированию»'],
    practices: [{ name: practice }],
    regions: [
      { code: origin.code, name: origin.name, role: 'origin' },
      ...(adopter.code === origin.code ? [] : [{ code: adopter.code, name: adopter.name, role: 'adopter' as const }]),
    ],
    organisations: [pick(SEED_ORGANISATIONS, i), ...(i % 3 === 0 ? [pick(SEED_ORGANISATIONS, i + 1)] : [])].map((o) => ({ ...o })),
    people: [],
    platforms: [{ id: 'smarteka', name: 'Смартека' }],
    figures: [{ value: 1000 + i, text: `более ${1000 + i} практик` }],
    topics: [pick(SEED_TOPICS, i)],
    extractorVersion: options.extractorVersion ?? 'seed-1',
  };
  const fetchedAt = new Date(published.getTime() + 3600_000).toISOString();
  return {
    extraction,
    source: { sourceId, url, title, publishedAt, rawKey: `raw/${contentHash(`${i}`)}`, fetchedAt },
    simhash: simhash64(bodyText),
    contentHash: contentHash(bodyText),
    observedAt: fetchedAt,
  };
}

/**
 * Writes `n` approved announcements (numbered from `options.start`, default 0) through the
 * repository's bulk import, `batchSize` records at a time. The records are built by the same rules
 * that ingestion and review use (a created record, then an editor's approval).
 */
export async function seedPractices(
  repo: PracticeImporter,
  n: number,
  options: { start?: number; batchSize?: number; reviewer?: string; concurrency?: number } = {},
): Promise<string[]> {
  const start = options.start ?? 0;
  const batchSize = options.batchSize ?? 250;
  const ids: string[] = [];
  for (let offset = 0; offset < n; offset += batchSize) {
    const batch: Array<{ item: PracticeItem; history: HistoryEntry[] }> = [];
    for (let i = start + offset; i < start + Math.min(n, offset + batchSize); i += 1) {
      const observation = practiceObservation(i);
      const created = planObservation({ observation, existing: null });
      if (created.kind !== 'created') throw new Error('a fresh observation must create a record');
      const approved = planEditorAction(created.item, { type: 'approve' }, options.reviewer ?? 'seed-editor', observation.observedAt);
      batch.push({ item: approved.item, history: [created.history, approved.history] });
      ids.push(created.id);
    }
    await repo.importRecords(batch, options.concurrency === undefined ? {} : { concurrency: options.concurrency });
  }
  return ids;
}
