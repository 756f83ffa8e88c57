/**
 * The ingestion bench's replay set: for every registered source whose feeds carry the full text
 * (so that one fetch brings many articles and per-host politeness does not bound the rate),
 * feeds of many generated articles in that site's own markup (the same shapes as the recorded
 * fixtures under `test/sources/<id>/fixtures`), and its list pages linking the same articles.
 * Articles are assembled, deterministically from a seed, from the paragraphs of the project's own
 * labelled Russian texts (announcements and ordinary news alike).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** One document the bench's replay server answers with. */
export interface ReplayDocument {
  url: string;
  body: Buffer;
  contentType: string;
}

export interface ReplaySet {
  documents: ReplayDocument[];
  /**
   * The next edition of every feed and list page: one new article on top of each feed, the rest
   * unchanged (what an hourly poll of a live site mostly sees).
   */
  nextEdition: ReplayDocument[];
  /** The article URLs the next edition adds, per source. */
  nextArticles: Map<string, string[]>;
  /** The sources the set covers (registered ids). */
  sourceIds: string[];
  /** Every article URL a complete run must store exactly once, per source. */
  articles: Map<string, string[]>;
}

/** Deterministic PRNG (mulberry32), so every run of the bench sees the same texts. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface GeneratedArticle {
  title: string;
  lead: string;
  paragraphs: string[];
}

/**
 * The Russian texts of the project's labelled sets (`test/devset*`, written for this project):
 * their titles and paragraphs are the material the bench's articles are assembled from.
 */
function loadTexts(): Array<{ title: string; paragraphs: string[] }> {
  const texts: Array<{ title: string; paragraphs: string[] }> = [];
  for (const set of ['devset', 'devset-holdout', 'devset-blind']) {
    const dir = path.join(ROOT, 'test', set, 'texts');
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!name.startsWith('ru') || !name.endsWith('.txt')) continue;
      const [title, ...paragraphs] = readFileSync(path.join(dir, name), 'utf8').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
      if (title && paragraphs.length > 0) texts.push({ title, paragraphs });
    }
  }
  if (texts.length < 20) throw new Error('the bench needs the labelled texts under test/devset*/texts');
  return texts;
}

const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!;

/**
 * One article: a text's title and first paragraph, then three or four paragraphs of other texts,
 * every figure in them changed. Texts on one subject written from one set of paragraphs do come
 * close now and then: about 2% of a large set fall within the near-duplicate distance of another
 * and are merged into it, as republished items are.
 */
