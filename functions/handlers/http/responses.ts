import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MethodNotAllowedError, NotFoundError } from '../../core/errors.js';
import type { ApiContext } from './types.js';

/** Cache policy of public reads: shared caches may keep them a minute. */
export const PUBLIC_CACHE = 'public, max-age=60';
/** Editor answers are personal and change with every decision. */
export const NO_STORE = 'no-store';

/**
 * Headers every answer carries unless it sets its own: no sniffing, no framing, no referrer leaks,
 * and no caching (public reads opt in to caching explicitly).
 */
export const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': NO_STORE,
};

/** A JSON response. */
export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

/** A route's implementation. */
export type RouteHandler = (event: APIGatewayProxyEventV2, context: ApiContext) => Promise<APIGatewayProxyStructuredResultV2>;

export interface RouteByKeyOptions {
  /** Methods a concrete path answers to (the `Allow` of a 405); empty for an unknown path. */
  allowedMethods?: (path: string) => string[];
}

/**
 * Dispatches on API Gateway's `routeKey` (e.g. `GET /practices/{id}`), which the local bridge
 * fills in the same way. `HEAD /x` is served by `GET /x` (the `httpHeadRequests` middleware drops
 * the body); a known path asked with another method (API Gateway's `$default` route, or a method
 * this function does not serve) is a 405 naming the allowed ones; anything else a 404 problem.
 */
export function routeByKey(routes: Record<string, RouteHandler>, options: RouteByKeyOptions = {}): RouteHandler {
  const own = (key: string) => (Object.hasOwn(routes, key) ? routes[key] : undefined);
  return async (event, context) => {
    const key = event.routeKey ?? '';
    const handler = own(key) ?? (key.startsWith('HEAD ') ? own(`GET ${key.slice(5)}`) : undefined);
    if (handler) return handler(event, context);
    const allowed = options.allowedMethods?.(event.rawPath ?? '') ?? [];
    if (allowed.length > 0) {
      const method = event.requestContext?.http?.method ?? key.split(' ')[0] ?? '';
      throw new MethodNotAllowedError(`${method} is not allowed here`, { allow: allowed });
    }
    throw new NotFoundError('no such route', { routeKey: key });
  };
}

/** Case-insensitive header lookup (API Gateway lower-cases names; direct invocations may not). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}
