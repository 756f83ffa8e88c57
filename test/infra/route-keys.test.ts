import { HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { describe, expect, it } from 'vitest';
import { parseRouteKey } from '../../infra/stacks/api-stack.js';
import { scheduleIdFor } from '../../infra/stacks/ingest-stack.js';

describe('parseRouteKey', () => {
  it('splits a route key into method and path', () => {
    expect(parseRouteKey('DELETE /webhooks/{id}')).toEqual({ method: HttpMethod.DELETE, path: '/webhooks/{id}' });
  });

  it('rejects keys API Gateway would not take', () => {
    for (const key of ['GET', 'get /practices', 'FETCH /practices', 'GET practices', 'GET /a /b']) {
      expect(() => parseRouteKey(key), key).toThrow(/not a route key/);
    }
  });
});

describe('scheduleIdFor', () => {
  it('turns a kebab-case source id into a PascalCase construct id', () => {
    expect(scheduleIdFor('economy-gov-ru')).toBe('EconomyGovRuSchedule');
    expect(scheduleIdFor('gov74-ru')).toBe('Gov74RuSchedule');
  });
});
