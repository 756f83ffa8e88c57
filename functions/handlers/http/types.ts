import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from 'aws-lambda';
import type { EditorPrincipal } from '../../core/ports.js';

/** Lambda context, extended with what our middlewares attach (`editor`: set by `requireEditor`). */
export interface ApiContext extends Context {
  editor?: EditorPrincipal;
}

/** A middy middleware over API Gateway HTTP API v2 events. */
export type HttpMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ApiContext>;

/** The minimal logger the HTTP layer needs; the Powertools `Logger` satisfies it. */
export interface HttpLogger {
  error(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
}

export const consoleLogger: HttpLogger = {
  error: (message, ...extra) => console.error(message, ...extra),
  warn: (message, ...extra) => console.warn(message, ...extra),
};
