import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode } from 'domhandler';
import { LayoutChangedError } from '../../core/errors.js';
import type { Article, Language } from '../../core/model.js';
import { parseDate, type DateContext } from './dates.js';
import { extractGenericArticle } from './generic-extractor.js';
import { absoluteUrl, blockText, distinctTexts, imageUrls, inlineText, loadHtml, metaContent } from './html.js';
import { normaliseText, trimTrailingBoilerplate } from './text.js';

/**
 * A source's own rules for its article pages. Every selector list holds several markup generations,
 * tried in order; the first that matches wins.
 */
export interface ArticleRules {
  title: readonly string[];
  body: readonly string[];
  /** Elements whose `datetime`/`content` attribute or text holds the date. */
  date?: readonly string[];
  lead?: readonly string[];
  author?: readonly string[];
  tags?: readonly string[];
  /** Removed from the body before its text is taken (galleries, share bars, "published in" lines). */
  remove?: readonly string[];
  /** Paragraphs of the body that are page chrome (matched after normalisation) and are dropped. */
  dropParagraphs?: readonly RegExp[];
  /** A body paragraph naming the author (first capture group), e.g. `/^Author:\s*(.+)$/`; dropped from the body. */
  authorLine?: RegExp;
}

/** The selector lists of article rules by role, for the source doctor (`SourceParsers.selectors`). */
export function articleRuleSelectors(rules: ArticleRules): Record<string, readonly string[]> {
  const roles: Record<string, readonly string[]> = {};
  for (const role of ['title', 'body', 'date', 'lead', 'author', 'tags'] as const) {
    const list = rules[role];
    if (list?.length) roles[role] = list;
  }
  return roles;
}

/** Rules for a site whose article markup is not known: every page goes to the generic extractor. */
export const UNKNOWN_LAYOUT: ArticleRules = { title: [], body: [] };

/** Everything an article parser needs besides the page. */
export interface ArticleContext {
  sourceId: string;
  /** The URL that was fetched. */
  url: string;
  /** The canonical URL to report; by default the page's `<link rel=canonical>` on the same host, else `url`. */
  canonicalUrl?: string;
  dates: DateContext;
  language: Language;
}

function firstMatch($: CheerioAPI, selectors: readonly string[] | undefined): Cheerio<AnyNode> | null {
  for (const selector of selectors ?? []) {
    const found = $(selector);
    if (found.length > 0) return found;
  }
  return null;
}

function dateOf(selection: Cheerio<AnyNode> | null, dates: DateContext): string | null {
  if (!selection) return null;
  const attributes = (selection.get(0) as { attribs?: Record<string, string> } | undefined)?.attribs ?? {};
  const attribute = (attributes.datetime ?? attributes.content ?? '').trim();
  const fromAttribute = parseDate(attribute, dates);
  const fromText = parseDate(inlineText(selection), dates);
  // `datetime="2023-11-20"` with "20 ноября 2023 года, 11:40" printed: the text knows the clock time.
  if (fromAttribute && fromText && /^\d{4}-\d{2}-\d{2}$/.test(attribute) && fromText.slice(0, 10) === fromAttribute.slice(0, 10)) return fromText;
  return fromAttribute ?? fromText;
}

/** The author named by a body paragraph matching `pattern`, if any. */
function authorFromLine(body: string, pattern: RegExp | undefined): string | null {
  if (!pattern) return null;
  for (const paragraph of body.split('\n\n')) {
    const name = pattern.exec(paragraph)?.[1];
    if (name && normaliseText(name)) return normaliseText(name);
  }
  return null;
}

/**
 * Drops the paragraphs that are page chrome: those the source names (`dropParagraphs`, e.g.
 * "Опубликован в разделах: …"), then whatever furniture trails the text on any site (calls to
 * follow a channel, share prompts, credits and "Источник:" lines, tags, author lines; see
 * {@link trimTrailingBoilerplate}).
 */
export function cleanBody(text: string, dropParagraphs: readonly RegExp[] = []): string {
  const kept = text
    .split('\n\n')
    .filter((paragraph) => !dropParagraphs.some((pattern) => pattern.test(paragraph)))
    .join('\n\n');
  return trimTrailingBoilerplate(kept);
}

/**
 * Parses an article page with the source's rules; when they do not match (no title or no body),
 * falls back to the generic extractor and flags the result `extractedBy: 'generic'`. Throws
 * `LayoutChangedError` only when neither finds a title and a body.
 */
export function parseArticlePage(html: string, rules: ArticleRules, ctx: ArticleContext): Article {
  const $ = loadHtml(html, { sourceId: ctx.sourceId, url: ctx.url });
  const url = ctx.canonicalUrl ?? canonicalLink($, ctx.url);
  const titleElement = firstMatch($, rules.title);
  const bodyElement = firstMatch($, rules.body);
  const title = titleElement ? inlineText(titleElement) : '';
  const dropped = rules.authorLine ? [...(rules.dropParagraphs ?? []), rules.authorLine] : rules.dropParagraphs;
  let rawBody = '';
  let bodyText = '';
  if (bodyElement) {
    const removed = new Set(rules.remove?.length ? bodyElement.find(rules.remove.join(', ')).toArray() : []);
    rawBody = blockText(bodyElement, removed);
    bodyText = cleanBody(rawBody, dropped);
  }
  if (title && bodyText) {
    const lead = firstMatch($, rules.lead);
    const leadText = lead ? blockText(lead).replace(/\n+/g, ' ') : '';
    const author = firstMatch($, rules.author);
    const authorText = author ? inlineText(author) : '';
    return {
      url,
      title,
      publishedAt: dateOf(firstMatch($, rules.date), ctx.dates) ?? parseDate(metaContent($, ['article:published_time']), ctx.dates),
      author: authorText || authorFromLine(rawBody, rules.authorLine),
      lead: normaliseText(leadText) || null,
      bodyText,
      tags: rules.tags ? distinctTexts($, firstMatch($, rules.tags) ?? $([])) : [],
      images: imageUrls($, bodyElement!, url),
      language: ctx.language,
      extractedBy: 'source',
    };
  }
  const generic = extractGenericArticle($, { url, dates: ctx.dates, language: ctx.language });
  if (generic) {
    return {
      ...generic,
      author: generic.author ?? authorFromLine(generic.bodyText, rules.authorLine),
      bodyText: cleanBody(generic.bodyText, dropped),
    };
  }
  throw new LayoutChangedError('article page matches neither the source layout nor the generic extractor', {
    sourceId: ctx.sourceId,
    url: ctx.url,
  });
}

/** The page's `<link rel=canonical>` when it stays on the fetched host; otherwise the fetched URL. */
function canonicalLink($: CheerioAPI, fetchedUrl: string): string {
  const fetched = absoluteUrl(fetchedUrl, fetchedUrl) ?? fetchedUrl;
  const canonical = absoluteUrl($('link[rel="canonical"]').first().attr('href'), fetched);
  return canonical && new URL(canonical).host === new URL(fetched).host ? canonical : fetched;
}
