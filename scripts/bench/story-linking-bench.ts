/**
 * Story linking's cost per article as a story grows (`npx tsx scripts/bench/story-linking-bench.ts`,
 * not part of `npm run bench`): retellings of one announcement of the labelled pair set
 * (`test/story-pairs`), each under its own URL, half an hour apart, adopted by a different region
 * every few articles, are ingested one by one into the in-memory repository, as ingestion does
 * (choose the story, write the record, complete the linking). Every one of them joins the same
 * story, so the figures show whether linking one more article costs more when its story is large.
 * In memory, so that the figures measure linking's own work and not the storage server's.
 * Env: STORY_BENCH_ARTICLES (default 200, the most a story lists).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemoryPracticeRepository } from '../../functions/adapters/memory/memory-practice-repository.js';
import type { ExtractionRecord } from '../../functions/core/model.js';
import { storyOf } from '../../functions/core/stories/story-record.js';
import { ingestRecord } from '../../test/stories/support.js';
import { loadPairSet } from '../stories/pair-set.js';

const ARTICLES = Number(process.env['STORY_BENCH_ARTICLES'] ?? 200);
/** Regions that adopt the practice in turn (any valid codes; what matters is that they differ). */
const ADOPTERS = ['RU-TA', 'RU-BA', 'RU-CHE', 'RU-SVE', 'RU-NIZ', 'RU-KDA', 'RU-ROS', 'RU-SAM', 'RU-PER', 'RU-NVS', 'RU-KGD', 'RU-TYU'];

const { articles } = loadPairSet(path.resolve(import.meta.dirname, '..', '..', 'test', 'story-pairs'));
const base = articles.find((a) => a.record.isPracticeAnnouncement && a.record.regions.length > 0 && a.record.people.length > 0 && a.label.language === 'ru')?.record;
if (!base) throw new Error('no announcement with regions and people in test/story-pairs');

const start = Date.parse(base.publishedAt ?? '2025-01-01T00:00:00Z');
const variant = (i: number): ExtractionRecord => {
  const at = new Date(start + i * 30 * 60_000).toISOString();
  const adopter = ADOPTERS[Math.floor(i / 5) % ADOPTERS.length]!;
  const regions = [...base.regions.filter((r) => r.code !== adopter), { ...(base.regions[0] ?? { code: adopter, role: 'adopter' as const }), code: adopter, role: 'adopter' as const }];
  return { ...base, url: `https://example.org/news/${i}`, title: `${base.title} (${i})`, publishedAt: at, regions } as ExtractionRecord;
};

const repo = new MemoryPracticeRepository();
const clock = { now: () => new Date(start + 3_600_000) };
const costs: number[] = [];
const stories = new Set<string>();
let lastStory = '';
for (let i = 0; i < ARTICLES; i += 1) {
  const t0 = performance.now();
  const item = await ingestRecord(repo, variant(i), clock);
  costs.push(performance.now() - t0);
  stories.add(storyOf(item));
  lastStory = storyOf(item);
}
const story = await repo.getStory(lastStory);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const buckets = [0, 20, 50, 100, 150].filter((b) => b < ARTICLES);
process.stdout.write(`story-linking: ${ARTICLES} retellings of "${base.title.slice(0, 60)}", ${stories.size} story id(s) seen\n`);
for (const [k, from] of buckets.entries()) {
  const to = Math.min(ARTICLES, buckets[k + 1] ?? ARTICLES);
  const slice = costs.slice(from, to);
  process.stdout.write(`  articles ${from + 1}-${to}: median ${median(slice).toFixed(1)} ms, mean ${(slice.reduce((a, b) => a + b, 0) / slice.length).toFixed(1)} ms per article\n`);
}
process.stdout.write(`  story item: version ${story?.version}, ${JSON.stringify(story ?? {}).length} bytes, ${story?.links.length} link notes\n`);
