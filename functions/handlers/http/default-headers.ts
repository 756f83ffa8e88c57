import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpMiddleware } from './types.js';

/**
 * Adds headers to every response, success or problem, unless the response already sets them
 * (e.g. a public route's `Cache-Control` over a default `no-store`).
 */
export function defaultHeaders(defaults: Record<string, string>): HttpMiddleware {
  const lower = Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k.toLowerCase(), v]));
  const apply = (response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 => {
    const headers = { ...(response.headers ?? {}) } as Record<string, string | number | boolean>;
    const present = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
    for (const [name, value] of Object.entries(lower)) if (!present.has(name)) headers[name] = value;
    return { ...response, headers };
  };
  const defaultHeadersAfter: NonNullable<HttpMiddleware['after']> = async (request) => {
    if (request.response && typeof request.response === 'object') request.response = apply(request.response);
  };
  const defaultHeadersOnError: NonNullable<HttpMiddleware['onError']> = async (request) => {
    if (request.response && typeof request.response === 'object') request.response = apply(request.response);
  };
  return { after: defaultHeadersAfter, onError: defaultHeadersOnError };
}
