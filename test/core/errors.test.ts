import { describe, expect, it } from 'vitest';
import {
  CriticalError,
  deserializeError,
  ERROR_CODES,
  FAILURE_CODES,
  LayoutChangedError,
  NonRetryableError,
  NotFoundError,
  PipelineError,
  RetryableError,
  serializeError,
  toPipelineError,
  VersionConflictError,
} from '../../functions/core/errors.js';

describe('the error family', () => {
  it('decides retry by class alone, whatever the code', () => {
    expect(new RetryableError('network', 'reset').retryable).toBe(true);
    expect(new NonRetryableError('network', 'TLS failure').retryable).toBe(false);
    expect(new CriticalError('bug').retryable).toBe(false);
    expect(new CriticalError('bug').kind).toBe('critical');
    expect(new LayoutChangedError('zero items').kind).toBe('not-retryable');
  });

  it('keeps code, context and cause, each class naming itself', () => {
    const cause = new Error('socket hang up');
    const error = new RetryableError('http_5xx', 'server error 503', { sourceId: 's', url: 'https://a.example/', status: 503 }, { cause });
    expect(error).toBeInstanceOf(PipelineError);
    expect(error).toMatchObject({ name: 'RetryableError', code: 'http_5xx', context: { sourceId: 's', status: 503 }, cause });
    expect(new NotFoundError('no such practice', { id: 'x' })).toMatchObject({ name: 'NotFoundError', code: 'not_found', context: { id: 'x' } });
  });

  it('has one closed set holding the pipeline failures and the refused-request codes', () => {
    expect(ERROR_CODES).toEqual(expect.arrayContaining([...FAILURE_CODES, 'not_found', 'version_conflict', 'precondition_required']));
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('toPipelineError', () => {
  it('adds context under the error’s own and keeps its class', () => {
    const original = new LayoutChangedError('zero items', { url: 'https://a.example/list' });
    const merged = toPipelineError(original, { sourceId: 's', url: 'ignored' });
    expect(merged).toBeInstanceOf(LayoutChangedError);
    expect(merged.context).toEqual({ sourceId: 's', url: 'https://a.example/list' });
    expect(merged.message).toBe('zero items');
    expect(original.context).toEqual({ url: 'https://a.example/list' });
  });

  it('makes anything else, a refused request included, a critical failure caused by it', () => {
    const thrown = new TypeError('x is undefined');
    expect(toPipelineError(thrown)).toMatchObject({ code: 'internal', kind: 'critical', cause: thrown });
    expect(toPipelineError(new VersionConflictError('stale'))).toMatchObject({ code: 'internal', kind: 'critical' });
  });
});

describe('serializeError / deserializeError (a worker or queue boundary)', () => {
  const roundTrip = (error: PipelineError) => deserializeError(JSON.parse(JSON.stringify(serializeError(error))));

  it('rebuilds the same class, so the same retry decision', () => {
    const cases: Array<[PipelineError, new (...args: never[]) => PipelineError]> = [
      [new RetryableError('timeout', 'connect timeout'), RetryableError],
      [new NonRetryableError('network', 'TLS failure'), NonRetryableError],
      [new NonRetryableError('illformed', 'bad XML'), NonRetryableError],
      [new LayoutChangedError('zero items'), LayoutChangedError],
      [new CriticalError('bug'), CriticalError],
      [new VersionConflictError('stale', { currentVersion: 3 }), VersionConflictError],
    ];
    for (const [error, expected] of cases) {
      const rebuilt = roundTrip(error);
      expect(rebuilt, error.name).toBeInstanceOf(expected);
      expect(rebuilt).toMatchObject({ name: error.name, code: error.code, kind: error.kind, retryable: error.retryable, message: error.message, context: error.context });
    }
  });

  it('keeps a subclass name the other side does not know', () => {
    const ssrf = new NonRetryableError('ssrf_blocked', 'loopback refused');
    ssrf.name = 'SsrfBlockedError';
    expect(roundTrip(ssrf)).toMatchObject({ name: 'SsrfBlockedError', code: 'ssrf_blocked', kind: 'not-retryable' });
  });

  it('turns a malformed description into a critical error', () => {
    expect(deserializeError({ kind: 'retryable', code: 'no_such_code' as never, name: 'X', message: 'm', context: {} })).toBeInstanceOf(CriticalError);
    expect(deserializeError({ kind: 'retryable', code: 'http_4xx', name: 'X', message: 'm', context: {} })).toMatchObject({ kind: 'not-retryable' });
  });
});
