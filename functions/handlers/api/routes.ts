/**
 * Route keys of the two APIs, in API Gateway's syntax. The CDK app and the local runtime
 * register exactly these, and the handlers dispatch on them.
 */
export const QUERY_API_ROUTES = [
  'GET /practices',
  'GET /practices.atom',
  'GET /practices/{id}',
  'GET /practices/{id}/raw/{n}',
  'GET /sources',
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
