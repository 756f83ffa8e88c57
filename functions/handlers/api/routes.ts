/**
 * Route keys of the two APIs, in API Gateway's syntax. The CDK app and the local runtime
 * register these (with a HEAD twin of every GET, see {@link headRoutesOf}), and the handlers
 * dispatch on them; any other method on a known path is a 405 with `Allow`.
 */
export const QUERY_API_ROUTES = [
  'GET /practices',
  'GET /practices.atom',
  'GET /practices/{id}',
  'GET /practices/{id}/raw/{n}',
  'GET /sources',
  'GET /sources/activity',
  'GET /openapi.json',
  'GET /stories/{id}',
  'GET /regions',
  'GET /regions/{code}',
  'GET /regions/{code}/feed.atom',
] as const;

/** Editor routes: Bearer JWT with the editor scope at the gateway, the editors group in the handler. */
export const REVIEW_API_ROUTES = [
  'GET /review',
  'PATCH /practices/{id}',
  'GET /practices/{id}/history',
  'GET /webhooks',
  'POST /webhooks',
  'DELETE /webhooks/{id}',
  'GET /webhooks/{id}/deliveries',
  'GET /review/stories',
  'GET /review/stories/{id}',
  'PATCH /stories/{id}',
  'GET /stories/{id}/history',
] as const;

export type QueryApiRoute = (typeof QUERY_API_ROUTES)[number];
export type ReviewApiRoute = (typeof REVIEW_API_ROUTES)[number];

/** Every route of both APIs. */
export const API_ROUTES: readonly string[] = [...QUERY_API_ROUTES, ...REVIEW_API_ROUTES];

/**
 * The HEAD twin of every GET route (`HEAD /practices`): answered like the GET, without a body.
 * API Gateway matches methods exactly, so the CDK app registers these next to the GETs.
 */
export function headRoutesOf(routes: readonly string[]): string[] {
  return routes.filter((key) => key.startsWith('GET ')).map((key) => `HEAD ${key.slice(4)}`);
}

const pathOf = (routeKey: string) => routeKey.slice(routeKey.indexOf(' ') + 1);

/** True when a concrete path (`/practices/abc`) fits a route's path template (`/practices/{id}`). */
export function pathMatchesTemplate(path: string, template: string): boolean {
  const parts = path.split('/');
  const pattern = template.split('/');
  if (parts.length !== pattern.length) return false;
  return pattern.every((segment, i) => (/^\{[A-Za-z0-9_]+\}$/.test(segment) ? parts[i] !== '' : segment === parts[i]));
}

/**
 * The methods a concrete path answers to, HEAD wherever GET is, in a stable order; empty when no
 * route has that path. This is the `Allow` header of a 405.
 */
export function allowedMethods(path: string, routes: readonly string[] = API_ROUTES): string[] {
  const methods = new Set<string>();
  for (const key of routes) {
    if (!pathMatchesTemplate(path, pathOf(key))) continue;
    const method = key.slice(0, key.indexOf(' '));
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
  }
  const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];
  return [...methods].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
