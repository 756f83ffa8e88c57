import catalogue from '../catalogues/furniture.json' with { type: 'json' };
import names from '../catalogues/first-names.json' with { type: 'json' };
import { ISSUE_LINE, STAMP_FIRST_HEADER } from './copy-lines.js';

/**
 * Page furniture: datelines ("МОСКВА, 5 дек — РИА Новости."), date and widget lines ("Москва 18 мая
 * ‘24"), photo and source credits ("Фото: Иван Петров, «Вечерняя Москва»"), bylines and source lines
 * ("Originally published by: Moscow Government"). They name places, people and bodies that the news
 * is not about, so EXTRACTION.md does not count them. Found by shape, not by the names in them:
 * {@link maskFurniture} blanks them out of the text the entity finders read, keeping every offset.
 */

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s+');
const alternation = (phrases: readonly string[]): string =>
  [...phrases].sort((a, b) => b.length - a.length).map(escape).join('|');

/** Month names and abbreviations, either letter case at the start ('Мая', 'June', 'дек'). */
const MONTH = `(?:${[
  'январ', 'феврал', 'март', 'апрел', 'май', 'мая', 'мае', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр', 'янв', 'фев', 'мар', 'апр', 'авг', 'сен', 'окт', 'ноя', 'дек',
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]
  .map((stem) => `[${stem[0]!.toUpperCase()}${stem[0]}]${stem.slice(1)}`)
  .join('|')})\\p{Ll}*\\.?`;
/** '5 дек', '18 мая ‘24', 'June 29', 'September 25, 2021', '26.09.2025'. */
const DATE = `(?:\\d{1,2}\\s+${MONTH}(?:\\s*['’‘]?\\d{2,4})?|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s*\\d{4})?|\\d{1,2}\\.\\d{1,2}\\.\\d{2,4})`;
const DATE_RE = new RegExp(DATE, 'iu');
/** A place word of a dateline: capitalised, maybe hyphenated or of two or three words. */
const PLACE = "\\p{Lu}[\\p{L}.'’-]*(?:\\s\\p{Lu}[\\p{L}.'’-]*){0,2}";
/**
 * After the date: '— РИА Новости.', '. /ТАСС/.', '- ПРАЙМ.' (the agency, whatever it is): at most
 * three words closed by a stop or the line's end. A longer run is the lead's first sentence
 * ('КЕМЕРОВО, 14 окт — Министр экономического развития Российской Федерации …'), whose bodies and
 * places count.
 */
const AGENCY_TAIL = '(?:\\s*\\d{1,2}:\\d{2})?(?:\\s*\\.?\\s*\\/[^/\\n]{1,30}\\/\\.?|\\s*[—–-][ \\t]*[^\\s.]{1,25}(?:[ \\t]+[^\\s.]{1,25}){0,2}[ \\t]*(?:\\.|$))?';
/** A dateline opening a line, in any letter case: 'Кремль, Москва, 26.09.2025', 'PERM, March 3'. */
const DATELINE_START = new RegExp(`^[\\s(]*${PLACE}(?:\\s*,\\s*${PLACE}){0,2}\\s*,\\s*${DATE}${AGENCY_TAIL}`, 'u');
/**
 * A place in capitals and a dash opening a line, with no date, a sentence after it: 'MOSCOW — All
 * regions …', 'КАЗАНЬ – Татарстан …'. Four letters at least, so that 'АСИ — Агентство …' stays text.
 */
