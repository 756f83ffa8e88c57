import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { RunMetrics, SourceRunReport } from '../../core/ports.js';

/**
 * Publishes one CloudWatch metric per run (Embedded Metric Format): `SourceFailing`, 1 when the
 * run's source is failing and 0 otherwise, with no `sourceId` dimension. Its maximum drives the one
 * failing-source alarm and its sample count the ingest-silent alarm in `infra/`; which source is
 * failing is in `/sources`, the `source.failing` webhook and the run's log line, so the figure
 * costs one custom metric, not one per source.
 */
export class PowertoolsRunMetrics implements RunMetrics {
  constructor(private readonly metrics: Metrics) {}

  recordRun(_report: SourceRunReport, sourceFailing: boolean): void {
    // A single metric is published as it is added, never mixed with anything buffered on `metrics`.
    this.metrics.singleMetric().addMetric('SourceFailing', MetricUnit.Count, sourceFailing ? 1 : 0);
  }
}
