import { describe, expect, it } from 'vitest';
import { centuryOf, formatInZone, parseDate, type DateContext } from '../../../functions/sources/shared/dates.js';

const moscow: DateContext = { timeZone: 'Europe/Moscow' };
const kremlin: DateContext = { timeZone: 'Europe/Moscow', mislabelledOffsets: ['+04:00'] };
// 12 October 2023, 12:00 in Moscow.
const now = new Date('2023-10-12T09:00:00Z');
const withNow: DateContext = { ...moscow, now };

describe('parseDate', () => {
  it.each<[string, string, DateContext, string | null]>([
    ['Russian genitive with "г." and time', '10 октября 2023 г., 14:30', moscow, '2023-10-10T14:30:00+03:00'],
    ['Russian with "года"', '16 марта 2018 года', moscow, '2018-03-16T00:00:00+03:00'],
    ['Russian with "года" and time', '15 марта 2018 года, 18:00', moscow, '2018-03-15T18:00:00+03:00'],
    ['Russian nominative month and year', 'март 2018', moscow, '2018-03-01T00:00:00+03:00'],
    ['Russian prepositional month', 'в мае 2021', moscow, null],
    ['abbreviated month with a dot', '5 окт. 2023', moscow, '2023-10-05T00:00:00+03:00'],
    ['abbreviated month and year', 'окт. 2023', moscow, '2023-10-01T00:00:00+03:00'],
    ['May in the genitive', '9 мая 2022, 10:00', moscow, '2022-05-09T10:00:00+03:00'],
    ['capitalised month, ё-less', '1 Декабря 2019', moscow, '2019-12-01T00:00:00+03:00'],
    ['economy.gov.ru list form', '21 ноября 2023 16:20', moscow, '2023-11-21T16:20:00+03:00'],
    ['numeric date', '16.03.2018', moscow, '2018-03-16T00:00:00+03:00'],
    ['numeric date and time', '20.11.2023, 18:00', moscow, '2023-11-20T18:00:00+03:00'],
    ['English month first', 'March 16, 2018', moscow, '2018-03-16T00:00:00+03:00'],
    ['English day first', '16 March 2018', moscow, '2018-03-16T00:00:00+03:00'],
    ['RFC 822 with +0300', 'Wed, 27 Jul 2022 11:01:01 +0300', moscow, '2022-07-27T11:01:01+03:00'],
    ['RFC 822 in GMT, shown in Moscow time', 'Sat, 01 Jan 2005 00:00:00 GMT', moscow, '2005-01-01T03:00:00+03:00'],
    ['RFC 822 without weekday, two-digit year', '01 Jan 05 00:00 +0000', moscow, '2005-01-01T03:00:00+03:00'],
    ['RFC 822 with MSK', 'Mon, 20 Nov 2023 18:00:00 MSK', moscow, '2023-11-20T18:00:00+03:00'],
    ['RFC 822 with an unknown zone name', 'Mon, 20 Nov 2023 18:00:00 XYZ', moscow, null],
    ['ISO with offset', '2023-11-20T18:00:00+03:00', moscow, '2023-11-20T18:00:00+03:00'],
    ['ISO in UTC', '2023-01-05T07:00:00Z', moscow, '2023-01-05T10:00:00+03:00'],
    ['ISO with fractions', '2023-01-05T07:00:00.123Z', moscow, '2023-01-05T10:00:00+03:00'],
    ['ISO without zone is Moscow local', '2023-01-05T10:00:00', moscow, '2023-01-05T10:00:00+03:00'],
    ['mos.ru API form without zone', '2023-10-10 14:30:00', moscow, '2023-10-10T14:30:00+03:00'],
    ['date only', '2018-03-16', moscow, '2018-03-16T00:00:00+03:00'],
    ['kremlin "+04:00" means Moscow time', '2018-03-16T14:00:00+04:00', kremlin, '2018-03-16T14:00:00+03:00'],
    ['kremlin "+0400" in RFC 822', 'Fri, 16 Mar 2018 14:00:00 +0400', kremlin, '2018-03-16T14:00:00+03:00'],
    ['"+04:00" is honoured where it is not mislabelled', '2018-03-16T14:00:00+04:00', moscow, '2018-03-16T13:00:00+03:00'],
    ['Moscow was UTC+4 in 2012, so the zone gives +04:00', '2012-03-16T14:00:00+04:00', kremlin, '2012-03-16T14:00:00+04:00'],
    ['Moscow summer time in 2010', '2010-07-01 12:00', moscow, '2010-07-01T12:00:00+04:00'],
    ['Yekaterinburg wall clock', '22.11.2023 09:15', { timeZone: 'Asia/Yekaterinburg' }, '2023-11-22T09:15:00+05:00'],
    ['impossible day', '31 февраля 2020', moscow, null],
    ['impossible ISO month', '2020-13-01', moscow, null],
    ['impossible hour', '2020-01-01T25:00:00', moscow, null],
    ['no date at all', 'Новости', moscow, null],
    ['empty', '', moscow, null],
  ])('%s: %j', (_label, text, ctx, expected) => {
    expect(parseDate(text, ctx)).toBe(expected);
  });

  it.each<[string, string | null]>([
    ['4 часа назад', '2023-10-12T08:00:00+03:00'],
    ['1 день назад', '2023-10-11T12:00:00+03:00'],
    ['2 дня назад', '2023-10-10T12:00:00+03:00'],
    ['час назад', '2023-10-12T11:00:00+03:00'],
    ['минуту назад', '2023-10-12T11:59:00+03:00'],
    ['15 минут назад', '2023-10-12T11:45:00+03:00'],
    ['вчера, 14:30', '2023-10-11T14:30:00+03:00'],
    ['Вчера в 09:05', '2023-10-11T09:05:00+03:00'],
    ['сегодня', '2023-10-12T00:00:00+03:00'],
    ['сегодня, 10:15', '2023-10-12T10:15:00+03:00'],
    ['позавчера', '2023-10-10T00:00:00+03:00'],
    ['5 лет назад', null],
  ])('resolves the relative date %j against the injected now', (text, expected) => {
    expect(parseDate(text, withNow)).toBe(expected);
  });

  it('resolves "вчера" on the Moscow calendar, not the UTC one', () => {
    // 00:30 in Moscow on 12 October is still 11 October in UTC.
    expect(parseDate('вчера, 23:00', { ...moscow, now: new Date('2023-10-11T21:30:00Z') })).toBe('2023-10-11T23:00:00+03:00');
  });

  it('never invents a date: relative dates without an injected now are null', () => {
    expect(parseDate('4 часа назад', moscow)).toBeNull();
    expect(parseDate('сегодня', moscow)).toBeNull();
  });

  it('ignores invisible characters and no-break spaces', () => {
    expect(parseDate('10\u00A0окт\u00ADября\u00A02023\u200B г.', moscow)).toBe('2023-10-10T00:00:00+03:00');
  });
});

