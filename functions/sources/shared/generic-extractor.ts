import type { CheerioAPI } from 'cheerio/slim';
import type { AnyNode, Element } from 'domhandler';
import type { Article, Language } from '../../core/model.js';
import { blockFeatures, blockProbabilities, type BodyModel } from './body-classifier.js';
import model from './body-model.json' with { type: 'json' };
import { parseDate, type DateContext } from './dates.js';
import { absoluteUrl, blockText, imageUrls, inlineText, loadHtml, metaContent, metaIndex } from './html.js';
import { segmentBlocks, type TextBlock } from './page-blocks.js';
import { dateOfLine } from './printed-date.js';
import { authorOfTrailer, fragmentToText, normaliseText, trailerKind, trimTrailingBoilerplate } from './text.js';

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
  /** The article's section as the metadata names it ('Мнение', 'Opinion'). */
  section: string | null;
}

const ARTICLE_TYPES = /^(?:News)?Article$|^(?:BlogPosting|Report|ReportageNewsArticle|AnalysisNewsArticle|WebPage)$/;
const MICRODATA_TYPES = /schema\.org\/(?:NewsArticle|Article|BlogPosting)/;
const DATED = /date|time/i;
const MIN_BODY_CHARS = 80;

function empty(): Metadata {
  return { title: null, publishedAt: null, author: null, lead: null, body: null, tags: [], images: [], section: null };
}

/**
 * The elements the extractor looks at besides the text, found in one walk of the document (each
 * selector query would walk it again; on a news page that costs more than the parse).
 */
interface Landmarks {
  body: Element | null;
  documentTitle: Element | null;
  h1: Element | null;
  /** The first `h2`/`h3` elements, in document order. */
  headings: Element[];
  /** `time` elements, in document order. */
  times: Element[];
  /** The first elements whose class or id names a date or a time. */
  dated: Element[];
  jsonLd: Element[];
  microdata: Element | null;
  articleTags: string[];
  metas: Element[];
}

function landmarks(root: AnyNode): Landmarks {
  const found: Landmarks = { body: null, documentTitle: null, h1: null, headings: [], times: [], dated: [], jsonLd: [], microdata: null, articleTags: [], metas: [] };
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'script') {
      if ((node as Element).attribs.type?.trim().toLowerCase() === 'application/ld+json') found.jsonLd.push(node as Element);
      continue;
    }
    if (node.type !== 'tag' && node.type !== 'root') continue;
    if (node.type === 'tag') {
      const element = node as Element;
      const { attribs, name } = element;
      if (name === 'body') found.body ??= element;
      else if (name === 'title') found.documentTitle ??= element;
      else if (name === 'h1') found.h1 ??= element;
      else if ((name === 'h2' || name === 'h3') && found.headings.length < 20) found.headings.push(element);
      else if (name === 'time') found.times.push(element);
      else if (name === 'meta') {
        found.metas.push(element);
        if (attribs.property === 'article:tag' && attribs.content) {
          const tag = normaliseText(attribs.content);
          if (tag && !found.articleTags.includes(tag)) found.articleTags.push(tag);
        }
      }
      if (found.dated.length < 8 && ((attribs.class && DATED.test(attribs.class)) || (attribs.id && /date/i.test(attribs.id)))) found.dated.push(element);
      if (!found.microdata && attribs.itemtype && MICRODATA_TYPES.test(attribs.itemtype)) found.microdata = element;
    }
    const children = (node as Element).children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return found;
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

/** Text of a `<script>` element (its raw children). */
function scriptText(script: Element): string {
  return script.children.map((child) => ('data' in child ? String(child.data) : '')).join('');
}

/** Article-like objects of every JSON-LD block, `@graph` arrays included (iterative, no recursion). */
function jsonLdArticles(scripts: readonly Element[]): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (const script of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(scriptText(script));
    } catch {
      continue;
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
  }
  // A NewsArticle says more than the WebPage that wraps it.
  return found.sort((a, b) => Number(String(a['@type']) === 'WebPage') - Number(String(b['@type']) === 'WebPage'));
}

