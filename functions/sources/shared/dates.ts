import { normaliseText } from './text.js';

/**
 * What a date parser needs to know about the site that printed the date.
 * `now` is injected: relative dates use it and give null without it. The century of a two-digit
 * year uses it too, and reads the clock when it is absent (see {@link centuryOf}).
 */
export interface DateContext {
  /** IANA zone of the site's clock times; zone-less dates are read in it. */
  timeZone: string;
  /** Offsets the site prints but does not mean (kremlin.ru `+04:00`); such times are read in `timeZone`. */
  mislabelledOffsets?: readonly string[];
  /** Reference instant for "4 часа назад", "вчера", "сегодня" (null without it) and for two-digit years. */
  now?: Date;
}

/** A wall-clock time, before a zone is applied. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const MONTH_STEMS: ReadonlyArray<[RegExp, number]> = [
  [/^янв/, 1], [/^фев/, 2], [/^мар/, 3], [/^апр/, 4], [/^ма[йяе]/, 5], [/^июн/, 6],
  [/^июл/, 7], [/^авг/, 8], [/^сен/, 9], [/^окт/, 10], [/^ноя/, 11], [/^дек/, 12],
  [/^jan/, 1], [/^feb/, 2], [/^mar/, 3], [/^apr/, 4], [/^may/, 5], [/^jun/, 6],
  [/^jul/, 7], [/^aug/, 8], [/^sep/, 9], [/^oct/, 10], [/^nov/, 11], [/^dec/, 12],
];

/** RFC 822 zone names that feeds still print; anything else unknown gives null, not a guess. */
const NAMED_ZONES: Readonly<Record<string, number>> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, MSK: 180, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockAt(instantMs: number, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

function wallClockAsUtc(clock: WallClock): number {
  return Date.UTC(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

/** Offset of `timeZone` from UTC at an instant, in minutes. */
function offsetMinutesAt(instantMs: number, timeZone: string): number {
  const flooredMs = Math.floor(instantMs / 1000) * 1000;
  return (wallClockAsUtc(wallClockAt(flooredMs, timeZone)) - flooredMs) / 60_000;
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, '0');
}

/** Renders an instant as ISO 8601 in `timeZone`'s local time with its offset, e.g. `2018-03-16T14:00:00+03:00`. */
export function formatInZone(instantMs: number, timeZone: string): string {
  const clock = wallClockAt(instantMs, timeZone);
  const offset = offsetMinutesAt(instantMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}T${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

function isValidClock(clock: WallClock): boolean {
  const { year, month, day, hour, minute, second } = clock;
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return false;
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  return hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 61;
}

/** The instant at which `timeZone`'s clocks showed `clock` (the earlier one when a transition repeats it). */
function instantOfWallClock(clock: WallClock, timeZone: string): number {
  const asUtc = wallClockAsUtc(clock);
  let instant = asUtc - offsetMinutesAt(asUtc, timeZone) * 60_000;
  instant = asUtc - offsetMinutesAt(instant, timeZone) * 60_000;
  return instant;
}

function zoned(clock: WallClock, ctx: DateContext): string | null {
  if (!isValidClock(clock)) return null;
  return formatInZone(instantOfWallClock(clock, ctx.timeZone), ctx.timeZone);
}

function withOffset(clock: WallClock, offsetMinutes: number, ctx: DateContext): string | null {
  if (!isValidClock(clock) || Math.abs(offsetMinutes) > 18 * 60) return null;
  return formatInZone(wallClockAsUtc(clock) - offsetMinutes * 60_000, ctx.timeZone);
}

function normaliseOffset(sign: string, hours: string, minutes: string): string {
  return `${sign}${hours.padStart(2, '0')}:${minutes.padStart(2, '0')}`;
}

function isMislabelled(offset: string, ctx: DateContext): boolean {
  return (ctx.mislabelledOffsets ?? []).some((candidate) => candidate.replace(':', '') === offset.replace(':', ''));
}

function monthFromWord(word: string): number | null {
  const lower = word.toLowerCase();
  for (const [stem, month] of MONTH_STEMS) if (stem.test(lower)) return month;
  return null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * ISO 8601 / `YYYY-MM-DD HH:MM:SS`. Zone-less values are `ctx.timeZone` local time; a mislabelled
 * offset is ignored and the clock time read in `ctx.timeZone`.
 */
export function parseIsoDate(text: string, ctx: DateContext): string | null {
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const clock: WallClock = {
    year: Number(match[1]), month: Number(match[2]), day: Number(match[3]),
    hour: Number(match[4] ?? 0), minute: Number(match[5] ?? 0), second: Number(match[6] ?? 0),
  };
  const zone = match[7];
  if (!zone) return zoned(clock, ctx);
  if (zone.toUpperCase() === 'Z') return withOffset(clock, 0, ctx);
  const offsetMatch = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  const offset = normaliseOffset(offsetMatch[1]!, offsetMatch[2]!, offsetMatch[3]!);
  if (isMislabelled(offset, ctx)) return zoned(clock, ctx);
  const minutes = (Number(offsetMatch[2]) * 60 + Number(offsetMatch[3])) * (offsetMatch[1] === '-' ? -1 : 1);
  return withOffset(clock, minutes, ctx);
}

const RFC822 = /^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\.?\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\s*([+-]\d{4}|[A-Za-z]{1,5}))?$/;

/** RFC 822 / RFC 2822 dates as RSS prints them (`Wed, 27 Jul 2022 11:01:01 +0300`). */
export function parseRfc822Date(text: string, ctx: DateContext): string | null {
  const match = RFC822.exec(normaliseText(text));
  if (!match) return null;
  const month = monthFromWord(match[2]!);
  if (!month) return null;
  const day = Number(match[1]);
  const year = match[3]!.length === 2 ? centuryOf(Number(match[3]), month, day, ctx) : Number(match[3]);
  const clock: WallClock = {
    year, month, day,
    hour: Number(match[4] ?? 0), minute: Number(match[5] ?? 0), second: Number(match[6] ?? 0),
  };
  const zone = match[7];
  if (!zone) return zoned(clock, ctx);
  if (/^[+-]\d{4}$/.test(zone)) {
    const offset = normaliseOffset(zone[0]!, zone.slice(1, 3), zone.slice(3, 5));
    if (isMislabelled(offset, ctx)) return zoned(clock, ctx);
    const minutes = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5))) * (zone[0] === '-' ? -1 : 1);
    return withOffset(clock, minutes, ctx);
  }
  const named = NAMED_ZONES[zone.toUpperCase()];
  return named === undefined ? null : withOffset(clock, named, ctx);
}

const YEAR_MS = 365.25 * 86_400_000;

/**
 * The full year of a two-digit year `yy` printed with `month` and `day` ("16.03.18", RFC 822
 * "01 Jan 05"). The rule: 20YY, unless 20YY-MM-DD lies more than a year after the reference
 * instant, then 19YY. News is dated in the past (announcements at most months ahead), so
 * "16.03.18" read in 2026 is 2018, and "01.01.99" is 1999. The reference is `ctx.now` when
 * injected, else the clock: the only clock read in this module, harmless because a century
 * decision cannot turn on a few days (only on a date printed a year ahead, which no site does).
 */
export function centuryOf(yy: number, month: number, day: number, ctx: Pick<DateContext, 'now'>): number {
  const reference = ctx.now && Number.isFinite(ctx.now.getTime()) ? ctx.now.getTime() : Date.now();
  const candidate = Date.UTC(2000 + yy, month - 1, day);
  return candidate - reference > YEAR_MS ? 1900 + yy : 2000 + yy;
}

const TIME = /(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?/;

function timeAfter(rest: string): Pick<WallClock, 'hour' | 'minute' | 'second'> | null {
  const match = TIME.exec(rest);
  if (!match) return { hour: 0, minute: 0, second: 0 };
  return { hour: Number(match[1]), minute: Number(match[2]), second: Number(match[3] ?? 0) };
}

/**
 * Russian and English written dates, read in `ctx.timeZone`: "10 октября 2023 г., 14:30",
 * "16 марта 2018 года", "окт. 2023", "март 2018" (first of the month), "16.03.2018 14:30",
 * "16.03.18" (century by {@link centuryOf}), "March 16, 2018", "16 March 2018".
 */
export function parseWrittenDate(text: string, ctx: DateContext): string | null {
  const value = normaliseText(text).toLowerCase();
  let match = /(?:^|[^\d])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)(.*)$/.exec(value);
  if (match) {
    const time = timeAfter(match[4]!);
    return time && zoned({ year: Number(match[3]), month: Number(match[2]), day: Number(match[1]), ...time }, ctx);
  }
  // `DD.MM.YY` (asi.ru prints "16.03.18"): strictly two digits each, so that "1.2.18" stays a number.
  match = /(?:^|[^\d.])(\d{2})\.(\d{2})\.(\d{2})(?!\d|\.\d)(.*)$/.exec(value);
  if (match) {
    const month = Number(match[2]);
    const day = Number(match[1]);
    const time = timeAfter(match[4]!);
    return time && zoned({ year: centuryOf(Number(match[3]), month, day, ctx), month, day, ...time }, ctx);
  }
  match = /(?:^|[^\d])(\d{1,2})\s+([a-zа-яё]+)\.?,?\s+(\d{4})(?!\d)(.*)$/.exec(value);
  if (match) {
    const month = monthFromWord(match[2]!);
    const time = timeAfter(match[4]!);
    return month && time ? zoned({ year: Number(match[3]), month, day: Number(match[1]), ...time }, ctx) : null;
  }
  match = /(?:^|[^a-zа-яё])([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)(.*)$/.exec(value);
  if (match) {
    const month = monthFromWord(match[1]!);
    const time = timeAfter(match[4]!);
    return month && time ? zoned({ year: Number(match[3]), month, day: Number(match[2]), ...time }, ctx) : null;
  }
  match = /^([a-zа-яё]+)\.?\s+(\d{4})(?:\s*(?:г\.?|года?))?$/.exec(value);
  if (match) {
    const month = monthFromWord(match[1]!);
    return month ? zoned({ year: Number(match[2]), month, day: 1, hour: 0, minute: 0, second: 0 }, ctx) : null;
  }
  return null;
}

const UNIT_MS: ReadonlyArray<[RegExp, number]> = [
  [/^(?:секунд|сек(?![а-яё]))/, 1000],
  [/^(?:минут|мин(?![а-яё]))/, 60_000],
  [/^час/, 3_600_000],
  [/^(?:дн|день)/, 86_400_000],
  [/^недел/, 7 * 86_400_000],
];

/**
 * Relative dates resolved against `ctx.now`: "4 часа назад", "1 день назад", "час назад",
 * "вчера, 14:30", "сегодня", "сегодня в 10:15". Null without `ctx.now`.
 */
export function parseRelativeDate(text: string, ctx: DateContext): string | null {
  if (!ctx.now) return null;
  const nowMs = ctx.now.getTime();
  if (!Number.isFinite(nowMs)) return null;
  const value = normaliseText(text).toLowerCase();
  const ago = /^(?:(\d+)\s+)?([а-яё]+)\s+назад$/.exec(value);
  if (ago) {
    const unit = UNIT_MS.find(([stem]) => stem.test(ago[2]!));
    if (!unit) return null;
    const count = ago[1] === undefined ? 1 : Number(ago[1]);
    return formatInZone(nowMs - count * unit[1], ctx.timeZone);
  }
  const dayWord = /^(сегодня|вчера|позавчера)(.*)$/.exec(value);
  if (dayWord) {
    const back = { сегодня: 0, вчера: 1, позавчера: 2 }[dayWord[1] as 'сегодня' | 'вчера' | 'позавчера'];
    const today = wallClockAt(nowMs, ctx.timeZone);
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    const time = timeAfter(dayWord[2]!);
    if (!time) return null;
    return zoned({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), ...time }, ctx);
  }
  return null;
}

/**
 * Reads any date form the sources print (ISO, RFC 822, written Russian/English, relative) and returns
 * ISO 8601 with the offset of `ctx.timeZone`, or null when the text holds no date. Never invents one.
 */
export function parseDate(text: string | null | undefined, ctx: DateContext): string | null {
  if (!text) return null;
  const value = normaliseText(text);
  if (!value) return null;
  // An RFC 822 date with a zone nobody can resolve stays unknown rather than becoming Moscow time.
  if (RFC822.test(value)) return parseRfc822Date(value, ctx);
  return parseIsoDate(value, ctx) ?? parseRelativeDate(value, ctx) ?? parseWrittenDate(value, ctx);
}
