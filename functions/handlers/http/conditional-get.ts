import { createHash } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpMiddleware } from './types.js';

/** Strong entity tag of a body: a hash of its exact bytes. */
export function strongEtag(body: string, isBase64Encoded = false): string {
  const bytes = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  return `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}"`;
}

/** Whether an `If-None-Match` value matches `etag` (weak comparison, RFC 9110 §13.1.2). */
export function noneMatchHits(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === wanted);
}

function headerValue(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/**
 * ETag and 304 for successful GET responses: the tag is a hash of the body, so any change of
 * content changes it. A response that already carries an ETag keeps it.
 */
export function httpConditionalGet(): HttpMiddleware {
  const httpConditionalGetAfter: NonNullable<HttpMiddleware['after']> = async (request) => {
    const method = request.event.requestContext?.http?.method ?? 'GET';
    const response = request.response as APIGatewayProxyStructuredResultV2 | undefined;
    if (!response || (method !== 'GET' && method !== 'HEAD') || response.statusCode !== 200 || typeof response.body !== 'string') return;
    const headers = { ...(response.headers ?? {}) } as Record<string, string>;
    const etag = headers['etag'] ?? strongEtag(response.body, response.isBase64Encoded);
    headers['etag'] = etag;
    if (noneMatchHits(headerValue(request.event.headers, 'if-none-match'), etag)) {
      // 304 keeps the validators and caching headers but no body or entity headers.
      const kept: Record<string, string> = {};
      for (const name of ['etag', 'cache-control', 'vary', 'last-modified']) if (headers[name]) kept[name] = headers[name];
      request.response = { statusCode: 304, headers: kept, body: '' };
      return;
    }
    request.response = { ...response, headers };
  };
  return { after: httpConditionalGetAfter };
}
