import { ZodError } from 'zod';
import { DomainError } from '../../core/errors.js';
import { domainProblem, problemResponse, problemTypeUri, statusTitle } from './problem.js';
import { consoleLogger, type HttpLogger, type HttpMiddleware } from './types.js';

export interface HttpErrorHandlerOptions {
  logger?: HttpLogger;
}

/**
 * The one place where errors become HTTP (RFC 9457 problem+json): domain errors keep their status
 * and message, zod errors become 400 with the failing paths, and anything else is a generic 500
 * whose internals are only logged, once, with the request id.
 */
export function httpErrorHandler(options: HttpErrorHandlerOptions = {}): HttpMiddleware {
  const logger = options.logger ?? consoleLogger;

  const httpErrorHandlerOnError: NonNullable<HttpMiddleware['onError']> = async (request) => {
    if (request.response !== undefined) return;
    const error = request.error;
    const instance = request.event?.rawPath;
    if (error instanceof DomainError) {
      const headers: Record<string, string> = error.status === 401 ? { 'www-authenticate': 'Bearer realm="practice-watch"' } : {};
      request.response = problemResponse(domainProblem(error, instance), headers);
      return;
    }
    if (error instanceof ZodError) {
      request.response = problemResponse({
        type: problemTypeUri('validation'),
        title: statusTitle(400),
        status: 400,
        detail: 'the request is invalid',
        ...(instance ? { instance } : {}),
        errors: error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
      });
      return;
    }
    const requestId = request.event?.requestContext?.requestId;
    logger.error('unhandled error in API handler', { requestId, routeKey: request.event?.routeKey, error });
    request.response = problemResponse({
      type: problemTypeUri('internal'),
      title: statusTitle(500),
      status: 500,
      detail: 'an internal error occurred',
      ...(instance ? { instance } : {}),
      ...(requestId ? { requestId } : {}),
    });
  };

  return { onError: httpErrorHandlerOnError };
}
