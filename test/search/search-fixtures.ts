import { createDynamoClient } from '../../functions/adapters/aws-clients.js';
import { DynamoPracticeRepository } from '../../functions/adapters/dynamo/dynamo-practice-repository.js';
import { DynamoSearchIndex } from '../../functions/adapters/dynamo/dynamo-search-index.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import { MemorySearchIndex } from '../../functions/adapters/memory/memory-search-index.js';
import type { ArticleObservation, PracticeItem } from '../../functions/core/ports.js';
import type { SearchIndex } from '../../functions/core/search/search-ports.js';
import { testConfig } from '../support/stack.js';
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

/** A practice repository with its search index, in memory or on a fresh table of DynamoDB Local. */
export async function openSearchRepository(backend: 'memory' | 'dynamo'): Promise<{ repo: MemoryPracticeRepository | DynamoPracticeRepository; index: SearchIndex }> {
  if (backend === 'memory') {
    const index = new MemorySearchIndex();
    return { repo: new MemoryPracticeRepository({ search: index }), index };
  }
  const config = testConfig();
  const client = createDynamoClient(config);
  await ensureTable(client, config.tableName);
  const index = new DynamoSearchIndex(client, config.tableName);
  return { repo: new DynamoPracticeRepository(client, config.tableName, { search: index }), index };
}
