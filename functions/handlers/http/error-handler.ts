import { $ZodError } from 'zod/v4/core';
import { PipelineError, type RequestErrorCode } from '../../core/errors.js';
import { problemOf, problemResponse } from './problem.js';
import { consoleLogger, type HttpLogger, type HttpMiddleware } from './types.js';

/**
 * The HTTP status of each code of a refused request. Every other code (the pipeline's failures,
 * `internal`) reaching the API is a generic 500.
 */
export const HTTP_STATUS_OF_CODE = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  already_exists: 409,
  version_conflict: 412,
  unsupported_media_type: 415,
  precondition_required: 428,
  method_not_allowed: 405,
} as const satisfies Record<RequestErrorCode, number>;

/** The status an error becomes, or undefined when it is a generic 500. */
export function httpStatusOf(error: PipelineError): number | undefined {
  return (HTTP_STATUS_OF_CODE as Partial<Record<string, number>>)[error.code];
}

export interface HttpErrorHandlerOptions {
  logger?: HttpLogger;
}

/**
 * The one place where errors become HTTP (RFC 9457 problem+json): a refused request keeps its
 * message and context under the status of its code, zod errors become 400 with the failing paths,
 * and anything else is a generic 500 whose internals are only logged, once, with the request id.
 */
export function httpErrorHandler(options: HttpErrorHandlerOptions = {}): HttpMiddleware {
  const logger = options.logger ?? consoleLogger;

  const httpErrorHandlerOnError: NonNullable<HttpMiddleware['onError']> = async (request) => {
    if (request.response !== undefined) return;
    const error = request.error;
    const instance = request.event?.rawPath;
    const status = error instanceof PipelineError ? httpStatusOf(error) : undefined;
    if (error instanceof PipelineError && status !== undefined) {
      const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer realm="practice-watch"' } : {};
      // A 405 must say what is allowed (RFC 9110 §15.5.6).
      if (status === 405 && Array.isArray(error.context['allow'])) headers['allow'] = error.context['allow'].join(', ');
      request.response = problemResponse(problemOf(error.code, status, error.message, instance, error.context), headers);
      return;
    }
    // Any zod error, from the classic API or zod/mini: both carry the core's trait.
    if (error instanceof $ZodError) {
      const errors = error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
      request.response = problemResponse(problemOf('validation', 400, 'the request is invalid', instance, { errors }));
      return;
    }
    const requestId = request.event?.requestContext?.requestId;
    logger.error('unhandled error in API handler', { requestId, routeKey: request.event?.routeKey, error });
    request.response = problemResponse(problemOf('internal', 500, 'an internal error occurred', instance, requestId ? { requestId } : {}));
  };

  return { onError: httpErrorHandlerOnError };
}
