import { describe, expect, it } from 'vitest';
import {
  backoffMs,
  deriveStatus,
  FAILING_ALERT_THRESHOLD,
  healthAfterFailure,
  healthAfterSuccess,
  initialHealth,
  MAX_BACKOFF_MS,
  shouldAlert,
} from '../../../functions/core/ingest/source-health.js';
import type { SourceDefinition } from '../../../functions/core/source-definition.js';

const source = {
  id: 'example-gov',
  scheduleMinutes: 60,
  expectedCadenceHours: 24,
} as SourceDefinition;

const at = (iso: string) => new Date(iso);

describe('source health', () => {
  it('starts as never-run', () => {
    expect(initialHealth(source).status).toBe('never-run');
  });

  it('backs off exponentially from the schedule interval and caps at 24 h', () => {
    const hours = [1, 2, 3, 4, 5, 6, 7, 10].map((n) => backoffMs(source, n) / 3_600_000);
    expect(hours).toEqual([1, 2, 4, 8, 16, 24, 24, 24]);
  });

  it('honours a Retry-After longer than the exponential delay, still capped at 24 h', () => {
    expect(backoffMs(source, 1, 3 * 3600)).toBe(3 * 3_600_000);
    expect(backoffMs(source, 1, 7 * 24 * 3600)).toBe(MAX_BACKOFF_MS);
  });

  it('counts consecutive failures, keeps the reason and sets backoff; a success resets them', () => {
    let health = initialHealth(source);
    health = healthAfterFailure(health, source, { at: at('2026-11-26T10:00:00Z'), code: 'blocked', message: 'HTTP 403' });
    health = healthAfterFailure(health, source, { at: at('2026-11-26T11:00:00Z'), code: 'timeout', message: 'deadline 20 s' });
    expect(health).toMatchObject({
      status: 'failing',
      consecutiveFailures: 2,
      lastErrorCode: 'timeout',
      lastErrorMessage: 'deadline 20 s',
      backoffUntil: '2026-11-26T13:00:00.000Z',
    });
    health = healthAfterSuccess(health, source, { at: at('2026-11-26T13:05:00Z'), itemsSeen: 12, itemsNew: 2 });
    expect(health).toMatchObject({
      status: 'ok',
      consecutiveFailures: 0,
      backoffUntil: null,
      lastSuccessAt: '2026-11-26T13:05:00.000Z',
      lastNewItemAt: '2026-11-26T13:05:00.000Z',
      lastItemCount: 12,
      lastNewItemCount: 2,
      // The last error stays visible after recovery.
      lastErrorCode: 'timeout',
    });
  });

  it('says degraded (not ok) while a run names a reason (fallback entry point, generic extractor); failing and stale win over it', () => {
    let health = healthAfterSuccess(initialHealth(source), source, {
      at: at('2026-11-26T10:00:00Z'),
      itemsSeen: 3,
      itemsNew: 3,
      workingEntryPoints: [{ url: 'https://example.org/news/', label: 'news-list', kind: 'html-list', fallback: true }],
      degradedReasons: ['on fallback entry point news-list (https://example.org/news/): news-rss not_a_feed'],
    });
    expect(health).toMatchObject({ status: 'degraded', workingEntryPoints: [{ label: 'news-list', fallback: true }] });
    expect(deriveStatus(health, at('2026-11-29T10:00:00Z'))).toBe('stale');
    health = healthAfterFailure(health, source, { at: at('2026-11-26T11:00:00Z'), code: 'network', message: 'ECONNREFUSED' });
    expect(health.status).toBe('failing');
    health = healthAfterSuccess(health, source, { at: at('2026-11-26T12:00:00Z'), itemsSeen: 3, itemsNew: 0, degradedReasons: [] });
    expect(health.status).toBe('ok');
    // The working entry points stay known when a run does not say (a state written before them).
    expect(health.workingEntryPoints).toEqual([{ url: 'https://example.org/news/', label: 'news-list', kind: 'html-list', fallback: true }]);
  });

  it('marks a source stale when nothing new came for twice its cadence', () => {
    const health = healthAfterSuccess(initialHealth(source), source, { at: at('2026-11-20T00:00:00Z'), itemsSeen: 5, itemsNew: 5 });
    const later = healthAfterSuccess(health, source, { at: at('2026-11-23T00:00:00Z'), itemsSeen: 5, itemsNew: 0 });
    expect(later.status).toBe('stale');
    expect(deriveStatus(later, at('2026-11-21T00:00:00Z'))).toBe('ok');
  });

  it('alerts when failures first reach the threshold and again once backoff is at its cap, never silently stops', () => {
    const alerts = Array.from({ length: 12 }, (_, i) => i + 1).filter((n) => shouldAlert(source, n));
    expect(alerts[0]).toBe(FAILING_ALERT_THRESHOLD);
    expect(alerts).toEqual([3, 6, 7, 8, 9, 10, 11, 12]);
  });
});
