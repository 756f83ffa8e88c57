import type { CheerioAPI, Cheerio } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import type { Article, Language } from '../../core/model.js';
import { parseDate, type DateContext } from './dates.js';
import { absoluteUrl, blockText, imageUrls, inlineText, loadHtml, metaContent } from './html.js';
import { fragmentToText, normaliseText } from './text.js';

/** What the generic extractor needs besides the page. */
export interface GenericContext {
  url: string;
  dates: DateContext;
  language?: Language;
}

/** Fields found in structured metadata; each is null when that layer does not say. */
interface Metadata {
  title: string | null;
  publishedAt: string | null;
  author: string | null;
  lead: string | null;
  body: string | null;
  tags: string[];
  images: string[];
}

const ARTICLE_TYPES = /^(?:News)?Article$|^(?:BlogPosting|Report|ReportageNewsArticle|AnalysisNewsArticle|WebPage)$/;
/** Containers whose class or id says they are page chrome, not the article. */
const CHROME = /comment|footer|sidebar|\bnav|menu|share|social|related|banner|promo|header|breadcrumb|subscribe|cookie|widget|advert|\bads?\b|popup|modal/i;
const CONTENT_HINT = /article|content|text|body|entry|post|story|news|main|read/i;
const MIN_BODY_CHARS = 80;

function empty(): Metadata {
  return { title: null, publishedAt: null, author: null, lead: null, body: null, tags: [], images: [] };
}

function personName(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') return normaliseText(first) || null;
  if (first && typeof first === 'object' && typeof (first as { name?: unknown }).name === 'string') {
    return normaliseText((first as { name: string }).name) || null;
  }
  return null;
}

function stringList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return values.filter((item): item is string => typeof item === 'string').map((item) => normaliseText(item)).filter(Boolean);
}

function imageList(value: unknown, base: string): string[] {
  const values = Array.isArray(value) ? value : [value];
  const urls: string[] = [];
  for (const item of values) {
    const raw = typeof item === 'string' ? item : item && typeof item === 'object' ? (item as { url?: unknown }).url : null;
    const url = typeof raw === 'string' ? absoluteUrl(raw, base) : null;
    if (url && !urls.includes(url)) urls.push(url);
  }
  return urls;
}

/** Article-like objects of every JSON-LD block, `@graph` arrays included (iterative, no recursion). */
function jsonLdArticles($: CheerioAPI): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  $('script[type="application/ld+json"]').each((_, script) => {
    let data: unknown;
    try {
      data = JSON.parse($(script).text());
    } catch {
      return;
    }
    const queue: unknown[] = [data];
    for (let visited = 0; queue.length > 0 && visited < 1000; visited++) {
      const node = queue.shift();
      if (Array.isArray(node)) queue.push(...node);
      else if (node && typeof node === 'object') {
        const object = node as Record<string, unknown>;
        const types = Array.isArray(object['@type']) ? object['@type'] : [object['@type']];
        if (types.some((type) => typeof type === 'string' && ARTICLE_TYPES.test(type))) found.push(object);
        if (object['@graph']) queue.push(object['@graph']);
      }
    }
  });
  // A NewsArticle says more than the WebPage that wraps it.
  return found.sort((a, b) => Number(String(a['@type']) === 'WebPage') - Number(String(b['@type']) === 'WebPage'));
}

function fromJsonLd($: CheerioAPI, ctx: GenericContext): Metadata {
  const meta = empty();
  for (const item of jsonLdArticles($)) {
    meta.title ??= typeof item.headline === 'string' ? fragmentToText(item.headline) || null : typeof item.name === 'string' ? fragmentToText(item.name) || null : null;
    meta.publishedAt ??= typeof item.datePublished === 'string' ? parseDate(item.datePublished, ctx.dates) : null;
    meta.author ??= personName(item.author);
    meta.lead ??= typeof item.description === 'string' ? fragmentToText(item.description) || null : null;
    meta.body ??= typeof item.articleBody === 'string' ? fragmentToText(item.articleBody.replace(/\n\s*\n/g, '</p><p>')) || null : null;
    if (meta.tags.length === 0) meta.tags = stringList(item.keywords);
    if (meta.images.length === 0) meta.images = imageList(item.image, ctx.url);
  }
  return meta;
}

function fromOpenGraph($: CheerioAPI, ctx: GenericContext): Metadata {
  const meta = empty();
  meta.title = metaContent($, ['og:title', 'twitter:title']);
  meta.publishedAt = parseDate(metaContent($, ['article:published_time', 'og:article:published_time', 'pubdate', 'date']), ctx.dates);
  meta.author = metaContent($, ['article:author', 'author']);
  if (meta.author && /^https?:/.test(meta.author)) meta.author = null;
  meta.lead = metaContent($, ['og:description', 'twitter:description']);
  $('meta[property="article:tag"]').each((_, tag) => {
    const value = normaliseText($(tag).attr('content') ?? '');
    if (value && !meta.tags.includes(value)) meta.tags.push(value);
  });
  const image = absoluteUrl(metaContent($, ['og:image', 'twitter:image']), ctx.url);
  if (image) meta.images.push(image);
  return meta;
}

function itempropValue($: CheerioAPI, scope: Cheerio<AnyNode>, prop: string): string | null {
  const element = scope.find(`[itemprop~="${prop}"]`).first();
  if (element.length === 0) return null;
  const value = element.attr('content') ?? element.attr('datetime') ?? inlineText(element);
  return normaliseText(value) || null;
}

