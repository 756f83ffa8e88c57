import model from './linking-model.json' with { type: 'json' };
import { comparePair, daysApart, FEATURE_NAMES, STORY_WINDOW_DAYS, type FeatureName, type FeatureVector, type PairComparison } from './features.js';
import type { ArticleProfile } from './profile.js';

/**
 * The two learned decisions of story linking, both logistic regressions over the features of
 * `features.ts` with weights in `linking-model.json` (written by `scripts/stories/train-linking.ts`
 * from the labelled pair set `test/story-pairs`):
 * - **story**: two articles tell the same news (a republication, a retelling, a translation);
 * - **practice**: two articles of different stories speak of the same practice (selected, then
 *   awarded, then adopted elsewhere), which puts the stories on one practice timeline.
 */
export interface LogisticModel {
  bias: number;
  /** Weights of the features the model uses; a feature it does not use is absent. */
  weights: Partial<Record<FeatureName, number>>;
  /** Probability from which the pair is linked, chosen on cross-validated predictions. */
  threshold: number;
}

export interface LinkingModels {
  story: LogisticModel;
  practice: LogisticModel;
}

export const LINKING_MODELS: LinkingModels = model as unknown as LinkingModels;

/** A scored pair: the probability, the decision and the reasons an editor reads. */
export interface PairDecision {
  probability: number;
  linked: boolean;
  /** Features that moved the score, strongest first: '+2.1 same people: Мария Багреева'. */
  reasons: string[];
}

const LABELS: Record<FeatureName, string> = {
  regions: 'shared regions',
  sameOrigin: 'same origin region',
  regionConflict: 'no region in common',
  originConflict: 'different origin regions',
  organisations: 'shared organisations',
  people: 'same people',
  peopleConflict: 'no person in common',
  figures: 'same figures',
  figureConflict: 'no figure in common',
  platforms: 'same platform',
  topics: 'shared topics',
  topicConflict: 'no topic in common',
  practiceName: 'similar practice names',
  practiceConflict: 'different practice names',
  nothingButNames: 'nothing in common but names and dates',
  text: 'similar text',
  crossLanguage: 'different languages',
  title: 'similar titles',
  dateClose: 'published close together',
  dateFar: 'published far apart',
  closeButUnspecific: 'close in time, nothing specific in common',
};

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** The probability of a feature vector under a model. */
export function probability(features: FeatureVector, m: LogisticModel): number {
  let z = m.bias;
  for (const name of FEATURE_NAMES) z += (m.weights[name] ?? 0) * features[name];
  return sigmoid(z);
}

/** Scores a compared pair with one model and explains the score. */
export function decide(comparison: PairComparison, m: LogisticModel): PairDecision {
  const p = probability(comparison.features, m);
  const contributions = FEATURE_NAMES.map((name) => ({ name, value: (m.weights[name] ?? 0) * comparison.features[name] }))
    .filter((c) => Math.abs(c.value) >= 0.05)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
  const reasons = contributions.map(({ name, value }) => {
    const evidence = comparison.evidence[name];
    return `${value > 0 ? '+' : ''}${value.toFixed(1)} ${LABELS[name]}${evidence ? `: ${evidence}` : ''}`;
  });
  return { probability: Math.round(p * 1000) / 1000, linked: p >= m.threshold, reasons };
}

/** Whether two articles tell the same news: never when published more than {@link STORY_WINDOW_DAYS} apart. */
export function scoreStoryPair(a: ArticleProfile, b: ArticleProfile, models: LinkingModels = LINKING_MODELS): PairDecision {
  const decision = decide(comparePair(a, b), models.story);
  const days = daysApart(a, b);
  if (days !== null && days > STORY_WINDOW_DAYS) {
    return { ...decision, linked: false, reasons: [`published ${Math.round(days)} days apart, beyond the ${STORY_WINDOW_DAYS}-day story window`, ...decision.reasons] };
  }
  return decision;
}

/**
 * Features of the practice model. A practice belongs to a place, so only articles sharing a region
 * are compared at all (see {@link scorePracticePair}); among those, what tells one practice from
 * another of the same region is what the texts describe, not where or when they were published.
 */
export const PRACTICE_FEATURES: readonly FeatureName[] = [
  'sameOrigin',
  'originConflict',
  'organisations',
  'people',
  'peopleConflict',
  'figures',
  'platforms',
  'topics',
  'topicConflict',
  'practiceName',
  'practiceConflict',
  'text',
  'crossLanguage',
  'title',
];

/** Whether two articles (of different stories) speak of the same practice: never without a region in common. */
export function scorePracticePair(a: ArticleProfile, b: ArticleProfile, models: LinkingModels = LINKING_MODELS): PairDecision {
  const comparison = comparePair(a, b);
  const decision = decide(comparison, models.practice);
  if (comparison.features.regions === 0) return { probability: 0, linked: false, reasons: ['no region in common'] };
  return decision;
}
