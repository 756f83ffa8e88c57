import { UnauthorizedError } from '../../core/errors.js';
import type { AccessTokenVerifier } from '../../core/ports.js';
import type { HttpMiddleware } from './types.js';

export interface RequireEditorOptions {
  verifier: AccessTokenVerifier;
}

/**
 * Demands a Bearer access token of an editor on every route it guards and puts the editor on
 * `context.editor`. On AWS the API Gateway authorizer already required the scope; the group is
 * checked here again because authorizers do not look at groups.
 */
export function requireEditor(options: RequireEditorOptions): HttpMiddleware {
  const requireEditorBefore: NonNullable<HttpMiddleware['before']> = async (request) => {
    const header = request.event.headers?.['authorization'] ?? request.event.headers?.['Authorization'];
    const match = header ? /^Bearer +([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('a Bearer access token is required');
    request.context.editor = await options.verifier.verifyEditor(match[1]!);
  };
  return { before: requireEditorBefore };
}
