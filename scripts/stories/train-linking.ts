/**
 * Fits the story-linking models: `npx tsx scripts/stories/train-linking.ts [--check]`.
 *
 * 1. Background term frequencies from the extraction development sets (test/devset*), never the
 *    pair set: they weigh the text-similarity features (common words count little).
 * 2. Features of every pair of `test/story-pairs`; a logistic regression for "same story" over all
 *    pairs and one for "same practice" over the pairs of different stories.
 * 3. Thresholds chosen on leave-one-group-out predictions (a group is a template family, else a
 *    practice, else a story: texts that share a pattern are held out together): best F1 for
 *    stories over article pairs; best F0.5 (precision first) for practice timelines over pairs of
 *    stories, on the mean of their article pairs' probabilities, which is what `linkPractice` decides
 *    on (a threshold fitted to single article pairs sits too high for a mean).
 *
 * Writes `functions/core/stories/background-terms.json` and `linking-model.json`. With `--check` it
 * writes nothing and exits non-zero when the files are not what training gives now.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { comparePair } from '../../functions/core/stories/features.js';
import { termsOf, type BackgroundTerms } from '../../functions/core/stories/profile.js';
import { PRACTICE_FEATURES } from '../../functions/core/stories/linking.js';
import { bestThreshold, countsAt, crossValidate, precisionRecall, train, type Example, type TrainOptions } from './logistic.js';
import { loadPairSet, pairsOf, profilesOf, type LabelledArticle } from './pair-set.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const BACKGROUND_DIRS = ['test/devset/texts', 'test/devset-holdout/texts', 'test/devset-blind/texts'];
const BACKGROUND_FILE = path.join(root, 'functions/core/stories/background-terms.json');
const MODEL_FILE = path.join(root, 'functions/core/stories/linking-model.json');
/** Terms in fewer background texts than this are left out of the file (they default to rare). */
const MIN_DF = 8;

