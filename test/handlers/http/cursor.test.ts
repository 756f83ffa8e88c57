import { describe, expect, it } from 'vitest';
import { PreconditionRequiredError, ValidationError } from '../../../functions/core/errors.js';
import { parseIfMatch } from '../../../functions/handlers/api/review-api.js';
import { createCursorCodec } from '../../../functions/handlers/http/cursor.js';

describe('createCursorCodec', () => {
  const codec = createCursorCodec('a-secret-of-sixteen+');
  const token = JSON.stringify({ gsk: '2025-01-01T00:00:00Z#abc', pk: 'PUB#R#RU-MOW' });

  it('round-trips a token bound to a filter, whatever the order of the filter keys', () => {
    const cursor = codec.encode(token, { listing: 'public', filter: { region: 'RU-MOW', q: 'школа' } });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(codec.decode(cursor, { filter: { q: 'школа', region: 'RU-MOW' }, listing: 'public' })).toBe(token);
  });

  it('refuses a cursor signed with another secret, bound to another filter or listing, or edited', () => {
    const binding = { listing: 'public', filter: { region: 'RU-MOW' } };
    const cursor = codec.encode(token, binding);
    const [body, mac] = cursor.split('.') as [string, string];
    const attempts = [
      () => createCursorCodec('another-secret-of-16').decode(cursor, binding),
      () => codec.decode(cursor, { listing: 'public', filter: { region: 'RU-SPE' } }),
      () => codec.decode(cursor, { listing: 'review', filter: { region: 'RU-MOW' } }),
      () => codec.decode(`${Buffer.from(token.replace('abc', 'abd')).toString('base64url')}.${mac}`, binding),
      () => codec.decode(`${body}.${mac.slice(1)}A`, binding),
      () => codec.decode(`${body}`, binding),
    ];
    for (const attempt of attempts) expect(attempt).toThrow(ValidationError);
  });

  it('will not run with a short secret', () => {
    expect(() => createCursorCodec('short')).toThrow();
  });
});

describe('parseIfMatch', () => {
  it('reads "7", W/"7" and 7, demands a value (428) and rejects anything else (400)', () => {
    expect([parseIfMatch('"7"'), parseIfMatch('W/"7"'), parseIfMatch('7'), parseIfMatch(' "12" ')]).toEqual([7, 7, 7, 12]);
    expect(() => parseIfMatch(undefined)).toThrow(PreconditionRequiredError);
    expect(() => parseIfMatch('')).toThrow(PreconditionRequiredError);
    for (const bad of ['*', '"abc"', '"7", "8"', '-1', '1e3']) expect(() => parseIfMatch(bad)).toThrow(ValidationError);
  });
});
