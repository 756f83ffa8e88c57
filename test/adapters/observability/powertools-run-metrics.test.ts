import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PowertoolsRunMetrics } from '../../../functions/adapters/observability/powertools-run-metrics.js';
import type { SourceRunReport } from '../../../functions/core/ports.js';

const report = (sourceId: string): SourceRunReport => ({
  sourceId,
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:00:01.000Z',
  outcome: 'failure',
  itemsSeen: 0,
  itemsNew: 0,
  failures: [{ entryPoint: 'rss', code: 'network', message: 'down' }],
  itemFailures: [],
});

/** The EMF documents Powertools wrote to stdout while `act` ran. */
function emfDocuments(act: () => void): Array<Record<string, unknown>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  return lines.flatMap((line) => line.split('\n')).filter((line) => line.includes('_aws')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('PowertoolsRunMetrics', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('publishes one SourceFailing value per run under the service dimension only, never per source', () => {
    vi.stubEnv('POWERTOOLS_DEV', 'false');
    const metrics = new PowertoolsRunMetrics(new Metrics({ namespace: 'PracticeWatch', serviceName: 'ingest' }));
    const documents = emfDocuments(() => {
      metrics.recordRun(report('alpha-ru'), true);
      metrics.recordRun(report('beta-ru'), false);
    });
    expect(documents).toHaveLength(2);
    expect(documents.map((d) => d['SourceFailing'])).toEqual([1, 0]);
    for (const document of documents) {
      const aws = document['_aws'] as { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][]; Metrics: Array<{ Name: string }> }> };
      expect(aws.CloudWatchMetrics).toEqual([{ Namespace: 'PracticeWatch', Dimensions: [['service']], Metrics: [{ Name: 'SourceFailing', Unit: 'Count' }] }]);
      expect(document['service']).toBe('ingest');
      expect(JSON.stringify(document)).not.toMatch(/alpha-ru|beta-ru/);
    }
  });
});
