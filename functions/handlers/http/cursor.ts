import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PageToken } from '../../core/ports.js';
import { ValidationError } from '../../core/errors.js';

/**
 * Signs the repository's opaque page tokens for the outside world. A cursor is bound to the
 * listing and filter it came from, so that it cannot be edited or replayed with other filters.
 */
export interface CursorCodec {
  /** The cursor handed to clients for `token` under `binding` (route + filter). */
  encode(token: PageToken, binding: unknown): string;
  /** The token inside `cursor`; throws `ValidationError` (400) when it was tampered with or belongs elsewhere. */
  decode(cursor: string, binding: unknown): PageToken;
}

/** JSON with object keys sorted, so that the same filter always binds the same way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** HMAC-SHA256 cursors: `base64url(token).base64url(mac(binding, token))`. */
export function createCursorCodec(secret: string): CursorCodec {
  if (secret.length < 16) throw new Error('cursor secret must be at least 16 characters');
  const mac = (token: string, binding: unknown) =>
    createHmac('sha256', secret).update(canonical(binding)).update('\n').update(token).digest();

  return {
    encode(token, binding) {
      return `${Buffer.from(token, 'utf8').toString('base64url')}.${mac(token, binding).toString('base64url')}`;
    },
    decode(cursor, binding) {
      const invalid = () => new ValidationError('invalid cursor', { parameter: 'cursor' });
      const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(cursor);
      if (!match) throw invalid();
      const token = Buffer.from(match[1]!, 'base64url').toString('utf8');
      const given = Buffer.from(match[2]!, 'base64url');
      const expected = mac(token, binding);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
      return token;
    },
  };
}
