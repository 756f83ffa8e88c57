import { ISSUE_LINE, STAMP_FIRST_HEADER } from '../../core/extraction/copy-lines.js';
import { parseDate, type DateContext } from './dates.js';
import { MOSCOW } from './defaults.js';
import { normaliseText } from './text.js';

/**
 * The publication date a copied page or a plain text prints around its headline, for text that comes
 * without metadata (`npm run cli -- extract` of a .txt file, a saved page, the labelled sets).
 *
 * Pages print it as a line of its own ("22 мая 2025, 15:25", "07.08.2024 12:05", "24 October 2019,
 * Thursday", "00:46 | Jan 18 | 2013"), as a label ("Дата публикации: 20.06.2025", "date 2025-12-04"), or
 * at the head of the lead before a dateline ("01:12 22.02.2017 0 admin"). A date inside a sentence is
 * the event's, not the page's ("15 сентября 2025 года в Казани пройдёт форум"), and a dateline without
 * a year ("МОСКВА, 17 ноя — РИА Новости") gives none: the date is never guessed.
 */

/** How a local file's printed dates are read: in Moscow time, as the watched sites print theirs. */
export const LOCAL_FILE_DATES: DateContext = { timeZone: MOSCOW };

/** Lines at the end of a text where a page may print its date ("Дата публикации: …"). */
const TAIL_LINES = 3;
/** Lines at the end where a labelled date ('Дата публикации: …') may stand, above a card's buttons and share row. */
const LABELLED_TAIL_LINES = 8;