describe('two-digit years (DD.MM.YY, RFC 822 "05")', () => {
  // 4 December 2026, the day this rule was written; every case injects it, so none depends on the clock.
  const dec2026: DateContext = { timeZone: 'Europe/Moscow', now: new Date('2026-12-04T03:00:00Z') };

  it.each<[string, string, string | null]>([
    ['asi.ru list date', '16.03.18', '2018-03-16T00:00:00+03:00'],
    ['asi.ru date among spaces and tabs', '\n\t\t\t17.03.18\t\t', '2018-03-17T00:00:00+03:00'],
    ['with a clock time', '22.11.23 12:40', '2023-11-22T12:40:00+03:00'],
    ['with a comma and a time', '20.11.23, 18:00', '2023-11-20T18:00:00+03:00'],
    ['in a sentence', 'Опубликовано 09.02.18 в разделе', '2018-02-09T00:00:00+03:00'],
    ['today', '04.12.26', '2026-12-04T00:00:00+03:00'],
    ['an announcement months ahead stays in this century', '20.06.27', '2027-06-20T00:00:00+03:00'],
    ['exactly within a year ahead', '03.12.27', '2027-12-03T00:00:00+03:00'],
    // Moscow kept UTC+2 in 1928: the zone database knows.
    ['more than a year ahead is the last century', '16.03.28', '1928-03-16T00:00:00+02:00'],
    ['the last century', '01.01.99', '1999-01-01T00:00:00+03:00'],
    ['impossible day', '31.02.18', null],
    ['impossible month', '16.13.18', null],
    ['single digits are not DD.MM.YY', '1.2.18', null],
    ['a version number is not a date', 'v2.16.03.18', null],
    ['a fourth group is not a date', '16.03.18.5', null],
  ])('%s: %j', (_label, text, expected) => {
    expect(parseDate(text, dec2026)).toBe(expected);
  });

  it('applies the same rule to RFC 822 two-digit years', () => {
    expect(parseDate('16 Mar 18 10:00 +0300', dec2026)).toBe('2018-03-16T10:00:00+03:00');
    expect(parseDate('16 Mar 99 10:00 +0300', dec2026)).toBe('1999-03-16T10:00:00+03:00');
    expect(parseDate('16 Mar 28 10:00 +0300', dec2026)).toBe('1928-03-16T09:00:00+02:00');
  });

  it('moves the pivot with the reference instant', () => {
    expect(centuryOf(28, 3, 16, { now: new Date('2026-12-04T00:00:00Z') })).toBe(1928);
    expect(centuryOf(28, 3, 16, { now: new Date('2027-06-01T00:00:00Z') })).toBe(2028);
    expect(centuryOf(50, 1, 1, { now: new Date('2049-06-01T00:00:00Z') })).toBe(2050);
    expect(centuryOf(51, 1, 1, { now: new Date('2049-06-01T00:00:00Z') })).toBe(1951);
  });

  it('reads the clock only when no instant is injected (a date of 2018 stays 2018)', () => {
    expect(parseDate('16.03.18', { timeZone: 'Europe/Moscow' })).toBe('2018-03-16T00:00:00+03:00');
  });
});

describe('formatInZone', () => {
  it('renders an instant as the zone\'s wall clock with its offset', () => {
    expect(formatInZone(Date.UTC(2023, 0, 1, 0, 0, 0), 'Europe/Moscow')).toBe('2023-01-01T03:00:00+03:00');
    expect(formatInZone(Date.UTC(2023, 0, 1, 0, 0, 0), 'Asia/Yekaterinburg')).toBe('2023-01-01T05:00:00+05:00');
  });
});
