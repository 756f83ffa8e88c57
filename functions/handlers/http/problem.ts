import type { APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ErrorCode } from '../../core/errors.js';

/** Media type of RFC 9457 problem details. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** URI of a problem type: the error code, in kebab case (`version_conflict` → `…:version-conflict`). */
export const problemTypeUri = (code: ErrorCode): string => `urn:practice-watch:problem:${code.replaceAll('_', '-')}`;

/** An RFC 9457 problem details object, with extension members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  428: 'Precondition Required',
  500: 'Internal Server Error',
};

/** The standard reason phrase of a status, used as a problem's `title`. */
export const statusTitle = (status: number): string => TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/** Builds a problem+json response. */
export function problemResponse(problem: ProblemDetails, headers: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...headers },
    body: JSON.stringify(problem),
  };
}

/** A problem of type `code`; `extensions` become members, the reserved ones winning over them. */
export function problemOf(code: ErrorCode, status: number, detail: string, instance: string | undefined, extensions: Record<string, unknown> = {}): ProblemDetails {
  return { ...extensions, type: problemTypeUri(code), title: statusTitle(status), status, detail, ...(instance ? { instance } : {}) };
}

/** Narrows a handler result to the structured form (our handlers never return bare strings). */
export function structured(result: APIGatewayProxyResultV2 | undefined): APIGatewayProxyStructuredResultV2 {
  if (result === undefined || typeof result === 'string') return { statusCode: 200, body: result ?? '' };
  return result as APIGatewayProxyStructuredResultV2;
}
