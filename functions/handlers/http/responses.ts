import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { NotFoundError } from '../../core/errors.js';
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

/**
 * Dispatches on API Gateway's `routeKey` (e.g. `GET /practices/{id}`), which the local bridge
 * fills in the same way; an unknown route is a 404 problem.
 */
export function routeByKey(routes: Record<string, RouteHandler>): RouteHandler {
  return async (event, context) => {
    const handler = Object.hasOwn(routes, event.routeKey) ? routes[event.routeKey] : undefined;
    if (!handler) throw new NotFoundError('no such route', { routeKey: event.routeKey });
    return handler(event, context);
  };
}

/** Case-insensitive header lookup (API Gateway lower-cases names; direct invocations may not). */
export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  return headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}
