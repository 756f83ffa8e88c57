import { describe, expect, it } from 'vitest';
import { filterBound, isCalendarDate, isCalendarDateTime, isStorableFigure, isWellFormedText, parseIsoInstant } from '../../functions/core/validation.js';

describe('core validation rules', () => {
  it('accepts only dates that exist in the calendar', () => {
    expect(['2024-02-29', '2023-12-31', '0000-01-01', '9999-12-31'].filter(isCalendarDate)).toHaveLength(4);
    expect(['2023-02-29', '2023-02-30', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '1900-02-29', '23-01-01'].filter(isCalendarDate)).toEqual([]);
  });

  it('accepts date-times with real hours and offsets only, inside four-digit years', () => {
    expect(isCalendarDateTime('2025-03-01T09:30:00+03:00')).toBe(true);
    expect(isCalendarDateTime('2025-03-01T09:30Z')).toBe(true);
    for (const value of ['2023-01-01T24:00Z', '2023-01-01T23:60Z', '2023-01-01T10:00:60Z', '2023-01-01T10:00+24:00', '2023-01-01T10:00', '9999-12-31T23:00-05:00', '0000-01-01T00:00+01:00']) {
      expect({ value, ok: isCalendarDateTime(value) }).toEqual({ value, ok: false });
    }
    expect(parseIsoInstant('2025-03-01T00:00:00+03:00')).toBe(Date.parse('2025-02-28T21:00:00Z'));
  });

  it('turns filter values into inclusive UTC bounds', () => {
    expect(filterBound('2025-03-01', 'from')).toBe('2025-03-01T00:00:00.000Z');
    expect(filterBound('2025-03-01', 'to')).toBe('2025-03-01T23:59:59.999Z');
    expect(filterBound('2025-03-01T03:00:00+03:00', 'to')).toBe('2025-03-01T00:00:00.000Z');
    expect(filterBound('2025-02-30', 'from')).toBeNull();
    expect(filterBound('yesterday', 'from')).toBeNull();
  });

  it('keeps figures to numbers DynamoDB and the SDK store exactly', () => {
    expect([0, -0, 1, -2.5, 1e15, -1e15, 1e-6, 0.25].every(isStorableFigure)).toBe(true);
    expect([1e16, 1e308, -1e-320, 1e-7, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2].some(isStorableFigure)).toBe(false);
  });

  it('refuses lone surrogates and keeps real pairs', () => {
    expect(isWellFormedText('Москва 🏛')).toBe(true);
    expect(isWellFormedText('a\ud800')).toBe(false);
    expect(isWellFormedText('\udc00b')).toBe(false);
    // Tab and line breaks are text; other controls and noncharacters are not (XML cannot carry them).
    expect(isWellFormedText('строка\tодна\r\nдве')).toBe(true);
    for (const bad of ['a\u0000b', 'a\u0007', '\u001b[31m', '\u007f', '\u0085', '\ufffe', '\ufdd0', String.fromCodePoint(0x1fffe), String.fromCodePoint(0x10ffff)]) {
      expect({ bad, ok: isWellFormedText(bad) }).toEqual({ bad, ok: false });
    }
  });
});
