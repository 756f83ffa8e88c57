import { LINKING_MODELS, scorePracticePair, scoreStoryPair, type LinkingModels, type PairDecision } from './linking.js';
import type { ArticleProfile } from './profile.js';

/**
 * Stories as clusters. An arriving article is compared with every stored article near it in time
 * (the candidates); it joins the story of its links and, when it links to several stories, those
 * stories merge, unless an editor has kept them apart. Because every pair is judged once (when the
 * later article arrives) and a story is the connected component of its links, the clusters do not
 * depend on the order articles arrive in (`test/stories/clustering.test.ts` shuffles to check).
 */

/** A stored article with the story it belongs to. */
export interface StoryMember {
  profile: ArticleProfile;
  storyId: string;
}

export interface StoryLink {
  articleId: string;
  storyId: string;
  decision: PairDecision;
}

export interface StoryAssignment {
  /** The story to join, or null when the article starts a story of its own. */
  storyId: string | null;
  /** Further stories the article bridges, to be merged into `storyId`. */
  merge: string[];
  /** Every link found, strongest first (the reasons an editor sees). */
  links: StoryLink[];
}

export interface AssignOptions {
  models?: LinkingModels;
  /** Articles per story: the larger story absorbs the smaller when two merge. */
  sizes?: ReadonlyMap<string, number>;
  /** True when an editor split these two stories: they are never merged again by the machine. */
  keptApart?: (a: string, b: string) => boolean;
}

/** Decides which story an arriving article belongs to. */
export function assignStory(article: ArticleProfile, candidates: readonly StoryMember[], options: AssignOptions = {}): StoryAssignment {
  const models = options.models ?? LINKING_MODELS;
  const links: StoryLink[] = [];
  for (const candidate of candidates) {
    if (candidate.profile.id === article.id) continue;
    const decision = scoreStoryPair(article, candidate.profile, models);
    if (decision.linked) links.push({ articleId: candidate.profile.id, storyId: candidate.storyId, decision });
  }
  links.sort((a, b) => b.decision.probability - a.decision.probability || (a.articleId < b.articleId ? -1 : 1));
  if (links.length === 0) return { storyId: null, merge: [], links };
  const stories = [...new Set(links.map((link) => link.storyId))];
  const size = (id: string) => options.sizes?.get(id) ?? 0;
  // The target is the largest story (ties: the smaller id), so that merging does not hinge on arrival order.
  const target = [...stories].sort((a, b) => size(b) - size(a) || (a < b ? -1 : a > b ? 1 : 0))[0]!;
  const kept = options.keptApart ?? (() => false);
  const merge = stories.filter((id) => id !== target && !kept(target, id));
  return { storyId: target, merge, links };
}

/** A story's articles, for practice linking between stories. */
export interface StoryProfiles {
  storyId: string;
  articles: readonly ArticleProfile[];
}

/**
 * Whether two stories are events of one practice. Every pair of their announcements is scored and
 * the stories link when the mean probability reaches the practice threshold: one noisy pair (an
 * article whose topics or roles came out wrong) neither makes nor breaks the link. Returns the
 * decision of the strongest pair with the mean as its probability, or null when not linked.
 */
export function linkPractice(a: StoryProfiles, b: StoryProfiles, models: LinkingModels = LINKING_MODELS): PairDecision | null {
  let best: PairDecision | null = null;
  let sum = 0;
  let count = 0;
  for (const x of a.articles) {
    if (!x.announcement) continue;
    for (const y of b.articles) {
      if (!y.announcement) continue;
      const decision = scorePracticePair(x, y, models);
      sum += decision.probability;
      count += 1;
      if (!best || decision.probability > best.probability) best = decision;
    }
  }
  if (!best || count === 0) return null;
  const mean = Math.round((sum / count) * 1000) / 1000;
  return mean >= models.practice.threshold ? { ...best, probability: mean, linked: true } : null;
}