const WEEKDAY = String.raw`(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|пн|вт|ср|чт|пт|сб|вс|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)`;
/** A label that says the date is the page's ("Опубликовано:", "Published on", "Date of publication:", a machine translation's "Date of the publication:"). Not "Обновлено": an update is another date. */
const LABEL = String.raw`(?:дата(?:\s+публикации|\s+размещения)?|опубликовано|размещено|published(?:\s+on)?|posted(?:\s+on)?|date(?:\s+of\s+(?:the\s+)?publication)?|publication\s+date)\s*[:：]?`;
const CLOCK = String.raw`\d{1,2}:\d{2}`;
const HAS_CLOCK = new RegExp(CLOCK);
const CLOCK_AFTER = new RegExp(String.raw`^[|·•,]?\s*(${CLOCK})(?![\d:])`);
/** A line that opens with such a label ('\b' would not do: JavaScript's knows no Cyrillic letters). */
const LABELLED = new RegExp(String.raw`^(?:[•·*|–—-]\s*)*${LABEL}(?!\p{L})`, 'iu');
/** What may come before the date on its line: bullets, a label, a clock time, a weekday. */
const LEAD = new RegExp(String.raw`^(?:[•·*|–—-]\s*)*(?<label>${LABEL}\s*)?(?:(?<clock>${CLOCK})\s*[|,·]?\s*)?(?:${WEEKDAY}\.?\s*[|,·]?\s*)?`, 'iu');
/** A full date (with its year) at the start of what is left, and a clock time after it. */
const DATE_AT_START = new RegExp(
  '^(?:' +
    [
      String.raw`\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?`,
      String.raw`\d{1,2}\.\d{1,2}\.\d{4}(?:,?\s+(?:в\s+)?${CLOCK})?`,
      String.raw`\d{1,2}/\d{1,2}/\d{4}(?:,?\s+${CLOCK})?`,
      String.raw`\d{4}/\d{1,2}/\d{1,2}(?:,?\s+${CLOCK}(?::\d{2})?)?`,
      String.raw`\d{1,2}\s+\p{L}+\.?,?\s+\d{4}(?:\s*(?:года|г\.?))?(?:,?\s*(?:в\s+)?${CLOCK})?`,
      String.raw`\p{L}+\.?\s+\d{1,2},?\s+\d{4}(?:,?\s+(?:at\s+)?${CLOCK})?`,
    ].join('|') +
    ')(?![\\d:]|\\.\\d)',
  'iu',
);
/** A date written with slashes: day and month in either order, then the year. */
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/;
/** A date written with slashes year first ('Published: 2019/9/24 21:18:40', as Chinese outlets print it): always year, month, day. */
const SLASHED_YEAR_FIRST = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:,?\s+(\d{1,2}:\d{2}))?(?::\d{2})?/;
/** After the date, what a date line carries besides prose: a dateline in capitals, a separator, a count, a place. */
const AFTER_DATE = /^(?:$|[|·•—–-]|\d|\p{Lu}{3,}|[,.]?\s*(?:\p{Lu}\p{Ll}+,?\s*){0,3}$)/u;
/** What may follow a date line's date when the line is chrome ("Thursday", "Москва, Кремль", "0 admin", "192 просмотров"): a few words, at most one in lower case. */
const SHORT_REST = { words: 6, lowerCase: 1 };
/** A dateline's place: one to four capitalised words and a comma ('Chita, ', 'РОСТОВ-НА-ДОНУ, ', 'Нижний Новгород, '), not a preposition's phrase ('В Казани, …'). */
const DATELINE_PLACE = /^(?!(?:в|во|на|с|со|к|по|у|о|об|из|за|in|at|on|by|from)\s)\p{Lu}[\p{L}.-]*(?:\s+\p{Lu}[\p{L}.-]*){0,3},\s+/iu;
/** How a dateline ends before the lead: a full stop or a dash. */
const DATELINE_END = /^\s*(?:[.—–]|-\s)/u;
/** Words of a credit after a date and a comma. */
const CREDIT_WORDS = 4;
/** A line of prose: the body has begun. */
const PROSE_WORDS = 15;
const SENTENCE_END = /[.!?…]["'»”)]*$/u;
/** How far into a text its date is looked for, in non-empty lines. */
const HEAD_LINES = 25;

const wordsOf = (text: string): string[] => text.match(/[\p{L}\p{N}]+/gu) ?? [];

/** A rubric's word or two at a line's start, before its date. */
const RUBRIC_BEFORE_DATE = /^(\p{Lu}[\p{L}-]*(?:\s+\p{Ll}[\p{L}-]*)?)\s+(?=\d)/u;
/** Words that make the date after them an event's, a deadline's or an update's, not the page's. */
const NOT_RUBRIC = /(?:^|\s)(?:до|с|со|по|от|на|в|к|срок\p{L}*|обновлен\p{L}*|изменен\p{L}*|отредактирован\p{L}*|until|till|from|by|on|deadline|updated|modified|edited)$/iu;

/** The date a line (or a part of it between separators) prints as the page's date, or null (see the module comment). */
export function dateOfLine(line: string, ctx: DateContext): string | null {
  // A news app's copy puts a space before a stop or a comma ('14 .10.2022 , 12:40').
  const text = normaliseText(line).replace(/(\d) ([.,])/g, '$1$2');
  const whole = dateAtStart(text, ctx);
  if (whole) return whole;
  // A messenger copy's header with the stamp first ('[16.03.2023 10:12] Владислав Шапша:').
  const stamped = STAMP_FIRST_HEADER.exec(text);
  if (stamped) return parseDate(stamped[1]!, ctx);
  // A paper's issue line ('Газета «Коммерсантъ» (Воронеж) №56 от 31.03.2021'): the issue's date.
  const issue = ISSUE_LINE.exec(text);
  if (issue) return parseDate(issue[1]!, ctx);
  // A dateline that carries the year, the lead running on after it ('Chita, 18 March 2024. Zabaykalsky Krai has …').
  const place = DATELINE_PLACE.exec(text);
  const dated = place ? DATE_AT_START.exec(text.slice(place[0].length)) : null;
  if (place && dated && DATELINE_END.test(text.slice(place[0].length + dated[0].length))) return parseDate(dated[0], ctx);
  if (wordsOf(text).length >= PROSE_WORDS) return null;
  // A breadcrumb or a meta line with the date among its parts ('Общество · Новости · 11.10.2016, 6:25', 'Власть /
  // 02.11.2023, 15:21'); not at a dash: 'Срок – 1 февраля 2024 г., далее – ежегодно' is a deadline.
  const parts = text.split(/\s+[·•|/]\s+/u);
  for (const part of parts.slice(1)) {
    const date = dateAtStart(part, ctx);
    if (date) return date;
  }
  // A rubric of a word or two before the date, and nothing after it ('Новости 24.09.2024', 'Пресс-релизы 12.03.2024
  // 10:15'); not a deadline ('Приём заявок до 01.02.2024': a preposition before the date).
  const rubric = RUBRIC_BEFORE_DATE.exec(text);
  if (rubric && !NOT_RUBRIC.test(rubric[1]!)) {
    const date = dateAtStart(text.slice(rubric[0].length), ctx);
    if (date) return date;
  }
  // A dateline's place or outlet before the date ('Kazan, 11 April 2024', 'Пресс-служба Государственной Думы, 18 октября 2023'),
  // or a messenger's channel before its post's time in brackets ('Олег Мельниченко, [14.06.2023 12:41]').
  for (const part of parts) {
    for (const piece of part.split(/,\s+(?!\d{1,2}:\d{2})/u).slice(1)) {
      const date = dateAtStart(piece, ctx);
      if (date) return date;
    }
  }
  return null;
}

/** A messenger post's view count right before its stamp ('👁 18.3K 12.09.2023 19:05'); after a dot ('👁 12,0K · […]') the parts are read apart. */
const VIEW_COUNT = /^(?:👁\uFE0F?|👀)\s*\d[\d.,]*\s*[KkMmКкМм]?\s+(?=\d|\[)/u;

function dateAtStart(printed: string, ctx: DateContext): string | null {
  // A messenger copy's stamp in brackets, alone or after a view count ('[17.04.2024 12:41]', '👁 12,0K · [24.05.2023 14:02]',
  // '👁 18.3K 12.09.2023 19:05').
  const text = printed.replace(VIEW_COUNT, '').replace(/^\[([^\]]+)\]$/u, '$1');
  // As printed first, so that a separator after the date is seen; then with bars read as spaces ('00:46 | Jan 18 | 2013').
  for (const form of [text, text.replace(/\s*\|\s*/g, ' ')]) {
    const date = dateAtStartOf(form, ctx);
    if (date !== undefined) return date;
  }
  return null;
}

/** The date at the start of `text` (null: a date that reads as no page's), or undefined when none starts it. */
function dateAtStartOf(text: string, ctx: DateContext): string | null | undefined {
  const lead = LEAD.exec(text)!;
  const rest = text.slice(lead[0].length);
  const match = DATE_AT_START.exec(rest);
  if (!match) return undefined;
  const after = rest.slice(match[0].length).trim();
  const words = wordsOf(after);
  const short = words.length <= SHORT_REST.words && words.filter((word) => /^\p{Ll}/u.test(word)).length <= SHORT_REST.lowerCase;
  // A credit after a comma ('12.12.2022, пресс-служба Главы КЧР').
  const credit = /^,/.test(after) && words.length <= CREDIT_WORDS;
  if (!lead.groups?.label && !short && !credit && !AFTER_DATE.test(after)) return null;
  // A clock time printed before the date ('01:12 22.02.2017') or after a bar ('25.11.2021 | 11:40') belongs to it.
  const clock = HAS_CLOCK.test(match[0]) ? null : (lead.groups?.clock ?? CLOCK_AFTER.exec(after)?.[1] ?? null);
  const printed = clock ? `${match[0]} ${clock}` : match[0];
  const yearFirst = SLASHED_YEAR_FIRST.exec(printed);
  if (yearFirst) return parseDate(`${yearFirst[3]}.${yearFirst[2]}.${yearFirst[1]}${yearFirst[4] ? ` ${yearFirst[4]}` : ''}`, ctx);
  const slashed = SLASHED.exec(printed);
  if (slashed) {
    // Day and month with slashes only where the order is plain ('07/16/2021' American, '16/07/2021' European).
    const [first, second] = [Number(slashed[1]), Number(slashed[2])];
    if ((first > 12) === (second > 12)) return null;
    const [day, month] = first > 12 ? [first, second] : [second, first];
    return parseDate(`${day}.${month}.${slashed[3]}${printed.slice(slashed[0].length)}`, ctx);
  }
  return parseDate(printed, ctx);
}

/**
 * The date a plain text prints as its own: on a line of its head (the chrome, the headline's
 * surroundings, a repeat of the headline further down, up to the body's second paragraph) or on one of
 * its last {@link TAIL_LINES} lines; the first one found.
 */
export function printedDate(text: string, ctx: DateContext): string | null {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map(normaliseText).filter(Boolean);
  let prose = 0;
  let scanned = 0;
  for (const line of lines.slice(0, HEAD_LINES)) {
    scanned += 1;
    const date = dateOfLine(line, ctx);
    if (date) return date;
    // A paragraph of prose ends in a full stop; a long headline does not.
    if (wordsOf(line).length >= PROSE_WORDS && SENTENCE_END.test(line) && (prose += 1) >= 2) break;
  }
  for (let i = Math.max(scanned, lines.length - LABELLED_TAIL_LINES); i < lines.length; i += 1) {
    const line = lines[i]!;
    // Above the last lines only a labelled date ('Дата публикации: 05.03.2024' over a practice card's buttons).
    if (i < lines.length - TAIL_LINES && !LABELLED.test(line)) continue;
    // At the end only a short line or a labelled one: a date in the last paragraph's prose is an event's.
    if (wordsOf(line).length >= PROSE_WORDS && !LABELLED.test(line)) continue;
    const date = dateOfLine(line, ctx);
    if (date) return date;
  }
  return null;
}
