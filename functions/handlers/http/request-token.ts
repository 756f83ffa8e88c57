import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ValidationError } from '../../core/errors.js';
import { header } from './responses.js';

/**
 * The token that makes an editor's write idempotent: the editor's `Idempotency-Key` when sent
 * (1 to 200 visible ASCII characters), else a digest of what the request asks (`request`: target,
 * expected version, action) and who asks, so the same editor sending the same action on the same
 * version is one request.
 */
export function editorRequestToken(event: APIGatewayProxyEventV2, username: string, request: readonly unknown[]): string {
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey === undefined) return `derived:${createHash('sha256').update(JSON.stringify([...request, username])).digest('base64url')}`;
  if (!/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
    throw new ValidationError('Idempotency-Key must be 1 to 200 visible ASCII characters', { header: 'Idempotency-Key' });
  }
  return `key:${username}:${idempotencyKey}`;
}