function fromJsonLd(scripts: readonly Element[], ctx: GenericContext): Metadata {
  const meta = empty();
  for (const item of jsonLdArticles(scripts)) {
    meta.title ??= typeof item.headline === 'string' ? fragmentToText(item.headline) || null : typeof item.name === 'string' ? fragmentToText(item.name) || null : null;
    meta.publishedAt ??= typeof item.datePublished === 'string' ? parseDate(item.datePublished, ctx.dates) : null;
    meta.author ??= personName(item.author);
    meta.lead ??= typeof item.description === 'string' ? fragmentToText(item.description) || null : null;
    meta.body ??= typeof item.articleBody === 'string' ? fragmentToText(item.articleBody.replace(/\n\s*\n/g, '</p><p>')) || null : null;
    if (meta.tags.length === 0) meta.tags = stringList(item.keywords);
    meta.section ??= stringList(item.articleSection).join(' · ') || null;
    if (meta.images.length === 0) meta.images = imageList(item.image, ctx.url);
  }
  return meta;
}

function fromOpenGraph($: CheerioAPI, found: Landmarks, ctx: GenericContext): Metadata {
  const meta = empty();
  meta.title = metaContent($, ['og:title', 'twitter:title']);
  meta.publishedAt = parseDate(metaContent($, ['article:published_time', 'og:article:published_time', 'pubdate', 'date']), ctx.dates);
  meta.author = metaContent($, ['article:author', 'author']);
  if (meta.author && /^https?:/.test(meta.author)) meta.author = null;
  meta.lead = metaContent($, ['og:description', 'twitter:description']);
  meta.tags = found.articleTags;
  meta.section = metaContent($, ['article:section', 'og:article:section']);
  const image = absoluteUrl(metaContent($, ['og:image', 'twitter:image']), ctx.url);
  if (image) meta.images.push(image);
  return meta;
}

/** The first element under `scope` (itself excluded) whose `itemprop` names `prop`; one iterative walk. */
function firstWithItemprop(scope: Element, prop: string): Element | null {
  const stack: AnyNode[] = [...scope.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') continue;
    const element = node as Element;
    const itemprop = element.attribs.itemprop;
    if (itemprop && itemprop.split(/\s+/).includes(prop)) return element;
    for (let i = element.children.length - 1; i >= 0; i--) stack.push(element.children[i]!);
  }
  return null;
}

function itempropValue($: CheerioAPI, scope: Element, prop: string): string | null {
  const element = firstWithItemprop(scope, prop);
  if (!element) return null;
  const value = element.attribs.content ?? element.attribs.datetime ?? inlineText($(element));
  return normaliseText(value) || null;
}

function fromMicrodata($: CheerioAPI, scope: Element | null, ctx: GenericContext): Metadata {
  const meta = empty();
  if (!scope) return meta;
  meta.title = itempropValue($, scope, 'headline');
  meta.publishedAt = parseDate(itempropValue($, scope, 'datePublished'), ctx.dates);
  const author = firstWithItemprop(scope, 'author');
  meta.author = author ? itempropValue($, author, 'name') ?? (normaliseText(author.attribs.content ?? inlineText($(author))) || null) : null;
  meta.lead = itempropValue($, scope, 'description');
  const body = firstWithItemprop(scope, 'articleBody');
  meta.body = body ? blockText([body]) || null : null;
  return meta;
}

/** Pop-ups inside the text (hover cards on names, tooltips) and text meant for screen readers only. */
const OVERLAY = /tooltip|popover|rollover|hover-?card|sr-only|screen-?reader|visually-?hidden/i;

function isOverlay(element: Element): boolean {
  const { class: className, id } = element.attribs;
  return (className !== undefined && OVERLAY.test(className)) || (id !== undefined && OVERLAY.test(id));
}

/** An inline element labelled as a date or time (`<span class="news-date-time">`): never part of a sentence. */
function isDateLabel(element: Element): boolean {
  const className = element.attribs.class;
  return className !== undefined && DATED.test(className);
}

/** The model shipped with the extractor (trained by `scripts/article-model.ts`). */
export const BODY_MODEL = model as BodyModel;

