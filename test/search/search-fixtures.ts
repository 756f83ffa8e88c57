import type { ArticleObservation, PracticeItem } from '../../functions/core/ports.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';

/** A seed observation (scripts/bench/seed-practices.ts) with our own words in it. */
export function observation(i: number, text: { title: string; body: string; lead?: string; practice?: string; version?: string }): ArticleObservation {
  const base = practiceObservation(i);
  return {
    ...base,
    contentHash: `${base.contentHash}-${text.body.length}-${text.title.length}`,
    extraction: {
      ...base.extraction,
      title: text.title,
      bodyText: text.body,
      lead: text.lead ?? null,
      practices: text.practice ? [{ name: text.practice }] : [],
      topics: [],
      ...(text.version ? { extractorVersion: text.version } : {}),
    },
  };
}

/** The corpus of the index tests: written for them (Russian inflections, English, names). */
export const TEXTS = [
  {
    title: 'Миграционный центр Москвы рекомендован к тиражированию',
    body: 'Опыт работы миграционного центра в Сахарове признан лучшей практикой. Центр принимает иностранных граждан в одном месте.',
    practice: 'Единый миграционный центр',
  },
  {
    title: 'Татарстан делится практикой цифровой приёмной',
    body: 'Цифровая приёмная позволяет жителям обращаться к чиновникам онлайн. Практику отобрали для тиражированию в регионах.',
    practice: 'Цифровая приёмная',
  },
  {
    title: 'Kazan digital reception selected for replication',
    body: 'The digital reception of Tatarstan lets residents reach officials online; the migration office was not part of it.',
    practice: 'Digital reception',
  },
  {
    title: 'Бережливая поликлиника: итоги года',
    body: 'Поликлиники региона сократили очереди. Главный врач рассказал о бережливых технологиях.',
    practice: 'Бережливая поликлиника',
  },
] as const;

/** Ids of records in `items` whose title is `title`. */
export const idsOf = (items: readonly PracticeItem[]) => items.map((i) => i.extraction.title);