/** At a line start, a place in capitals and a period before the date: 'MOSCOW. Oct 6 (Interfax)', 'МОСКВА. 6 октября. /ТАСС/.', 'ST. PETERSBURG. June 6 (Interfax)'. */
const DATELINE_CAPS_PERIOD = new RegExp(`^[\\s(]*(?:\\p{Lu}{1,3}\\.\\s?)?\\p{Lu}{3,}(?:[ -]\\p{Lu}{2,}){0,2}\\.\\s*${DATE}${AGENCY_TAIL}`, 'u');
const DATELINE_CAPS_DASH = /^[\s(]*\p{Lu}{4,}(?:[ -]\p{Lu}{2,}){0,2}[ \t]+[—–][ \t]+(?=\p{Lu})/u;
/** Interfax's form: the place, the date and the agency in capitals, each closed by a period: 'Москва. 25 января. ИНТЕРФАКС - …'. */
const DATELINE_PERIODS = new RegExp(`^[\\s(]*${PLACE}\\.\\s*${DATE}\\.\\s*\\p{Lu}{3,}(?:[ .-]\\p{Lu}{2,}){0,2}\\s*[—–-]`, 'u');
/** Mid-line, only a place in capitals opens a dateline ('…2020МОСКВА, 26 дек — РИА Новости'). */
const DATELINE_CAPS = new RegExp(`(?<!\\p{L})\\p{Lu}{3,}(?:[ -]\\p{Lu}{2,}){0,2}\\s*,\\s*${DATE}${AGENCY_TAIL}`, 'gu');

const CREDIT = new RegExp(`(?<![\\p{L}])(?:${alternation(catalogue.credits)})\\s*(?::|©|—|–|-\\s)|©`, 'giu');
/** A cheap test before {@link CREDIT}: does the line hold a credit word at all? */
const CREDIT_HINT = /фото|снимок|иллюстр|коллаж|кадр|видео|photo|image|picture|credit|©/i;
const LABEL_LINE = new RegExp(`^\\s*(?:${alternation(catalogue.labels)})\\s*(?::|—|–)`, 'iu');
/**
 * A messenger's copy of its posts: the channel and the post's time in brackets ('Олег Мельниченко, [14.06.2023 12:41]',
 * as Telegram Desktop copies messages; the time first is `STAMP_FIRST_HEADER`), and the bracketed header of a
 * forwarded post ('[Переслано из АСИ]').
 */
const MESSENGER_LINE = /^\s*(?:\[(?:переслано из|forwarded from)\s[^\]\n]{1,100}\]|[^[\]\n]{1,100},\s*\[\d{1,2}\.\d{1,2}\.\d{4},?\s+\d{1,2}:\d{2}(?::\d{2})?\])\s*$/iu;
/** A messenger post's footer: its view count (and stamp), or a call to subscribe ('👁 9.1K 11.06.2023 20:47', 'Подписаться на канал'). */
const MESSENGER_FOOTER = /^\s*(?:(?:👁\uFE0F?|👀)\s*\d|(?:подписаться|subscribe)(?:\s+(?:на\s+канал|to\s+the\s+channel))?\s*$)/iu;
/**
 * 'By Natalia Alyoshina', 'Беседовала Ирина Соколова', 'Interview by …': a byline of capitalised words, and
 * the writer's role after a comma ('By Vera Lapina, urban economist', 'By Pavel Gorin, an economist specialising in
 * regional development').
 */
const BY_LINE = /^\s*(?:by|interview\s+by|interviewed\s+by|беседовал[аи]?|интервью\s+(?:записал|подготовил|взял)[аи]?|записал[аи]?|подготовил[аи]?)\s+(?:\p{Lu}[\p{L}'’.-]*\s*){1,4}(?:,\s*[\p{L}'’ -]{2,120})?$/iu;
/**
 * A site's own name line ('Official portal of the Mayor and Moscow Government  /  News  /  Education',
 * 'Официальный сайт Мэра Москвы') or a press service's credit ('Пресс-служба Мэра и Правительства
 * Москвы', 'Press Service of the Mayor'): a short line with no stop in it or after it, maybe after the
 * region's name and a stop ('Ulyanovsk region. Official site of the Government').
 */
const SITE_OR_PRESS_LINE = /^\s*(?:\p{Lu}[\p{L}-]*(?:\s+[\p{L}-]+){0,3}\.\s+)?(?:official\s+(?:web\s*site|website|site|portal)|официальн(?:ый|ого)\s+(?:сайт|портал|интернет-портал)|пресс-служб[аы]|пресс-центр|press\s+(?:service|office))\s(?:[^.!?\n]|\.(?=\p{L}))*$/iu;
/** A verb that makes such a line a sentence ('Пресс-служба министерства сообщила …', 'Press service said …'). */
const VERB = /(?<!\p{L})(?:\p{Ll}+(?:ла|ло|ли|ет|ит|ют|ут|ят|ат)|said|says|reported|reports|announced|announces|noted|notes|told|stated)(?!\p{L})/u;
const RELATED_OPENING = `^\\s*(?:${alternation(catalogue.relatedBlocks)})(?:\\s+\\S+){0,3}?\\s*`;
const RELATED_HEADER = new RegExp(`${RELATED_OPENING}[:→»]?\\s*$`, 'iu');
/** The same header with its items on its own line ('Ещё по теме: Мельниченко представил … · В Мокшане …', 'Also in Public services: …'). */
const RELATED_INLINE = new RegExp(`${RELATED_OPENING}:\\s*\\S`, 'iu');