function fromMicrodata($: CheerioAPI, ctx: GenericContext): Metadata {
  const meta = empty();
  const scope = $('[itemtype*="schema.org/NewsArticle"], [itemtype*="schema.org/Article"], [itemtype*="schema.org/BlogPosting"]').first();
  if (scope.length === 0) return meta;
  meta.title = itempropValue($, scope, 'headline');
  meta.publishedAt = parseDate(itempropValue($, scope, 'datePublished'), ctx.dates);
  const author = scope.find('[itemprop~="author"]').first();
  meta.author = author.length ? itempropValue($, author, 'name') ?? (normaliseText(author.attr('content') ?? inlineText(author)) || null) : null;
  meta.lead = itempropValue($, scope, 'description');
  const body = scope.find('[itemprop~="articleBody"]').first();
  meta.body = body.length ? blockText(body) || null : null;
  return meta;
}

function classAndId(element: Element): string {
  return `${element.attribs.class ?? ''} ${element.attribs.id ?? ''}`;
}

/**
 * Readability-style scoring: each paragraph of real prose credits its parent and, at half weight,
 * its grandparent; chrome-like class names and link-heavy containers lose. Returns the best container.
 */
function bestContainer($: CheerioAPI): Cheerio<Element> | null {
  const scores = new Map<Element, number>();
  $('p, div > br, pre, td, blockquote').each((_, node) => {
    const element = node.name === 'br' ? (node.parent as Element | null) : node;
    if (!element || element.type !== 'tag') return;
    const text = inlineText($(element));
    if (text.length < 25) return;
    const score = 1 + (text.match(/[,，]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3);
    const parent = element.name === 'p' ? (element.parent as Element | null) : element;
    if (parent?.type === 'tag') scores.set(parent, (scores.get(parent) ?? 0) + score);
    const grandparent = parent?.parent as Element | null | undefined;
    if (grandparent?.type === 'tag') scores.set(grandparent, (scores.get(grandparent) ?? 0) + score / 2);
  });
  let best: Element | null = null;
  let bestScore = 0;
  for (const [element, raw] of scores) {
    const hints = classAndId(element);
    let score = raw;
    if (CHROME.test(hints)) score *= 0.2;
    if (CONTENT_HINT.test(hints) || element.name === 'article' || element.name === 'main') score *= 1.25;
    const text = inlineText($(element)).length || 1;
    const linkText = $(element).find('a').toArray().reduce((sum, a) => sum + inlineText($(a)).length, 0);
    score *= 1 - Math.min(linkText / text, 0.9);
    if (score > bestScore) {
      best = element;
      bestScore = score;
    }
  }
  return best ? $(best) : null;
}

function bodyOf($: CheerioAPI, container: Cheerio<AnyNode>): string {
  const skipped = new Set<AnyNode>(container.find('script, style, nav, aside, footer, form, noscript, iframe, h1').toArray());
  container.find('[class], [id]').each((_, element) => {
    if (element.type === 'tag' && CHROME.test(classAndId(element)) && !CONTENT_HINT.test(classAndId(element))) skipped.add(element);
  });
  return blockText(container, skipped);
}

/**
 * The page's own title: its `h1`; else a heading that the document title starts with; else the
 * document title without a trailing " — Site name".
 */
function pageTitle($: CheerioAPI): string | null {
  const h1 = inlineText($('h1'));
  if (h1) return h1;
  const documentTitle = normaliseText($('title').first().text());
  for (const heading of $('h2, h3').toArray().slice(0, 20)) {
    const text = inlineText($(heading));
    if (text.length >= 10 && documentTitle.startsWith(text)) return text;
  }
  return documentTitle.replace(/\s+[—–|-]\s+[^—–|]{2,60}$/, '') || null;
}

/** The first of a few elements named like a date (`news-date`, `e-date`, `article__time`) whose text is one. */
function datedElement($: CheerioAPI, dates: DateContext): string | null {
  for (const element of $('[class*="date" i], [class*="time" i], [id*="date" i]').toArray().slice(0, 8)) {
    const text = inlineText($(element));
    const date = text.length <= 60 ? parseDate(text, dates) : null;
    if (date) return date;
  }
  return null;
}

/**
 * Extracts an article from any page: JSON-LD first, then OpenGraph, then schema.org microdata,
 * then the page itself (`h1`, `<time>`, readability-style scoring for the body). Returns null when
 * no title or no body can be found. The result is flagged `extractedBy: 'generic'`.
 */
export function extractGenericArticle(html: string | CheerioAPI, ctx: GenericContext): Article | null {
  const $ = typeof html === 'string' ? loadHtml(html) : html;
  const layers = [fromJsonLd($, ctx), fromOpenGraph($, ctx), fromMicrodata($, ctx)];
  const pick = <K extends keyof Metadata>(key: K): Metadata[K] | null => {
    for (const layer of layers) {
      const value = layer[key];
      if (Array.isArray(value) ? value.length > 0 : value !== null) return value;
    }
    return null;
  };
  const title = pick('title') ?? pageTitle($);
  const timeElement = $('time[datetime]').first();
  const publishedAt =
    pick('publishedAt') ?? parseDate(timeElement.attr('datetime'), ctx.dates) ?? parseDate(inlineText($('time')), ctx.dates) ?? datedElement($, ctx.dates);
  const container = bestContainer($);
  let body = pick('body');
  if (!body || body.length < MIN_BODY_CHARS) {
    const scored = container ? bodyOf($, container) : '';
    if (scored.length > (body?.length ?? 0)) body = scored;
  }
  if (!title || !body || body.length < MIN_BODY_CHARS) return null;
  const images = pick('images') ?? (container ? imageUrls($, container, ctx.url) : []);
  return {
    url: ctx.url,
    title,
    publishedAt,
    author: pick('author'),
    lead: pick('lead'),
    bodyText: body,
    tags: pick('tags') ?? [],
    images,
    ...(ctx.language ? { language: ctx.language } : {}),
    extractedBy: 'generic',
  };
}
