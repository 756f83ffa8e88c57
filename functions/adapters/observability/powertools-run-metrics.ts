import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { RunMetrics, SourceRunReport } from '../../core/ports.js';

/**
 * Publishes each run as CloudWatch metrics (Embedded Metric Format) under the dimension
 * `sourceId`; the dashboard and the per-source alarms in `infra/` are built on these names.
 */
export class PowertoolsRunMetrics implements RunMetrics {
  constructor(private readonly metrics: Metrics) {}

  recordRun(report: SourceRunReport, sourceFailing: boolean): void {
    // One EMF document per run: a single-dimension set keyed by source.
    const single = this.metrics.singleMetric();
    single.addDimension('sourceId', report.sourceId);
    single.addMetric('IngestRuns', MetricUnit.Count, 1);
    single.addMetric('NewItems', MetricUnit.Count, report.itemsNew);
    single.addMetric('IngestErrors', MetricUnit.Count, report.failures.length + report.itemFailures.length);
    single.addMetric('SourceFailing', MetricUnit.Count, sourceFailing ? 1 : 0);
    single.publishStoredMetrics();
  }
}
