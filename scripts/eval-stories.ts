/**
 * Story-linking evaluation: `npm run eval -- test/story-pairs` (eval.ts hands a directory holding
 * `articles.jsonl` to this module) or `npx tsx scripts/eval-stories.ts DIR [--cv]`.
 *
 * Prints, for the shipped model (`functions/core/stories/linking-model.json`):
 * - pairwise precision and recall of "same story" over every pair of the set, over the curated
 *   subset (every positive and every hard negative), by language pair, and the false links per
 *   kind of hard negative;
 * - the clusters that incremental linking builds with articles arriving in publication order and in
 *   shuffled orders (pairwise precision and recall of the clusters);
 * - practice timelines: precision and recall of "same practice" between stories;
 * - leave-one-group-out figures (models retrained without each group), and nested ones (the
 *   threshold chosen inside each fold too);
 * - the real seed page (../shared/seed, when present) against our Russian version of the news;
 * - links the model makes among ../shared/devtexts (real news retold, not written as stories).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assignStory, linkPractice } from '../functions/core/stories/clustering.js';
import { comparePair } from '../functions/core/stories/features.js';
import { LINKING_MODELS, scoreStoryPair } from '../functions/core/stories/linking.js';
import type { ArticleProfile } from '../functions/core/stories/profile.js';
import { extractPractice } from '../functions/core/extraction/extract-practice.js';
import { profileOf } from '../functions/core/stories/profile.js';
import { buildTimeline, type TimelineView } from '../functions/core/stories/timeline.js';
import { countsAt, crossValidate, nestedCrossValidate, precisionRecall, type Counts } from './stories/logistic.js';
import { loadPairSet, pairsOf, profilesOf, type LabelledArticle, type LabelledPair, type PairKind } from './stories/pair-set.js';
import { groupOf } from './stories/train-linking.js';

export interface StoryEvaluation {
  articles: number;
  stories: number;
  missingOptional: string[];
  all: Counts;
  curated: Counts;
  byLanguage: Record<string, Counts>;
  falseLinksByKind: Record<PairKind, { linked: number; pairs: number }>;
  clustering: Array<{ order: string; counts: Counts; clusters: number }>;
  practice: Counts;
  /** Timelines of the labelled practices told in several stories. */
  timelines: TimelineView[];
  seed: { probability: number; linked: boolean; reasons: string[] } | null;
  misses: string[];
  crossValidated?: Counts;
  /** Threshold chosen inside each fold too (inner leave-one-group-out); the range of thresholds chosen. */
  nested?: { counts: Counts; thresholds: [number, number] };
}