function generateArticle(texts: ReturnType<typeof loadTexts>, random: () => number, serial: number): GeneratedArticle {
  const main = pick(texts, random);
  const paragraphs = [main.paragraphs[0]!];
  const extra = 3 + Math.floor(random() * 2);
  for (let i = 0; i < extra; i += 1) paragraphs.push(pick(pick(texts, random).paragraphs, random));
  const renumbered = paragraphs.map((p) => p.replace(/\d+/g, (digits) => String(Math.max(1, Math.round(Number(digits) * (0.5 + random()))))));
  return { title: `${main.title} (№ ${serial})`, lead: renumbered[0]!.split('. ')[0]!.replace(/\.?$/, '.'), paragraphs: renumbered };
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const html = (article: GeneratedArticle) => article.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 822 date in the given fixed offset (`+0300`), as the sites' RSS prints it. */
function rssDate(epoch: number, offsetHours: number): string {
  const local = new Date(epoch + offsetHours * 3_600_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[local.getUTCDay()]}, ${pad(local.getUTCDate())} ${months[local.getUTCMonth()]} ${local.getUTCFullYear()} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00 +${pad(offsetHours)}00`;
}

/** ISO date with the offset the site prints (kremlin.ru still prints +04:00 on Moscow times). */
function isoDate(epoch: number, printedOffsetHours: number, clockOffsetHours: number): string {
  const local = new Date(epoch + clockOffsetHours * 3_600_000);
  return `${local.toISOString().slice(0, 19)}+${pad(printedOffsetHours)}:00`;
}

function rssFeed(options: { title: string; link: string; items: Array<{ url: string; article: GeneratedArticle; date: string }> }): string {
  const items = options.items
    .map(
      ({ url, article, date }) =>
        `<item>\n<title>${escapeXml(article.title)}</title>\n<link>${url}</link>\n<description>${escapeXml(article.lead)}</description>\n<pubDate>${date}</pubDate>\n<content:encoded><![CDATA[${html(article)}]]></content:encoded>\n</item>`,
    )
    .join('\n');
  return `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n<title>${escapeXml(options.title)}</title>\n<link>${options.link}</link>\n<description>${escapeXml(options.title)}</description>\n${items}\n</channel>\n</rss>\n`;
}

function atomFeed(options: { title: string; self: string; items: Array<{ url: string; article: GeneratedArticle; date: string }> }): string {
  const entries = options.items
    .map(
      ({ url, article, date }) =>
        `  <entry>\n    <title>${escapeXml(article.title)}</title>\n    <link href="${url}" rel="alternate"/>\n    <id>${url}</id>\n    <published>${date}</published>\n    <summary type="html">${escapeXml(article.lead)}</summary>\n    <content type="html">${escapeXml(`${html(article)}\n<p>Опубликован в разделах: Новости</p>`)}</content>\n  </entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru">\n  <title>${escapeXml(options.title)}</title>\n  <link href="${options.self}" rel="self"/>\n  <id>${options.self}</id>\n  <updated>2024-03-01T12:00:00+04:00</updated>\n${entries}\n</feed>\n`;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/**
 * Builds the set: `itemsPerFeed` articles in each full-text feed of kremlin-ru (two Atom feeds),
 * mosreg-ru, gov74-ru (windows-1251, as the site serves it) and bashkortostan-ru, plus the
 * mosreg-ru and bashkortostan-ru list pages, which link the newest 50 of the same articles.
 */
export function buildIngestReplaySet(options: { itemsPerFeed: number; seed?: number }): ReplaySet {
  const random = prng(options.seed ?? 20_251_203);
  const n = options.itemsPerFeed;
  const epoch = Date.UTC(2024, 2, 1, 9, 0);
  let serial = 1;
  const texts = loadTexts();
  // n + 1 items, newest first: the first one appears only in the next edition.
  const items = (url: (i: number) => string, date: (at: number) => string) =>
    Array.from({ length: n + 1 }, (_, i) => {
      const at = epoch - (i - 1) * 37 * 60_000;
      return { url: url(i), article: generateArticle(texts, random, serial++), date: date(at) };
    });
  type Item = ReturnType<typeof items>[number];
  const editions = { documents: [] as ReplayDocument[], nextEdition: [] as ReplayDocument[] };
  const articles = new Map<string, string[]>();
  const nextArticles = new Map<string, string[]>();
  const both = (build: (list: Item[]) => ReplayDocument, list: Item[]) => {
    editions.documents.push(build(list.slice(1)));
    editions.nextEdition.push(build(list));
  };
  const record = (sourceId: string, ...lists: Item[][]) => {
    articles.set(sourceId, lists.flatMap((list) => list.slice(1).map((i) => i.url)));
    nextArticles.set(sourceId, lists.map((list) => list[0]!.url));
  };

  // kremlin.ru: two Atom feeds with full text, plain HTTP, +04:00 printed on Moscow times.
  const kremlinAll = items((i) => `http://kremlin.ru/events/president/news/${80_000 + i}`, (at) => isoDate(at, 4, 3));
  const kremlinCouncil = items((i) => `http://kremlin.ru/events/state-council/${90_000 + i}`, (at) => isoDate(at, 4, 3));
  both((list) => ({ url: 'http://kremlin.ru/events/all/feed', contentType: 'application/atom+xml; charset=utf-8', body: utf8(atomFeed({ title: 'Президент России — Все материалы', self: 'http://kremlin.ru/events/all/feed', items: list })) }), kremlinAll);
  both((list) => ({ url: 'http://kremlin.ru/events/state-council/feed', contentType: 'application/atom+xml; charset=utf-8', body: utf8(atomFeed({ title: 'Президент России — Государственный Совет', self: 'http://kremlin.ru/events/state-council/feed', items: list })) }), kremlinCouncil);
  record('kremlin-ru', kremlinAll, kremlinCouncil);

  // mosreg.ru: RSS with content:encoded, and the news list page (link discovery).
  const mosreg = items((i) => `https://mosreg.ru/sobytiya/novosti/news-submoscow/novost-${100_000 + i}`, (at) => rssDate(at, 3));
  both((list) => ({ url: 'https://mosreg.ru/sobytiya/novosti?format=rss', contentType: 'application/rss+xml; charset=utf-8', body: utf8(rssFeed({ title: 'Правительство Московской области — Новости', link: 'https://mosreg.ru/sobytiya/novosti', items: list })) }), mosreg);
  both(
    (list) => ({
      url: 'https://mosreg.ru/sobytiya/novosti/news-submoscow',
      contentType: 'text/html; charset=utf-8',
      body: utf8(
        `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новости Подмосковья</title></head><body><div class="events">${list
          .slice(0, 50)
          .map(({ url, article }) => `<div class="event__content"><a href="${new URL(url).pathname}">${escapeXml(article.title)}</a><span class="event__date">1 марта 2024 г., 12:00</span></div>`)
          .join('\n')}</div><a href="/sobytiya/novosti/news-submoscow?page=2">Ещё</a></body></html>`,
      ),
    }),
    mosreg,
  );
  record('mosreg-ru', mosreg);

  // pravmin.gov74.ru: RSS in windows-1251, Yekaterinburg time.
  const gov74 = items((i) => `https://pravmin.gov74.ru/prav/news/ekonomika/2024/03/01/novost-${i}.htm`, (at) => rssDate(at, 5));
  both(
    (list) => ({
      url: 'https://pravmin.gov74.ru/prav/rss/news.htm',
      contentType: 'application/rss+xml; charset=windows-1251',
      body: iconv.encode(`<?xml version="1.0" encoding="windows-1251"?>\n${rssFeed({ title: 'Правительство Челябинской области', link: 'https://pravmin.gov74.ru/prav/news.htm', items: list })}`, 'windows-1251'),
    }),
    gov74,
  );
  record('gov74-ru', gov74);

  // bashkortostan.ru: RSS with content:encoded, and the news list page.
  const bashkortostan = items((i) => `https://bashkortostan.ru/presscenter/news/${700_000 + i}/`, (at) => rssDate(at, 5));
  both((list) => ({ url: 'https://bashkortostan.ru/presscenter/news/rss/', contentType: 'application/rss+xml; charset=utf-8', body: utf8(rssFeed({ title: 'Новости — Республика Башкортостан', link: 'https://bashkortostan.ru/presscenter/news/', items: list })) }), bashkortostan);
  both(
    (list) => ({
      url: 'https://bashkortostan.ru/presscenter/news/',
      contentType: 'text/html; charset=utf-8',
      body: utf8(
        `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Новости — Республика Башкортостан</title></head><body><div class="b-news-list">${list
          .slice(0, 50)
          .map(({ url, article }) => `<div class="b-news-list__item"><a class="b-news-list__title" href="${new URL(url).pathname}">${escapeXml(article.title)}</a><div class="b-news-list__date">01.03.2024, 12:00</div></div>`)
          .join('\n')}</div><div class="b-pager"><a href="/presscenter/news/?PAGEN_1=2">Далее</a></div></body></html>`,
      ),
    }),
    bashkortostan,
  );
  record('bashkortostan-ru', bashkortostan);

  return { documents: editions.documents, nextEdition: editions.nextEdition, sourceIds: [...articles.keys()], articles, nextArticles };
}