/** The article's text found by the block classifier, and the element that holds most of it. */
interface ClassifiedBody {
  text: string;
  container: Element | null;
  /** The name on an author line just after the text ("Author: …", "Автор: …"), trimmed from it. */
  author: string | null;
  /** The date printed between the headline and the text (`dateOfLine`), for a page that gives none in its markup. */
  date: string | null;
}

/** Blocks before the text searched for its date line when the headline is not among the blocks. */
const DATE_REACH = 3;

/** Blocks after the text searched for its author line: a byline sits right under the text. */
const BYLINE_REACH = 4;

/** Lower-cased, space-collapsed text, to compare a block with the title. */
const comparable = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** A line that only dates the article ("21 ноября 2023, 15:20", "Updated 5:31 PM ET, Nov 18, 2019"). */
function isDateLine(text: string, dates: DateContext): boolean {
  if (text.length > 60 || !/\d/.test(text) || text.split(' ').length > 10) return false;
  return trailerKind(text) === 'date' || parseDate(text, dates) !== null;
}

/**
 * The article's paragraphs: the page is cut into text blocks, each scored by the learned model
 * ({@link blockFeatures}: text and link density, sentence punctuation, tags, class/id hints, the
 * position against the densest container, the publisher's own `articleBody`). Of the blocks it
 * keeps, the headline and lines that only give the date are dropped, and calls to follow a
 * channel, share lines and credits that trail the text are trimmed ({@link trimTrailingBoilerplate}).
 */
function classifiedBody(page: PageBlocks, bodyModel: BodyModel, titles: readonly string[], dates: DateContext): ClassifiedBody {
  if (page.blocks.length === 0) return { text: '', container: null, author: null, date: null };
  const probabilities = blockProbabilities(page.features, bodyModel);
  const headlines = new Set(titles.map(comparable));
  const kept: TextBlock[] = page.blocks.filter(
    (block, i) => probabilities[i]! >= bodyModel.threshold && !headlines.has(comparable(block.text)) && !isDateLine(block.text, dates),
  );
  const joined = kept.map((block) => block.text).join('\n\n');
  const text = trimTrailingBoilerplate(joined);
  // The date line a page prints between its headline and its text (the text's first block included).
  const first = kept.length ? kept[0]!.index : -1;
  const headline = page.blocks.findIndex((block) => block.index <= first && headlines.has(comparable(block.text)));
  const between = first < 0 ? [] : page.blocks.slice(headline >= 0 ? headline + 1 : Math.max(0, first - DATE_REACH), first + 1);
  const date = between.map((block) => dateOfLine(block.text, dates)).find(Boolean) ?? null;
  // The trimmed trailer, then the few blocks the classifier left out right after the last kept one.
  const trimmed = joined.slice(text.length).split(/\n\s*\n/).filter(Boolean);
  const last = kept.length ? kept[kept.length - 1]!.index : -1;
  const after = page.blocks.slice(last + 1, last + 1 + BYLINE_REACH).map((block) => block.text);
  return { text, container: page.container, author: authorOfTrailer([...trimmed, ...after]), date };
}

/** A page's text blocks with their features, as the body classifier sees them. */
export interface PageBlocks {
  blocks: TextBlock[];
  features: number[][];
  container: Element | null;
}

/**
 * The page's own title: its `h1`; else a heading that the document title starts with; else the
 * document title without a trailing " — Site name".
 */
function pageTitle($: CheerioAPI, found: Landmarks): string | null {
  const h1 = found.h1 ? inlineText($(found.h1)) : '';
  if (h1) return h1;
  const documentTitle = found.documentTitle ? normaliseText(blockText([found.documentTitle])) : '';
  for (const heading of found.headings) {
    const text = inlineText($(heading));
    if (text.length >= 10 && documentTitle.startsWith(text)) return text;
  }
  return documentTitle.replace(/\s+[—–|-]\s+[^—–|]{2,60}$/, '') || null;
}

/** The first of a few elements named like a date (`news-date`, `e-date`, `article__time`) whose text is one. */
function datedElement($: CheerioAPI, found: Landmarks, dates: DateContext): string | null {
  for (const element of found.dated) {
    const text = inlineText($(element));
    const date = text.length <= 60 ? parseDate(text, dates) : null;
    if (date) return date;
  }
  return null;
}

