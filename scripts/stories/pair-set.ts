/**
 * The labelled story pair set (`test/story-pairs`): articles written for the purpose, each with the
 * story it belongs to and, for announcements, the practice it speaks of. Pairs are derived from the
 * labels: two articles of one story are a positive pair, any other pair a negative one; negatives
 * that share a template family, a practice or an origin region within a month are the hard ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPractice } from '../../functions/core/extraction/extract-practice.js';
import type { ExtractionRecord, Language } from '../../functions/core/model.js';
import { profileOf, type ArticleProfile, type BackgroundTerms } from '../../functions/core/stories/profile.js';

export interface ArticleLabel {
  id: string;
  file: string;
  sourceId: string;
  language: Language;
  publishedAt: string | null;
  url: string;
  /** Story label: articles with the same value tell the same news. */
  story: string;
  /** Practice label: stories with the same value are events of one practice's timeline. */
  practice: string | null;
  /** Template family: texts built on one pattern about different regions or years. */
  family?: string;
  format?: 'text' | 'page';
  /** The file lies outside the repository (../shared) and may be missing. */
  optional?: boolean;
}

export interface LabelledArticle {
  label: ArticleLabel;
  record: ExtractionRecord;
}

export type PairKind =
  | 'same-story'
  | 'template-other-region'
  | 'same-practice-other-event'
  | 'same-origin-other-news'
  | 'other';

export interface LabelledPair {
  a: LabelledArticle;
  b: LabelledArticle;
  same: boolean;
  kind: PairKind;
}

function readText(file: string, format: ArticleLabel['format']): { title: string; body: string } {
  const lines = readFileSync(file, 'utf8').replace(/\r\n?/g, '\n').split('\n');
  if (format === 'page') {
    // A saved page: site furniture first, the headline is the first line of six words or more.
    const titleIndex = lines.findIndex((line) => line.trim().split(/\s+/).length >= 6);
    return { title: lines[titleIndex]!.trim(), body: lines.slice(titleIndex + 1).join('\n').trim() };
  }
  return { title: lines[0]!.trim(), body: lines.slice(1).join('\n').trim() };
}

/** Reads and extracts every article of the set (optional ones only when present). */
export function loadPairSet(dir: string): { articles: LabelledArticle[]; missing: string[] } {
  const labels = readFileSync(path.join(dir, 'articles.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as ArticleLabel);
  const articles: LabelledArticle[] = [];
  const missing: string[] = [];
  for (const label of labels) {
    const file = path.resolve(dir, label.file);
    if (!existsSync(file)) {
      if (label.optional) {
        missing.push(label.id);
        continue;
      }
      throw new Error(`${dir}/articles.jsonl: ${label.file} does not exist`);
    }
    const { title, body } = readText(file, label.format);
    const record = extractPractice({
      sourceId: label.sourceId,
      url: label.url,
      title,
      publishedAt: label.publishedAt,
      author: null,
      lead: null,
      bodyText: body,
      tags: [],
      images: [],
      language: label.language,
    });
    articles.push({ label, record });
  }
  return { articles, missing };
}

const DAY = 24 * 3600 * 1000;

function kindOf(a: ArticleLabel, b: ArticleLabel, ra: ExtractionRecord, rb: ExtractionRecord): PairKind {
  if (a.story === b.story) return 'same-story';
  if (a.family && a.family === b.family) return 'template-other-region';
  if (a.practice && a.practice === b.practice) return 'same-practice-other-event';
  const originsA = new Set(ra.regions.filter((r) => r.role === 'origin').map((r) => r.code));
  const sharesOrigin = rb.regions.some((r) => r.role === 'origin' && originsA.has(r.code));
  const days = a.publishedAt && b.publishedAt ? Math.abs(Date.parse(a.publishedAt) - Date.parse(b.publishedAt)) / DAY : Infinity;
  if (sharesOrigin && days <= 30) return 'same-origin-other-news';
  return 'other';
}

/** Every pair of articles with its label and kind. */
export function pairsOf(articles: LabelledArticle[]): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  for (let i = 0; i < articles.length; i += 1) {
    for (let j = i + 1; j < articles.length; j += 1) {
      const a = articles[i]!;
      const b = articles[j]!;
      const kind = kindOf(a.label, b.label, a.record, b.record);
      pairs.push({ a, b, same: kind === 'same-story', kind });
    }
  }
  return pairs;
}

/** Profiles of the articles, by id. */
export function profilesOf(articles: LabelledArticle[], terms?: BackgroundTerms): Map<string, ArticleProfile> {
  return new Map(articles.map((article) => [article.label.id, profileOf(article.label.id, article.record, terms)]));
}
