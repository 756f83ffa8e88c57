import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CODES, PreconditionRequiredError, UnsupportedMediaTypeError, VersionConflictError } from '../../../functions/core/errors.js';
import { HTTP_STATUS_OF_CODE, httpErrorHandler } from '../../../functions/handlers/http/error-handler.js';
import type { ApiContext } from '../../../functions/handlers/http/types.js';

const event = { routeKey: 'GET /x', rawPath: '/x', headers: {}, requestContext: { requestId: 'req-42', http: { method: 'GET' } } } as unknown as APIGatewayProxyEventV2;

function handlerThrowing(error: unknown, logged: unknown[][]) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, ApiContext>()
    .use(httpErrorHandler({ logger: { error: (...a) => void logged.push(a), warn: (...a) => void logged.push(a) } }))
    .handler(async () => {
      throw error;
    });
}

async function run(error: unknown) {
  const logged: unknown[][] = [];
  const response = (await handlerThrowing(error, logged)(event, {} as ApiContext)) as APIGatewayProxyStructuredResultV2;
  return { response, body: JSON.parse(response.body!), logged };
}

describe('httpErrorHandler', () => {
  it('turns an unexpected error into a generic 500 problem, logging it once with the request id', async () => {
    const { response, body, logged } = await run(new Error('connection to db-internal:5432 failed, password=hunter2'));
    expect(response.statusCode).toBe(500);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('db-internal');
    expect(body).toEqual({ type: 'urn:practice-watch:problem:internal', title: 'Internal Server Error', status: 500, detail: 'an internal error occurred', instance: '/x', requestId: 'req-42' });
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged[0]![1], (_k, v) => (v instanceof Error ? v.message : v))).toContain('req-42');
  });

  it('keeps a domain error status, message and details, reserved members winning', async () => {
    const { response, body, logged } = await run(new VersionConflictError('practice p is at version 3, not 2', { currentVersion: 3, status: 999 }));
    expect(response.statusCode).toBe(412);
    expect(body).toEqual({ type: 'urn:practice-watch:problem:version-conflict', title: 'Precondition Failed', status: 412, detail: 'practice p is at version 3, not 2', instance: '/x', currentVersion: 3 });
    expect(logged).toHaveLength(0);
    expect((await run(new PreconditionRequiredError())).response.statusCode).toBe(428);
    expect((await run(new UnsupportedMediaTypeError('the body must be application/json'))).body).toMatchObject({ status: 415, type: 'urn:practice-watch:problem:unsupported-media-type' });
  });

  it('is described by the README: one row per code of the closed set, with the status this middleware gives it', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9_]+)` \|.*\| (\d{3}) \|$/gm)].map((m) => [m[1], Number(m[2])]);
    const statusOf = (code: string) => (HTTP_STATUS_OF_CODE as Record<string, number>)[code] ?? 500;
    expect(rows).toEqual(ERROR_CODES.map((code) => [code, statusOf(code)]));
  });

  it('turns zod errors into 400 with the failing paths', async () => {
    const parsed = z.object({ limit: z.number().max(100) }).safeParse({ limit: 1000 });
    const { response, body } = await run(parsed.error);
    expect(response.statusCode).toBe(400);
    expect(body.errors).toEqual([{ path: 'limit', message: expect.stringContaining('100') }]);
  });
});