function emptyCounts(): Counts {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

function add(counts: Counts, predicted: boolean, label: boolean): void {
  if (predicted) label ? (counts.tp += 1) : (counts.fp += 1);
  else label ? (counts.fn += 1) : (counts.tn += 1);
}

/** A deterministic shuffle (mulberry32), so that a run can be repeated. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Builds stories incrementally in the given order, as ingestion does; returns article id → cluster. */
export function clusterIncrementally(order: ArticleProfile[]): Map<string, string> {
  const storyOf = new Map<string, string>();
  const sizes = new Map<string, number>();
  const members: Array<{ profile: ArticleProfile; storyId: string }> = [];
  for (const profile of order) {
    const assignment = assignStory(profile, members.map((m) => ({ profile: m.profile, storyId: storyOf.get(m.profile.id)! })), { sizes });
    const target = assignment.storyId ?? `story-${profile.id}`;
    for (const merged of assignment.merge) {
      for (const [id, story] of storyOf) if (story === merged) storyOf.set(id, target);
      sizes.set(target, (sizes.get(target) ?? 0) + (sizes.get(merged) ?? 0));
      sizes.delete(merged);
    }
    storyOf.set(profile.id, target);
    sizes.set(target, (sizes.get(target) ?? 0) + 1);
    members.push({ profile, storyId: target });
  }
  return storyOf;
}

function describe(pair: LabelledPair, profiles: Map<string, ArticleProfile>): string {
  const decision = scoreStoryPair(profiles.get(pair.a.label.id)!, profiles.get(pair.b.label.id)!);
  return `${pair.a.label.id} ~ ${pair.b.label.id} [${pair.kind}] p=${decision.probability}\n      ${decision.reasons.slice(0, 6).join('\n      ')}`;
}

export function evaluateStories(dir: string, options: { crossValidate?: boolean; nested?: boolean } = {}): StoryEvaluation {
  const { articles: loaded, missing } = loadPairSet(dir);
  const profiles = profilesOf(loaded);
  const own = loaded.filter((a) => !a.label.optional);
  const pairs = pairsOf(own);
  const all = emptyCounts();
  const curated = emptyCounts();
  const byLanguage: Record<string, Counts> = {};
  const falseLinksByKind = Object.fromEntries(
    (['same-story', 'template-other-region', 'same-practice-other-event', 'same-origin-other-news', 'other'] as PairKind[]).map((kind) => [kind, { linked: 0, pairs: 0 }]),
  ) as StoryEvaluation['falseLinksByKind'];
  const misses: string[] = [];
  for (const pair of pairs) {
    const linked = scoreStoryPair(profiles.get(pair.a.label.id)!, profiles.get(pair.b.label.id)!).linked;
    add(all, linked, pair.same);
    if (pair.kind !== 'other') add(curated, linked, pair.same);
    const languages = [pair.a.label.language, pair.b.label.language].sort().join('-');
    add((byLanguage[languages] ??= emptyCounts()), linked, pair.same);
    falseLinksByKind[pair.kind].pairs += 1;
    if (linked && !pair.same) falseLinksByKind[pair.kind].linked += 1;
    if (linked !== pair.same) misses.push(`${pair.same ? 'missed link' : 'false link'}: ${describe(pair, profiles)}`);
  }

  // Clusters built one article at a time: publication order, then shuffled orders.
  const ownProfiles = own.map((a) => profiles.get(a.label.id)!);
  const byDate = [...ownProfiles].sort((a, b) => (a.publishedAt ?? 0) - (b.publishedAt ?? 0) || (a.id < b.id ? -1 : 1));
  const orders: Array<[string, ArticleProfile[]]> = [['publication order', byDate], ['reverse order', [...byDate].reverse()]];
  for (const seed of [1, 2, 3]) orders.push([`shuffled (seed ${seed})`, shuffled(ownProfiles, seed)]);
  const clustering = orders.map(([order, profilesInOrder]) => {
    const storyOf = clusterIncrementally(profilesInOrder);
    const counts = emptyCounts();
    for (const pair of pairs) add(counts, storyOf.get(pair.a.label.id) === storyOf.get(pair.b.label.id), pair.same);
    return { order, counts, clusters: new Set(storyOf.values()).size };
  });

  // Practice timelines: labelled stories (not the clusters), so that the two measures stay apart.
  const stories = new Map<string, LabelledArticle[]>();
  for (const article of own) stories.set(article.label.story, [...(stories.get(article.label.story) ?? []), article]);
  const storyList = [...stories.values()];
  const practice = emptyCounts();
  for (let i = 0; i < storyList.length; i += 1) {
    for (let j = i + 1; j < storyList.length; j += 1) {
      const x = storyList[i]!;
      const y = storyList[j]!;
      const label = x[0]!.label.practice !== null && x[0]!.label.practice === y[0]!.label.practice;
      const decision = linkPractice(
        { storyId: x[0]!.label.story, articles: x.map((a) => profiles.get(a.label.id)!) },
        { storyId: y[0]!.label.story, articles: y.map((a) => profiles.get(a.label.id)!) },
      );
      add(practice, decision !== null, label);
      if ((decision !== null) !== label) {
        misses.push(`practice ${decision ? 'false link' : 'missed link'}: story ${x[0]!.label.story} (${x[0]!.label.practice}) ~ ${y[0]!.label.story} (${y[0]!.label.practice})${decision ? ` p=${decision.probability}: ${decision.reasons.slice(0, 4).join('; ')}` : ''}`);
      }
    }
  }

  const byPractice = new Map<string, LabelledArticle[][]>();
  for (const story of storyList) {
    const practiceId = story[0]!.label.practice;
    if (practiceId) byPractice.set(practiceId, [...(byPractice.get(practiceId) ?? []), story]);
  }
  const timelines = [...byPractice]
    .filter(([, storiesOfPractice]) => storiesOfPractice.length > 1)
    .map(([practiceId, storiesOfPractice]) =>
      buildTimeline(practiceId, storiesOfPractice.map((story) => ({ storyId: story[0]!.label.story, records: story.map((a) => a.record) }))),
    );

  const seedArticle = loaded.find((a) => a.label.optional);
  const ours = seedArticle && own.find((a) => a.label.story === seedArticle.label.story && a.label.language === 'ru');
  const seed = seedArticle && ours ? scoreStoryPair(profiles.get(seedArticle.label.id)!, profiles.get(ours.label.id)!) : null;

  const evaluation: StoryEvaluation = {
    articles: own.length,
    stories: stories.size,
    missingOptional: missing,
    all,
    curated,
    byLanguage,
    falseLinksByKind,
    clustering,
    practice,
    timelines,
    seed,
    misses,
  };
  if (options.crossValidate) {
    const items = pairs.map((pair) => ({
      groups: [groupOf(pair.a), groupOf(pair.b)] as [string, string],
      example: { features: comparePair(profiles.get(pair.a.label.id)!, profiles.get(pair.b.label.id)!).features, label: pair.same },
    }));
    evaluation.crossValidated = countsAt(
      crossValidate(items).map(({ item, p }) => ({ p, label: item.example.label })),
      LINKING_MODELS.story.threshold,
    );
    if (options.nested) {
      const nested = nestedCrossValidate(items);
      const thresholds = nested.map((n) => n.threshold);
      evaluation.nested = {
        counts: countsAt(nested.map(({ item, p, threshold }) => ({ p: p >= threshold ? 1 : 0, label: item.example.label })), 0.5),
        thresholds: [Math.min(...thresholds), Math.max(...thresholds)],
      };
    }
  }
  return evaluation;
}

/** Links among ../shared/devtexts: real news retold, one text per news item, so every link is worth reading. */
export function devtextLinks(dir: string): string[] | null {
  const labels = path.join(dir, 'labels.jsonl');
  if (!existsSync(labels)) return null;
  const profiles: ArticleProfile[] = [];
  for (const line of readFileSync(labels, 'utf8').split('\n').filter((l) => l.trim())) {
    const label = JSON.parse(line) as { id: string; file: string; language: 'ru' | 'en'; publishedDate: string | null };
    const lines = readFileSync(path.join(dir, label.file), 'utf8').split('\n');
    const record = extractPractice({
      sourceId: 'devtexts',
      url: `devtexts:${label.id}`,
      title: lines[0]!.trim(),
      publishedAt: label.publishedDate ? `${label.publishedDate}T12:00:00+03:00` : null,
      author: null,
      lead: null,
      bodyText: lines.slice(1).join('\n'),
      tags: [],
      images: [],
      language: label.language,
    });
    profiles.push(profileOf(label.id, record));
  }
  const links: string[] = [];
  for (let i = 0; i < profiles.length; i += 1) {
    for (let j = i + 1; j < profiles.length; j += 1) {
      const decision = scoreStoryPair(profiles[i]!, profiles[j]!);
      if (decision.linked) links.push(`${profiles[i]!.id} ~ ${profiles[j]!.id} p=${decision.probability}: ${decision.reasons.slice(0, 5).join('; ')}`);
    }
  }
  return links;
}

function line(name: string, counts: Counts): string {
  const { precision, recall, f1 } = precisionRecall(counts);
  return `  ${name.padEnd(34)} P ${precision.toFixed(3)}  R ${recall.toFixed(3)}  F1 ${f1.toFixed(3)}   tp/fp/fn ${counts.tp}/${counts.fp}/${counts.fn}`;
}

export function printStoryEvaluation(dir: string, options: { crossValidate?: boolean; nested?: boolean; devtexts?: string } = {}): StoryEvaluation {
  const result = evaluateStories(dir, options);
  const totalPairs = result.all.tp + result.all.fp + result.all.fn + result.all.tn;
  console.log(`\n== ${dir}: story linking, ${result.articles} articles in ${result.stories} stories, ${totalPairs} pairs (${result.all.tp + result.all.fn} same story)`);
  console.log(`model: story threshold ${LINKING_MODELS.story.threshold}, practice threshold ${LINKING_MODELS.practice.threshold}`);
  if (result.missingOptional.length) console.log(`(optional articles missing: ${result.missingOptional.join(', ')})`);
  console.log('Same story, pairwise:');
  console.log(line('all pairs', result.all));
  console.log(line('curated (positives + hard negatives)', result.curated));
  for (const [languages, counts] of Object.entries(result.byLanguage).sort()) console.log(line(languages, counts));
  if (result.crossValidated) console.log(line('leave-one-group-out (retrained)', result.crossValidated));
  if (result.nested) console.log(`${line('nested (threshold chosen per fold)', result.nested.counts)}   thresholds ${result.nested.thresholds.join('–')}`);
  console.log('Hard negatives linked by mistake:');
  for (const [kind, { linked, pairs }] of Object.entries(result.falseLinksByKind)) if (kind !== 'same-story') console.log(`  ${kind.padEnd(34)} ${linked} of ${pairs}`);
  console.log('Clusters built one article at a time (pairwise against the labels):');
  for (const { order, counts, clusters } of result.clustering) console.log(`${line(order, counts)}   ${clusters} stories`);
  console.log('Practice timelines (same practice, between labelled stories):');
  console.log(line('story pairs', result.practice));
  for (const timeline of result.timelines) {
    const day = (date: string | null) => date?.slice(0, 10) ?? 'undated';
    console.log(`  timeline ${timeline.id}: from ${timeline.origins.join(', ') || '?'}; ` +
      `${timeline.recognitions.map((r) => `${r.kind} ${day(r.date)} (${r.organisations.join(', ') || '-'})`).join('; ')}; ` +
      `adopted by ${timeline.adopters.map((a) => `${a.region} ${day(a.date)}`).join(', ') || 'none yet'}`);
  }
  if (result.seed) console.log(`Seed page (../shared/seed) ~ our Russian version: ${result.seed.linked ? 'linked' : 'NOT linked'}, p=${result.seed.probability}\n  ${result.seed.reasons.join('\n  ')}`);
  else console.log('Seed page: ../shared/seed is absent, skipped');
  console.log(result.misses.length ? `\nMisses (${result.misses.length}):\n  ${result.misses.join('\n  ')}` : '\nNo misses.');
  if (options.devtexts) {
    const links = devtextLinks(options.devtexts);
    if (links === null) console.log(`\n${options.devtexts}: absent, skipped`);
    else console.log(`\nLinks among ${options.devtexts} (real news retold, one text per item; read each):${links.length ? `\n  ${links.join('\n  ')}` : ' none'}`);
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  const dir = args.find((arg) => !arg.startsWith('--')) ?? 'test/story-pairs';
  printStoryEvaluation(path.resolve(dir), { crossValidate: true, nested: true, devtexts: path.resolve('../shared/devtexts') });
}
