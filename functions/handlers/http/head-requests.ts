import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { HttpMiddleware } from './types.js';

/**
 * HEAD answers exactly like GET, headers and ETag included, without the body (RFC 9110 §9.3.2).
 * Use it first, so that it runs after every other middleware has seen the full body.
 */
export function httpHeadRequests(): HttpMiddleware {
  const strip = (response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 => {
    const body = response.body ?? '';
    const length = Buffer.byteLength(body, response.isBase64Encoded ? 'base64' : 'utf8');
    const { isBase64Encoded: _encoded, ...rest } = response;
    return { ...rest, headers: { ...(response.headers ?? {}), 'content-length': String(length) }, body: '' };
  };
  const httpHeadRequestsAfter: NonNullable<HttpMiddleware['after']> = async (request) => {
    if (request.event.requestContext?.http?.method !== 'HEAD') return;
    if (request.response && typeof request.response === 'object') request.response = strip(request.response);
  };
  return { after: httpHeadRequestsAfter, onError: httpHeadRequestsAfter };
}
