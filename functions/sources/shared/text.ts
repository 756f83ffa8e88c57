import { decodeHTML } from 'entities';

/**
 * Characters that official sites scatter through titles (mos.ru: soft hyphens, word joiners,
 * zero-width spaces, BOMs) and that break any later matching: removed outright.
 */
const INVISIBLE = /[\u00AD\u2060\u200B\u200C\u200D\uFEFF\u180E]/g;
/** Every kind of space, the no-break space included, becomes one ordinary space. */
const SPACES = /[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g;
/** C0 controls except tab/newline/CR, and DEL: no text field may carry them (NUL breaks storage). */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Lone surrogates left by broken numeric character references: JSON and DynamoDB reject them. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Everything {@link normaliseText} removes, in one pass. */
const REMOVED = new RegExp(`${INVISIBLE.source}|${CONTROLS.source}|${LONE_SURROGATES.source}`, 'g');

/**
 * Normalises one line of text: invisible characters removed, controls and lone surrogates dropped,
 * every run of whitespace (U+00A0 included) collapsed to one space, trimmed.
 */
export function normaliseText(text: string): string {
  return text.replace(REMOVED, '').replace(SPACES, ' ').trim();
}

/**
 * Turns a fragment that may hold markup and entities (a feed title or description) into plain text:
 * tags removed, entities decoded (twice-escaped feeds such as `&amp;laquo;` included), normalised.
 */
export function fragmentToText(fragment: string): string {
  let text = fragment;
  // Some feeds escape their HTML twice; decoding once more is harmless for plain text.
  for (let pass = 0; pass < 2 && /[<&]/.test(text); pass++) {
    text = decodeHTML(stripTags(text));
  }
  return normaliseText(text);
}

/**
 * Cuts every `open … close` block out of `text` (or keeps its inside, for CDATA) in one linear pass:
 * an unclosed block keeps the rest of the text, so hostile input cannot make this quadratic.
 */
function cutBlocks(text: string, open: RegExp, close: (match: RegExpExecArray) => string, keepInside: boolean): string {
  const lower = text.toLowerCase();
  const finder = new RegExp(open.source, 'gi');
  let out = '';
  let from = 0;
  for (let match = finder.exec(text); match; match = finder.exec(text)) {
    const closing = close(match);
    const end = lower.indexOf(closing, match.index + match[0].length);
    if (end < 0) break;
    out += `${text.slice(from, match.index)} ${keepInside ? text.slice(match.index + match[0].length, end) : ''} `;
    // `</script` may carry spaces before its `>`: skip to it.
    const closeEnd = closing.endsWith('>') ? end + closing.length : lower.indexOf('>', end) + 1 || text.length;
    from = closeEnd;
    finder.lastIndex = from;
  }
  return out + text.slice(from);
}

/** Removes tags, comments, scripts, styles and CDATA wrappers from a fragment without building a tree. */
export function stripTags(fragment: string): string {
  let text = cutBlocks(fragment, /<!\[CDATA\[/, () => ']]>', true);
  text = cutBlocks(text, /<!--/, () => '-->', false);
  text = cutBlocks(text, /<(script|style)\b[^<>]*>/, (match) => `</${match[1]!.toLowerCase()}`, false);
  // `[^<>]` stops every attempt at the next `<`, so "<a<a<a…" without `>` stays linear.
  return text.replace(/<\/?(?:p|div|br|li|h[1-6]|tr|td|blockquote)\b[^<>]*>/gi, ' ').replace(/<\/?[a-zA-Z][^<>]*>/g, '');
}

/** What kind of page furniture a paragraph at the end of an article is. */
export type TrailerKind = 'call-to-action' | 'share' | 'credit' | 'tags' | 'author' | 'related' | 'copyright' | 'date' | 'print';

const WORD = /[\p{L}\p{N}]+/gu;
/** Names of the channels a call to action points to. */
const CHANNEL = String.raw`(?:telegram|телеграм\S*|channel|канал\S*|newsletter|рассылк\S*|дзен\S*|zen|vk|вк(?:онтакте)?|max|instagram|facebook|twitter|youtube|rutube|whatsapp|viber|app|приложени\S*|сообществ\S*|групп\S*|паблик\S*|social (?:media|networks)|соцсет\S*)`;
/** `\b` that knows Cyrillic: JavaScript's own `\b` sees only ASCII letters, even under the `u` flag. */
const BOUNDARY = String.raw`(?:(?<=[\p{L}\p{N}_])(?![\p{L}\p{N}_])|(?<![\p{L}\p{N}_])(?=[\p{L}\p{N}_]))`;
/** The same pattern with every `\b` made Unicode-aware (and the `u` flag set). */
export const unicodeWords = (pattern: RegExp): RegExp => new RegExp(pattern.source.replaceAll(String.raw`\b`, BOUNDARY), pattern.flags.includes('u') ? pattern.flags : `${pattern.flags}u`);

const TRAILERS: ReadonlyArray<[TrailerKind, RegExp]> = ([
  [
    'call-to-action',
    new RegExp(
      [
        // A consumed non-letter, not a lookbehind, before the first word: this runs at every position.
        String.raw`(?:^|[^\p{L}\p{N}_])(?:read|find|get|see|follow|more)\b.{0,60}\b(?:in|on|at|via)\s+(?:our|the|my)\s+(?:\S+\s+){0,2}${CHANNEL}`,
        String.raw`(?:^|[^\p{L}\p{N}_])(?:subscribe|follow us|join us|sign up)\b.{0,60}`,
        String.raw`(?:подпис(?:ыв)?айтесь|подписаться|присоединяйтесь|следите за|читайте нас|смотрите нас|больше (?:новостей|интересного|материалов)|все новости)\b.{0,80}`,
        String.raw`(?:читайте|смотрите|узнавайте|новости|подробности)\s.{0,40}(?:в|на)\s+(?:нашем|нашей|официальном|официальной)?\s*${CHANNEL}`,
      ].join('|'),
      'iu',
    ),
  ],
  ['share', /^(?:share|поделит[ье]с[яь]|поделиться|рассказать друзьям)\b|^понравил(?:ась|ся|ось|ись)\s+(?:статья|материал|новость|публикация)/iu],
  ['credit', /^(?:источник|source|по материалам|по информации|фото(?:графи[яи])?|photo(?:s|graph)?|image|picture|изображение|иллюстраци[яи]|credits?|видео|video)\s*(?:[:：—–-]|предоставлен|by\b)/iu],
  ['tags', /^(?:теги|метки|тэги|tags|topics|рубрик[аи]|категори[яи]|ключевые слова|keywords)\s*[:：]|^#[\p{L}\p{N}_]/iu],
  ['author', /^(?:[Aa]uthor|[Аа]втор(?: текста)?|[Тт]екст|[Bb]y|[Ww]ritten by|[Пп]одготовил[аи]?|[Кк]орреспондент)\s*[:：]?\s*\p{Lu}\p{L}*(?:\s+\p{Lu}\.?\p{L}*){0,3}\s*$/u],
  ['related', /^(?:read also|read more|see also|related(?: articles| stories| news)?|also read|читайте также|смотрите также|по теме|новости по теме|другие новости|материалы по теме|похожие (?:новости|материалы))\b/iu],
  ['copyright', /^(?:©|\(c\)\s)|all rights reserved|все права (?:защищены|сохранены)|при (?:использовании|цитировании|перепечатке|копировании)\b.{0,80}\bссылк/iu],
  ['date', /^(?:дата (?:публикации|создания|изменения|обновления)|последнее (?:обновление|изменение)|опубликовано|обновлено|изменено|updated|published|last (?:updated|modified))\b\s*[:：]?/iu],
  ['print', /^(?:версия для печати|распечатать|печать|print(?: this)?(?: page| article| story)?)$/iu],
] as Array<[TrailerKind, RegExp]>).map(([kind, pattern]) => [kind, unicodeWords(pattern)]);
/** Paragraphs longer than this are text, whatever they mention. */
const MAX_TRAILER_WORDS = 30;

/**
 * Classifies one paragraph as page furniture that trails an article (a call to follow a channel,
 * a share prompt, a photo credit or "Источник:" line, tags, an author line, related links, a
 * copyright or date line), in Russian or English; null when it reads as text.
 */
export function trailerKind(paragraph: string): TrailerKind | null {
  const text = normaliseText(paragraph);
  const words = text.match(WORD)?.length ?? 0;
  if (words === 0 || words > MAX_TRAILER_WORDS) return null;
  for (const [kind, pattern] of TRAILERS) if (pattern.test(text)) return kind;
  return null;
}

/** A short line without sentence punctuation ("Made in Russia // Made in Russia"): a signature once the text is over. */
function isSignature(paragraph: string): boolean {
  const words = paragraph.match(WORD)?.length ?? 0;
  return words <= 8 && !/[.!?…]["'”»)]*$/.test(paragraph.trim());
}

/**
 * Removes the furniture that ends an article: walking back from the last paragraph over
 * {@link trailerKind} paragraphs and short signature lines, it cuts from the first furniture
 * paragraph of that run (a signature line above it is kept: it may be the text's last line).
 * Paragraphs are separated by blank lines, as in `bodyText`.
 */
export function trimTrailingBoilerplate(text: string): string {
  const paragraphs = text.split(/\n\s*\n/);
  let cut = paragraphs.length;
  for (let i = paragraphs.length - 1; i >= 0; i--) {
    const paragraph = paragraphs[i]!;
    if (!paragraph.trim()) continue;
    if (trailerKind(paragraph)) cut = i;
    else if (!isSignature(paragraph)) break;
  }
  // Never leave an article empty: furniture alone means the page is all furniture, not no text.
  if (cut === 0) return text;
  return paragraphs.slice(0, cut).join('\n\n').trim();
}

/** An article read from the text of a saved page (see {@link readSavedPage}). */
export interface SavedPage {
  title: string;
  /** Paragraphs separated by blank lines, page furniture removed. */
  body: string;
  /** The name on a trailing "Author: …" / "Автор: …" line, if any. */
  author: string | null;
  /** The rubric and breadcrumb lines over the headline ({@link sectionOf}), or null. */
  section: string | null;
}

/** A line that reads as a headline: five words or more (site names, menus and section links are shorter). */
const HEADLINE_WORDS = 5;

/**
 * Reads the text of a saved web page (what a browser's "save as text" or a copy of the page gives,
 * as the seed article is): short chrome lines before the headline are skipped, the headline is the
 * first line of {@link HEADLINE_WORDS} words or more, every following line is a paragraph, and the
 * furniture that trails the text is removed ({@link trimTrailingBoilerplate}), its author line kept
 * as the author. Null when the text has no line at all.
 */
export function readSavedPage(text: string): SavedPage | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(normaliseText).filter(Boolean);
  if (lines.length === 0) return null;
  const titleIndex = Math.max(0, lines.findIndex((line) => (line.match(WORD)?.length ?? 0) >= HEADLINE_WORDS));
  const rest = lines.slice(titleIndex + 1);
  const body = trimTrailingBoilerplate(rest.join('\n\n'));
  const trailer = rest.slice(body ? body.split('\n\n').length : 0);
  return { title: lines[titleIndex]!, body, author: authorOfTrailer(trailer), section: sectionOf(lines.slice(0, titleIndex)) };
}

/** Most characters a section line keeps: longer lines over a headline are a menu, not a rubric. */
const MAX_SECTION_CHARS = 160;

/**
 * What a copied page shows of where it files the item: the lines over its headline that carry no digit
 * (rubrics, breadcrumbs, an outlet's name with its section: 'Мнение', 'Главная › Новости', 'ROSSIYSKAYA
 * GAZETA Opinion'; date lines, widgets and credits are left out), joined by ' · '; null when none.
 */
export function sectionOf(lines: readonly string[]): string | null {
  const kept = lines.map(normaliseText).filter((line) => line && !/\d/u.test(line) && !HEAD_CHROME.test(line) && !trailerKind(line));
  const section = kept.join(' · ');
  return section && section.length <= MAX_SECTION_CHARS ? section : null;
}

/**
 * The name on the first author line ("Author: Natalia Alyoshina", "Автор: …", "By …") among
 * paragraphs that trail an article; null when none is one. The byline is furniture of the body
 * but the record's `author`.
 */
export function authorOfTrailer(paragraphs: readonly string[]): string | null {
  const line = paragraphs.find((paragraph) => trailerKind(paragraph) === 'author');
  return line ? normaliseText(line.replace(/^[^:：]*[:：]\s*|^(?:[Bb]y|[Ww]ritten by)\s+/u, '')) || null : null;
}

/** Words of a date or time line: months, weekdays, "г.", "мск", "am/pm" (in Russian and English). */
const DATE_WORD = unicodeWords(
  /^(?:январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья]|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|г|года?|мск|utc|gmt|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm)$/iu,
);
/** Chrome that only a saved page's head carries: advertising, currency and weather widgets, accessibility settings, syndication credits, neighbouring-post links. */
const HEAD_CHROME = unicodeWords(
  /^(?:баннер|реклама|курсы? валют|курс\s*[:：]|погода|версия для слабовидящих|display settings|text size|colou?r scheme|предыдущая запись|следующая запись|предложить новость|translated by|post supported by|skip to (?:main )?content|перейти к (?:основному )?содержани|главная\b.{0,40}\bновости$|home$)|^\S+ рекомендует$|^(?:official|официальный)\s+(?:web\s*site|website|site|portal|сайт|портал|интернет-портал)\b|^источник (?:снимка|фото|изображения)\s*[:：]/iu,
);

/** The nouns a body's name opens with ('Министерство финансов Республики Башкортостан', 'Agency for Strategic Initiatives'). */
const BODY_NOUN_RU = /^(?:министерство|правительство|администрация|агентство|департамент|комитет|управление|законодательное|государственное|государственный|пресс-служба|мэрия|аппарат|народное|городская|областная)$/iu;
const BODY_NOUN_EN = /^(?:president|government|ministry|agency|administration|office|department|mayor|press)$/iu;
/** The lower-case words an English body's name holds ('Agency for Strategic Initiatives', 'President of Russia'). */
const BODY_NAME_SMALL_EN = new Set(['of', 'for', 'the', 'and']);
/** A lower-case Russian word shaped like a verb or a participle's short form: no body's name holds one. */
const VERB_SHAPED = /(?:л|ла|ло|ли|ет|ёт|ит|ут|ют|ят|ат|ся|сь|ть)$/u;

/**
 * A line that is nothing but a body's name, as a copied page opens with its site's name ('Правительство
 * Челябинской области', 'President of Russia'): short, no digits, no punctuation of a sentence or a
 * headline's colon, a body's noun first; in Russian no lower-case word shaped like a verb, in English every
 * word capitalised but 'of', 'for', 'the', 'and' (and one of 'of' or 'for', so that a headline in title case is not one).
 */
function isBodyNameLine(text: string): boolean {
  if (/[\d.!?…:;,«»"“”()]/u.test(text)) return false;
  const words = text.match(/[\p{L}-]+/gu) ?? [];
  if (words.length < 2 || words.length > 7) return false;
  const first = words[0]!.toLowerCase() === 'the' ? words[1]! : words[0]!;
  if (BODY_NOUN_RU.test(first)) return words.slice(1).every((word) => /^\p{Lu}/u.test(word) || !VERB_SHAPED.test(word));
  if (BODY_NOUN_EN.test(first)) return words.some((word) => word === 'of' || word === 'for') && words.every((word) => /^\p{Lu}/u.test(word) || BODY_NAME_SMALL_EN.has(word));
  return false;
}

/**
 * Whether a line at the head of a plain text is chrome rather than its headline: a widget, a
 * rubric or menu item (two words at most, or items joined by `|`, `·`, `/`, `•`), a city in
 * capitals, a dateline or date/time line ("БЕЛГОРОД, 14 марта.", "19 августа 2025, 22:06"), a site's
 * name ("President of Russia", "Правительство Челябинской области"), or furniture {@link trailerKind}
 * knows (a photo credit, a share prompt).
 */
export function isHeadChrome(line: string): boolean {
  const text = normaliseText(line).replace(/^[•·*–—-]\s*/u, '');
  if (!text) return true;
  // A line that opens a parenthesis it does not close runs on into the next: text ('(KZN.RU,').
  if ((text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0)) return false;
  if (HEAD_CHROME.test(text) || trailerKind(text) || isBodyNameLine(text)) return true;
  const words = text.match(WORD) ?? [];
  if (words.length <= 2 && !/[.!?…:]["'”»)]*$/u.test(text)) return true;
  // Menu or breadcrumb items: every part short.
  const parts = text.split(/\s+[|·•/›»>]\s+|\s*[|·•›]\s*/u).filter((part) => part.trim());
  if (parts.length > 1 && parts.every((part) => (part.match(WORD)?.length ?? 0) <= 3)) return true;
  // A date, a time, a place in capitals: what is left after dates and numbers is a place or nothing.
  const rest = words.filter((word) => !/^\d+$/u.test(word) && !DATE_WORD.test(word));
  if (rest.length < words.length && rest.length <= 2 && /\d/u.test(text) && text.length <= 60) return true;
  if (words.length <= 4 && text === text.toUpperCase() && /\p{Lu}{3}/u.test(text) && !/[.!?…]$/u.test(text)) return true;
  return false;
}

const wordCount = (line: string): number => line.match(WORD)?.length ?? 0;
/** A line that ends a sentence (a lead, a paragraph), which a headline does not. */
const SENTENCE_END = /[.!?…]["'»”)]*$/u;
/** Words of a site's or an outlet's name line over a headline, at most. */
const SITE_NAME_WORDS = 4;
/** A Russian verb in the past or present: a short line with one is a headline ('Парклеты уходят в регионы'), not a site's name. */
const HAS_VERB = /(?<![\p{L}])[а-яё]{3,}(?:л|ла|ло|ли|лся|лась|лись|ет|ит|ут|ют|ят|ат|ется|ится|ются|ятся|утся|атся)(?![\p{L}])/u;
/** A writer's name and a comma opening a line ('Марина Кольцова, эксперт …'): an author line, not a headline. */
const AUTHOR_FIRST = /^\p{Lu}\p{Ll}+\s+\p{Lu}\p{Ll}+,/u;
/** Lines (blank ones counted) between such a name and the headline under it, at most. */
const SITE_NAME_REACH = 6;

/** How many lines of a plain text's head may be chrome before the headline is given up for the first line. */
const MAX_HEAD_CHROME = 12;
/** Longer lines are paragraphs, not headlines. */
const MAX_HEADLINE_WORDS = 30;

/**
 * Reads a plain text whose headline comes first, as a copy of a news page does, except for the
 * chrome that may precede it (rubrics, dates, widgets, breadcrumbs: {@link isHeadChrome}): the title is the
 * first line that is not chrome (the first line when the whole head is), or the headline under a site's or
 * an outlet's name line, a repeat of it right after it (a page's title and its h1) is dropped, and the rest
 * is the body; the lines over the headline are its section ({@link sectionOf}).
 */
export function readPlainText(text: string): { title: string; body: string; section: string | null } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const filled = lines.map((line, index) => ({ line: line.trim(), index })).filter(({ line }) => line);
  if (filled.length === 0) return { title: '', body: '', section: null };
  const head = filled.slice(0, MAX_HEAD_CHROME).filter(({ line }) => !isHeadChrome(line));
  let found = head[0];
  // A site's or an outlet's name over the headline ('Столица на Онего', 'The Russian Government', 'Курганская
  // область. Официальный сайт'): a line of a few words with no stop, then a headline-shaped line (five words or
  // more, no stop at its end, no date first) before any paragraph.
  const next = head[1];
  if (found && next && wordCount(found.line) <= SITE_NAME_WORDS && !SENTENCE_END.test(found.line) && !HAS_VERB.test(found.line) && !found.line.includes('(') && next.index - found.index <= SITE_NAME_REACH) {
    const words = wordCount(next.line);
    if (words >= HEADLINE_WORDS && words <= MAX_HEADLINE_WORDS && !SENTENCE_END.test(next.line) && !/^[\d(]/u.test(next.line) && !AUTHOR_FIRST.test(next.line)) found = next;
  }
  // A paragraph is no headline: a text that opens with its lead after the chrome keeps its first line.
  const headline = found && wordCount(found.line) <= MAX_HEADLINE_WORDS ? found : filled[0]!;
  const title = headline.line;
  let from = headline.index + 1;
  while (from < lines.length && (!lines[from]!.trim() || normaliseText(lines[from]!) === normaliseText(title))) from += 1;
  return { title, body: lines.slice(from).join('\n').trim(), section: sectionOf(filled.filter(({ index }) => index < headline.index).map(({ line }) => line)) };
}