/**
 * Blocks of other items' headlines ('Читайте также:' / 'Самое читаемое' / 'Related' alone on a line, then
 * one headline per line): the header and every headline-shaped line under it, up to the first line that reads
 * as the article's prose (more than 20 words, or a sentence of more than 12). Their places and people are
 * other news.
 */
function relatedBlocks(lines: readonly string[]): Array<[number, number]> {
  const blocks: Array<[number, number]> = [];
  // Only after the article's prose: a section label over the headline ('Последние новости') opens no block.
  let prose = false;
  for (let i = 0; i < lines.length; i += 1) {
    if (!prose) {
      const line = lines[i]!.trim();
      prose = line.split(/\s+/).length > 20 || (line.split(/\s+/).length > 12 && /[.!?»"”]$/.test(line));
      continue;
    }
    if (!(RELATED_HEADER.test(lines[i]!) && lines[i]!.length <= 60) && !RELATED_INLINE.test(lines[i]!)) continue;
    let end = i + 1;
    while (end < lines.length) {
      const line = lines[end]!.trim();
      const words = line ? line.split(/\s+/).length : 0;
      if (words > 20 || (words > 12 && /[.!?]$/.test(line))) break;
      end += 1;
    }
    blocks.push([i, end]);
    i = end - 1;
  }
  return blocks;
}

/**
 * A given name and a surname alone on a line ('Natalia Alyoshina'), the surname maybe in capitals as district
 * papers sign ('Ирина ЖУКОВА') and maybe with the writer's role or town after a comma ('Николай ВЕТРОВ, главный
 * редактор', 'Ирина Котова, Курск', 'Игорь Белоусов, политолог, Саратов'): the author's signature where it stands
 * (see signatureLine).
 */
const SIGNATURE_LINE = /^\s*(\p{Lu}\p{Ll}+)\s+\p{Lu}(?:\p{Ll}+|\p{Lu}+)(?:-\p{Lu}(?:\p{Ll}+|\p{Lu}+))?(?:,\s*(?:\p{Ll}[\p{Ll} -]{2,40}|\p{Lu}\p{Ll}+(?:[ -]\p{Lu}?\p{Ll}+){0,2})){0,2}\.?\s*$/u;
/** The role over a press office's signature: a spokesperson, a press secretary, the head of a press service. */
const SIGN_OFF_ROLE = /^(?:официальн\p{Ll}*\s+представител\p{Ll}*|пресс-секретар\p{Ll}*|(?:руководител\p{Ll}*|начальник\p{Ll}*)\s+пресс-служб\p{Ll}*|пресс-служб\p{Ll}*|official\s+(?:representative|spokes(?:man|woman|person))|spokes(?:man|woman|person)|press\s+secretary|head\s+of\s+(?:the\s+)?press\s+(?:service|office))(?:\s|$)/iu;
/** A photo credit without a colon: 'Фото Андрея ПАНОВА', 'Photo by Ivan Petrov', 'Фото автора'. */
const CREDIT_LINE = /^\s*(?:фото|фотография|снимок|photos?(?:\s+by)?)\s+(?:\p{Lu}[\p{L}'’.-]*|автора|author)(?:\s+\p{Lu}[\p{L}'’.-]*){0,2}\s*\.?\s*$/iu;
const GIVEN_NAMES = new Set([...names.ruMale, ...names.ruFemale, ...names.en].map((name) => name.toLowerCase()));
/** 'Дмитрий Игнатов, «Кубанские новости»': an author and the outlet, alone on a line. */
const AUTHOR_OUTLET_LINE = /^\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){1,2}\s*,\s*[«"„“][^»"”\n]{2,60}[»"”]\s*$/u;
const AGENCY_CREDIT = new RegExp(`(?:—|–|-|/)\\s*(?:${alternation(catalogue.agencies)})(?![\\p{L}])`, 'u');
/**
 * A parenthesis opening a line, holding a date: '(Kazan, September 13, Alsu Safina)'. Tried at
 * line starts only (sticky): a lookbehind for the line start was tried at every character.
 */
const PARENTHETICAL = /[ \t]*\([^()]{0,160}\)/y;
const NOT_CONTENT = new RegExp(`^(?:\\d+|${MONTH}|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|monday|tuesday|wednesday|thursday|friday|saturday|sunday|admin|share)$`, 'iu');

/** Lower-case words a date line may hold: '6 апреля 2019 года', '20 мая 2025 в 11:14', '192 просмотров'. */
const DATE_LINE_WORDS = new Set([
  'года', 'год', 'г', 'в', 'at', 'просмотров', 'просмотра', 'просмотр', 'views', 'comments', 'комментариев',
  // A social page's post time: 'вт, 21:15', 'сегодня, 07:12', 'yesterday at 9:40'.
  'сегодня', 'вчера', 'today', 'yesterday', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс',
]);

/** The year's words among them ('2022 года', '2025 г'). */
const YEAR_WORDS = new Set(['года', 'год', 'г']);
/** Lower-case words a place line may hold: the heads of subjects' names. */
const PLACE_HEAD_WORDS = new Set(['область', 'край', 'республика', 'округ', 'автономный', 'region', 'oblast', 'krai', 'territory', 'republic', 'the']);
/** Nouns of an event that open a headline dated in its own words. */
const EVENT_HEADLINE = /^(?:заседани[ея]|совещани[ея]|встреч[аи]|пресс-конференци[яи]|выступлени[ея]|интервью|послание|стратегическ[а-я]+|meeting|conference|address|speech|interview)$/iu;

type Range = [number, number];

/**
 * The author's signature: a given name and a surname alone on the line under the headline, or on one
 * of the article's last three lines after a paragraph's end ('…implemented.\n\nNatalia Alyoshina\n\nRead more news
 * in our Telegram channel'), the article ending at `end` (where a block of other items' headlines begins);
 * not one of several such lines (a list of winners). -1 when there is none.
 */
function signatureLine(lines: readonly string[], end = lines.length): number {
  const filled = lines.slice(0, end).map((line, index) => ({ line, index })).filter(({ line }) => line.trim());
  // A messenger post copied with its channel's name as its first line, a place or a title after a bar ('Олег
  // Мельниченко' over a forwarded post; 'Алексей Русских | Ульяновская область' over a post that ends in its view count).
  const channel = filled[0]?.line.split(/\s+\|\s+/)[0] ?? '';
  if (filled.length >= 3 && isSignatureLine(channel) && (MESSENGER_LINE.test(filled[1]!.line) || filled.slice(-3).some(({ line }) => MESSENGER_FOOTER.test(line)))) return filled[0]!.index;
  // Under the headline: 'Приволжские малые города получат средства\n\nКирилл Антонов\n\nТекст …', or over the post's
  // time, as a social page shows its channel ('Школьное питание: …\nВиталий Хоценко\nвт, 21:15').
  // Or under a rubric line between them ('Мнение | Колонка').
  const rubric = filled.length >= 4 && filled[1]!.line.trim().split(/\s+/).length <= 4 && !/[.!?,:;»"”]$/.test(filled[1]!.line.trim()) && !isSignatureLine(filled[1]!.line);
  for (const k of rubric ? [1, 2] : [1]) {
    if (filled.length >= k + 2 && isSignatureLine(filled[k]!.line) && !isSignatureLine(filled[k + 1]!.line) && (filled[k + 1]!.line.trim().split(/\s+/).length > 8 || isDateLine(filled[k + 1]!.line))) return filled[k]!.index;
  }
  for (let k = Math.max(1, filled.length - 3); k < filled.length; k += 1) {
    if (!isSignatureLine(filled[k]!.line)) continue;
    let before = filled[k - 1]!.line.trim();
    // A press office's sign-off: the role on its own line over the name ('Официальный представитель МВД России\nИрина Волк').
    if (k >= 2 && SIGN_OFF_ROLE.test(before) && before.split(/\s+/).length <= 12) before = filled[k - 2]!.line.trim();
    if (!/[.!?»"”…)]$/.test(before) || isSignatureLine(before) || filled.slice(k + 1).some(({ line }) => isSignatureLine(line))) return -1;
    return filled[k]!.index;
  }
  return -1;
}

/** A writer's signature line: {@link SIGNATURE_LINE} opening with a known given name. */
export function isSignatureLine(line: string): boolean {
  const match = SIGNATURE_LINE.exec(line);
  return !!match && GIVEN_NAMES.has(match[1]!.toLowerCase());
}

/** Ranges of `clean` that are page furniture. Linear in the length of the text. */
export function furnitureRanges(clean: string): Range[] {
  const ranges: Range[] = [];
  let lineStart = 0;
  const lines = clean.split('\n');
  const offsets: number[] = [];
  for (let k = 0, at = 0; k < lines.length; k += 1) {
    offsets.push(at);
    at += lines[k]!.length + 1;
  }
  const related = relatedBlocks(lines);
  for (const [first, end] of related) ranges.push([offsets[first]!, offsets[end - 1]! + lines[end - 1]!.length]);
  // The article ends where other items' headlines begin: a signature over 'Читайте также' is the last lines' too.
  const signature = signatureLine(lines, related[0]?.[0]);
  if (signature >= 0) ranges.push([offsets[signature]!, offsets[signature]! + lines[signature]!.length]);
  let afterDateLine = false;
  for (const line of lines) {
    const lineEnd = lineStart + line.length;
    const digits = /\d/.test(line);
    if (digits && isDateLine(line)) {
      ranges.push([lineStart, lineEnd]);
      lineStart = lineEnd + 1;
      afterDateLine = true;
      continue;
    }
    // kremlin.ru's place under its date ('Ново-Огарёво, Московская область', 'The Kremlin, Moscow'): the dateline's place.
    if (afterDateLine && isPlaceLine(line)) ranges.push([lineStart, lineEnd]);
    afterDateLine = false;
    if (LABEL_LINE.test(line) || BY_LINE.test(line) || CREDIT_LINE.test(line)) ranges.push([lineStart, lineStart + creditExtent(line, 0)]);
    else if (line.length <= 160 && SITE_OR_PRESS_LINE.test(line) && line.split(/\s+/).length <= 16 && !VERB.test(line)) ranges.push([lineStart, lineEnd]);
    else if (AUTHOR_OUTLET_LINE.test(line)) ranges.push([lineStart, lineEnd]);
    else if (MESSENGER_LINE.test(line) || STAMP_FIRST_HEADER.test(line) || ISSUE_LINE.test(line)) ranges.push([lineStart, lineEnd]);
    const credit = CREDIT_HINT.test(line) ? creditIn(line) : null;
    if (credit) ranges.push([lineStart + credit.index, lineStart + creditExtent(line, credit.index)]);
    const agency = /[—–\-/]/.test(line) ? AGENCY_CREDIT.exec(credit ? line.slice(0, credit.index) : line) : null;
    // 'Ёлка на Манежной площади, Москва - РИА Новости, 1920': a caption with its credit.
    if (agency && !/[.!?]\s/.test(line.slice(0, agency.index))) ranges.push([lineStart, lineStart + agency.index + agency[0].length]);
    const dashed = DATELINE_CAPS_DASH.exec(line) ?? (digits ? (DATELINE_CAPS_PERIOD.exec(line) ?? DATELINE_PERIODS.exec(line)) : null);
    if (dashed) ranges.push([lineStart, lineStart + dashed[0].length]);
    if (digits && line.includes(',')) {
      const opening = DATELINE_START.exec(line);
      if (opening) ranges.push([lineStart, lineStart + opening[0].length]);
      DATELINE_CAPS.lastIndex = 0;
      const caps = /[А-ЯЁA-Z]{3}/.test(line);
      for (let match = caps ? DATELINE_CAPS.exec(line) : null; match; match = DATELINE_CAPS.exec(line)) ranges.push([lineStart + match.index, lineStart + match.index + match[0].length]);
    }
    lineStart = lineEnd + 1;
  }
  // Line starts past the end of the previous parenthesis (which may span lines) are not tried.
  let from = 0;
  for (let at = 0; at !== -1; at = clean.indexOf('\n', at) + 1 || -1) {
    if (at < from) continue;
    PARENTHETICAL.lastIndex = at;
    const match = PARENTHETICAL.exec(clean);
    if (!match) continue;
    if (DATE_RE.test(match[0])) ranges.push([match.index, match.index + match[0].length]);
    from = match.index + match[0].length;
  }
  return ranges;
}

/**
 * The credit of a line: its marker opens the line or follows punctuation, or is capitalised
 * ('…на снимке. Фото: …', 'www.site.net Photo: …'); 'a rosy picture: he …' is running text.
 */
function creditIn(line: string): RegExpExecArray | null {
  CREDIT.lastIndex = 0;
  for (let match = CREDIT.exec(line); match; match = CREDIT.exec(line)) {
    const before = line.slice(0, match.index);
    // Or joined to a label by 'и' at the line's start ('Текст и фото: Алия Нурмагамбетова', 'Text and photo: …').
    if (match[0] === '©' || /(?:^|[.!?()«»"|/,;:—–-])\s*$/u.test(before) || /^\s*\p{L}+\s+(?:и|and|&)\s*$/iu.test(before) || /^\p{Lu}/u.test(match[0])) return match;
  }
  return null;
}

/**
 * Where a credit or label that starts at `from` ends: the line's end when little follows it
 * (a credit is a few words), else its first sentence ('Text: Smolnikov Leonid. While on a trip …').
 */
function creditExtent(line: string, from: number): number {
  const rest = line.slice(from);
  if ((rest.match(/[\p{L}\p{N}]+/gu) ?? []).length <= 14) return line.length;
  const afterMarker = rest.indexOf(':') + 1;
  const end = /[.!?](?=\s)|\)(?=\s+\p{Lu})/u.exec(rest.slice(afterMarker));
  return end ? from + afterMarker + end.index + 1 : line.length;
}

/** A short line that is a date with a few words around it ('26 сентября 2025 Москва, Кремль', '01:12 22.02.2017 0 admin'). */
export function isDateLine(line: string): boolean {
  if (line.length > 160 || !DATE_RE.test(line) && !/\d{1,2}:\d{2}/.test(line)) return false;
  const words = line.match(/[\p{L}\p{N}]+(?:[-.'’][\p{L}\p{N}]+)*/gu) ?? [];
  const content = words.filter((word) => !NOT_CONTENT.test(word));
  // A line opening with an event's noun is a headline with its date ('Заседание Правительства 21 ноября 2024
  // года', 'Meeting with Government members, May 15'), as government.ru and kremlin.ru title their pages.
  if (content[0] === words[0] && EVENT_HEADLINE.test(words[0] ?? '')) return false;
  // Lower-case words are a sentence ('Форум пройдёт в Казани 5 июня'), save the few a date line has; a
  // preposition before a name places an event ('в Казани'), a year's word before one does not ('29 марта
  // 2022 года, 15:30, Москва, Кремль' is kremlin.ru's date and place line).
  if (content.some((word, i) => /^\p{Ll}/u.test(word) && (!DATE_LINE_WORDS.has(word) || (!YEAR_WORDS.has(word) && /^\p{Lu}/u.test(content[i + 1] ?? ''))))) return false;
  return content.length <= 4 && !/[.!?]\s+\p{Lu}/u.test(line);
}

/**
 * A short line of capitalised place names and their heads, comma-separated ('Ново-Огарёво, Московская область',
 * 'The Kremlin, Moscow'); without the comma it may be a headline in title case.
 */
function isPlaceLine(line: string): boolean {
  const words = line.match(/[\p{L}]+(?:[-'’][\p{L}]+)*/gu) ?? [];
  if (words.length < 2 || words.length > 6 || !line.includes(',') || /[.!?:;«»"]/.test(line)) return false;
  return words.every((word) => /^\p{Lu}/u.test(word) || PLACE_HEAD_WORDS.has(word.toLowerCase()));
}

/** Ranges sorted and merged, so that they can be walked once. */
function merged(ranges: Range[]): Range[] {
  const out: Range[] = [];
  for (const [start, end] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}

/**
 * `clean` without its page furniture: the text with the furniture replaced by spaces (same length
 * and newlines, so offsets carry over) and the `tokens` of `clean` that lie outside it.
 */
export function withoutFurniture<T extends { start: number; end: number }>(clean: string, tokens: readonly T[]): { text: string; tokens: readonly T[] } {
  const ranges = merged(furnitureRanges(clean));
  if (ranges.length === 0) return { text: clean, tokens };
  let text = '';
  let at = 0;
  for (const [start, end] of ranges) {
    text += clean.slice(at, start) + clean.slice(start, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  text += clean.slice(at);
  const kept: T[] = [];
  let r = 0;
  for (const token of tokens) {
    while (r < ranges.length && ranges[r]![1] <= token.start) r += 1;
    if (r < ranges.length && token.end > ranges[r]![0]) continue;
    kept.push(token);
  }
  return { text, tokens: kept };
}

/** `clean` with its page furniture replaced by spaces: same length and newlines, so offsets carry over. */
export function maskFurniture(clean: string): string {
  return withoutFurniture(clean, []).text;
}