export function buildBackground(): BackgroundTerms {
  const cognates = new Map<string, number>();
  let documents = 0;
  for (const dir of BACKGROUND_DIRS) {
    const full = path.join(root, dir);
    if (!existsSync(full)) continue;
    for (const file of readdirSync(full).sort()) {
      documents += 1;
      for (const cognate of new Set(termsOf(readFileSync(path.join(full, file), 'utf8')))) cognates.set(cognate, (cognates.get(cognate) ?? 0) + 1);
    }
  }
  const keep = (counts: Map<string, number>) =>
    Object.fromEntries([...counts].filter(([, df]) => df >= MIN_DF).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { documents, cognates: keep(cognates) };
}

/** The group an article is held out with in cross-validation. */
export function groupOf(article: LabelledArticle): string {
  return article.label.family ?? article.label.practice ?? article.label.story;
}

export interface TrainingRun {
  background: BackgroundTerms;
  model: Record<string, unknown>;
  summary: string[];
}

export function trainLinking(): TrainingRun {
  const background = buildBackground();
  const { articles } = loadPairSet(path.join(root, 'test/story-pairs'));
  // The optional seed page is evaluated, never trained on: the model must not depend on ../shared.
  const own = articles.filter((article) => !article.label.optional);
  const profiles = profilesOf(own, background);
  const pairs = pairsOf(own).map((pair) => ({
    pair,
    groups: [groupOf(pair.a), groupOf(pair.b)] as [string, string],
    features: comparePair(profiles.get(pair.a.label.id)!, profiles.get(pair.b.label.id)!).features,
  }));

  const summary: string[] = [];
  type Item = { groups: [string, string]; example: Example; pair: (typeof pairs)[number]['pair'] };
  /** `decideOn` turns the cross-validated pair predictions into those of the decision the threshold is for. */
  const fit = (
    name: string,
    items: Item[],
    options: TrainOptions & { beta?: number; decideOn?: (cv: Array<{ item: Item; p: number }>) => Array<{ p: number; label: boolean }> } = {},
  ) => {
    const weights = train(items.map((item) => item.example), options);
    const predictions = crossValidate(items, options);
    const cv = predictions.map(({ item, p }) => ({ p, label: item.example.label }));
    const decisions = options.decideOn ? options.decideOn(predictions) : cv;
    const threshold = bestThreshold(decisions, options.beta);
    const trainingPredictions = items.map((item) => ({ p: probabilityOf(weights, item.example), label: item.example.label }));
    const trainingScore = precisionRecall(countsAt(trainingPredictions, threshold));
    // Scored on the decision the threshold is for (story pairs for practices; threshold picked on them too).
    const cvScore = precisionRecall(countsAt(decisions, threshold));
    const positives = items.filter((item) => item.example.label).length;
    summary.push(
      `${name}: ${items.length} pairs (${positives} positive); threshold ${threshold}; ` +
        `training P ${trainingScore.precision.toFixed(3)} R ${trainingScore.recall.toFixed(3)}; ` +
        `leave-one-group-out${options.decideOn ? ' (pairs of stories)' : ''} P ${cvScore.precision.toFixed(3)} R ${cvScore.recall.toFixed(3)}`,
    );
    return {
      ...weights,
      threshold,
      trainedOn: { pairs: items.length, positives, articles: own.length },
      training: round3(trainingScore),
      crossValidated: round3(cvScore),
    };
  };

  const story = fit(
    'story',
    pairs.map(({ pair, groups, features }) => ({ pair, groups, example: { features, label: pair.same } })),
  );
  const practice = fit(
    'practice',
    // Timelines join announcements sharing a region (see scorePracticePair): the model learns among those.
    pairs
      .filter(({ pair, features }) => !pair.same && pair.a.record.isPracticeAnnouncement && pair.b.record.isPracticeAnnouncement && features.regions > 0)
      .map(({ pair, groups, features }) => ({
        pair,
        groups,
        example: { features, label: pair.a.label.practice !== null && pair.a.label.practice === pair.b.label.practice },
      })),
    // A wrong timeline misleads the public more than a missing link: precision counts double (F0.5).
    { features: PRACTICE_FEATURES, beta: 0.5, decideOn: (cv) => storyMeans(own, cv) },
  );
  const model = {
    _comment: 'Written by scripts/stories/train-linking.ts from test/story-pairs; do not edit by hand. Weights of logistic regressions over functions/core/stories/features.ts.',
    story,
    practice,
  };
  return { background, model, summary };
}

/**
 * Practice predictions per pair of labelled stories, as `linkPractice` forms them: the mean over
 * their announcements' article pairs, a pair without a region in common counting 0.
 */
function storyMeans(articles: LabelledArticle[], cv: Array<{ item: { pair: { a: LabelledArticle; b: LabelledArticle } }; p: number }>): Array<{ p: number; label: boolean }> {
  const predicted = new Map(cv.map(({ item, p }) => [`${item.pair.a.label.id}|${item.pair.b.label.id}`, p]));
  const stories = new Map<string, LabelledArticle[]>();
  for (const article of articles) {
    if (article.record.isPracticeAnnouncement) stories.set(article.label.story, [...(stories.get(article.label.story) ?? []), article]);
  }
  const list = [...stories.values()];
  const out: Array<{ p: number; label: boolean }> = [];
  for (let i = 0; i < list.length; i += 1) {
    for (let j = i + 1; j < list.length; j += 1) {
      let sum = 0;
      let count = 0;
      for (const x of list[i]!) {
        for (const y of list[j]!) {
          sum += predicted.get(`${x.label.id}|${y.label.id}`) ?? predicted.get(`${y.label.id}|${x.label.id}`) ?? 0;
          count += 1;
        }
      }
      const practice = list[i]![0]!.label.practice;
      out.push({ p: sum / count, label: practice !== null && practice === list[j]![0]!.label.practice });
    }
  }
  return out;
}

function probabilityOf(weights: ReturnType<typeof train>, example: Example): number {
  let z = weights.bias;
  for (const [name, w] of Object.entries(weights.weights)) z += (w ?? 0) * example.features[name as keyof Example['features']];
  return 1 / (1 + Math.exp(-z));
}

function round3(score: { precision: number; recall: number; f1: number }) {
  return { precision: Math.round(score.precision * 1000) / 1000, recall: Math.round(score.recall * 1000) / 1000, f1: Math.round(score.f1 * 1000) / 1000 };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 1)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  // Background terms first: the features of the pair set depend on them.
  const background = buildBackground();
  if (!check) writeFileSync(BACKGROUND_FILE, json(background));
  const run = trainLinking();
  for (const line of run.summary) console.log(line);
  if (check) {
    const stale = [
      [BACKGROUND_FILE, json(run.background)],
      [MODEL_FILE, json(run.model)],
    ].filter(([file, content]) => readFileSync(file!, 'utf8') !== content);
    if (stale.length) {
      console.error(`stale: ${stale.map(([file]) => path.relative(root, file!)).join(', ')}; run npx tsx scripts/stories/train-linking.ts`);
      process.exit(1);
    }
    console.log('model files are current');
  } else {
    writeFileSync(MODEL_FILE, json(run.model));
    console.log(`wrote ${path.relative(root, BACKGROUND_FILE)} and ${path.relative(root, MODEL_FILE)}`);
  }
}