function timeDate($: CheerioAPI, found: Landmarks, dates: DateContext): string | null {
  const withAttribute = found.times.find((time) => time.attribs.datetime !== undefined);
  return parseDate(withAttribute?.attribs.datetime, dates) ?? (found.times[0] ? parseDate(inlineText($(found.times[0])), dates) : null);
}

/** Metadata layers and landmarks of a parsed page. */
interface ParsedPage {
  $: CheerioAPI;
  root: AnyNode;
  found: Landmarks;
  pick: <K extends keyof Metadata>(key: K) => Metadata[K] | null;
  title: string | null;
}

function parsePage(html: string | CheerioAPI, ctx: GenericContext): ParsedPage {
  const $ = typeof html === 'string' ? loadHtml(html) : html;
  const root = $.root().get(0)!;
  const found = landmarks(root);
  metaIndex($, found.metas);
  const layers = [fromJsonLd(found.jsonLd, ctx), fromOpenGraph($, found, ctx), fromMicrodata($, found.microdata, ctx)];
  const pick = <K extends keyof Metadata>(key: K): Metadata[K] | null => {
    for (const layer of layers) {
      const value = layer[key];
      if (Array.isArray(value) ? value.length > 0 : value !== null) return value;
    }
    return null;
  };
  return { $, root, found, pick, title: pick('title') ?? pageTitle($, found) };
}

function blocksOf(page: ParsedPage): PageBlocks {
  const blocks = segmentBlocks(page.found.body ?? page.root, { skip: isOverlay, standalone: isDateLabel });
  const { features, container } = blockFeatures(blocks, { title: page.title, declaredBody: page.pick('body') });
  return { blocks, features, container };
}

/**
 * The text blocks of a page and the features the body classifier scores them by: what
 * `scripts/article-model.ts` trains the model on, computed exactly as the extractor computes them.
 */
export function articleBlocks(html: string | CheerioAPI, ctx: GenericContext): PageBlocks {
  return blocksOf(parsePage(html, ctx));
}

/** Options of {@link extractGenericArticle}. */
export interface GenericOptions {
  /** The block classifier; default {@link BODY_MODEL}. Training passes each fold's model to score held-out pages. */
  bodyModel?: BodyModel;
}

/** True when a text holds at least one sentence: a heading, a menu or a feed's bare titles hold none. */
const HAS_SENTENCE = /[\p{L}\p{N}»"”')][.!?…。！？](?:\s|["»”']|$)/u;

/**
 * Extracts an article from any page: JSON-LD first, then OpenGraph, then schema.org microdata,
 * then the page itself (`h1`, `<time>`, and the body from the learned block classifier; the
 * publisher's JSON-LD `articleBody` when the page shows no more than it). Returns null when no
 * title or no body (at least one sentence, 80 characters) can be found. The result is flagged
 * `extractedBy: 'generic'`.
 */
export function extractGenericArticle(html: string | CheerioAPI, ctx: GenericContext, options: GenericOptions = {}): Article | null {
  const page = parsePage(html, ctx);
  const { $, found, pick, title } = page;
  let body = pick('body');
  const h1 = found.h1 ? inlineText($(found.h1)) : '';
  const classified = classifiedBody(blocksOf(page), options.bodyModel ?? BODY_MODEL, [title ?? '', h1].filter(Boolean), ctx.dates);
  const publishedAt = pick('publishedAt') ?? timeDate($, found, ctx.dates) ?? datedElement($, found, ctx.dates) ?? classified.date;
  // The publisher's own articleBody is the text itself, unless the page shows more (a teaser).
  if (!body || classified.text.length > body.length * 1.1) body = classified.text;
  if (!title || !body || body.length < MIN_BODY_CHARS || !HAS_SENTENCE.test(body)) return null;
  const images = pick('images') ?? (classified.container ? imageUrls($, $(classified.container), ctx.url) : []);
  return {
    url: ctx.url,
    title,
    publishedAt,
    author: pick('author') ?? classified.author,
    lead: pick('lead'),
    bodyText: body,
    tags: pick('tags') ?? [],
    images,
    ...(ctx.language ? { language: ctx.language } : {}),
    ...(pick('section') ? { section: pick('section') } : {}),
    extractedBy: 'generic',
  };
}
