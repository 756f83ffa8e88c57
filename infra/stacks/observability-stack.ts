import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  LogQueryVisualizationType,
  LogQueryWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IAlarm,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { METRICS_NAMESPACE } from '../constructs/practice-function.js';
import { INGEST_SERVICE_NAME, type ScheduledSource } from './ingest-stack.js';

/** Properties of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  config: StageConfig;
  sources: readonly ScheduledSource[];
  ingestFunction: IFunction;
  /** The ingest function's log group: the opt-in dashboard reads the per-source run lines from it. */
  ingestLogGroup: ILogGroup;
  deadLetterQueue: IQueue;
  schedulerDeadLetterQueue: IQueue;
  /** Stream batches the projector failed after every retry. */
  projectorDeadLetterQueue: IQueue;
  /** Re-extraction job steps that failed every delivery (the job stops there until redriven). */
  reextractDeadLetterQueue?: IQueue;
  httpApi: IHttpApi;
}

/** 5xx share of API requests, in percent, that pages. */
export const API_5XX_PERCENT = 5;

/** The one custom metric: 1 when the run's source is failing (the `source.failing` threshold), else 0. */
export const SOURCE_FAILING_METRIC = 'SourceFailing';

/**
 * Hourly periods the failing-source alarm looks back over: the slowest schedule, so that a failing
 * source reports at least once in every window however rarely it runs (1 for hourly sources).
 */
export function failingSourceWindowHours(sources: readonly ScheduledSource[]): number {
  const slowest = Math.max(60, ...sources.map((source) => source.scheduleMinutes));
  // CloudWatch evaluates at most one day of periods for an alarm like this one.
  return Math.min(24, Math.ceil(slowest / 60));
}

/**
 * Alarms (and an opt-in dashboard), all to one encrypted, TLS-only SNS topic:
 *
 * - a source is failing: the ingest function publishes one metric, `SourceFailing` (dimension
 *   `service` only), on every run, 1 when that run's source has failed `FAILING_ALERT_THRESHOLD`
 *   runs in a row: the moment the `source.failing` webhook fires. One alarm watches the maximum,
 *   so any failing source raises it, whichever; `/sources` and the webhook name it. A per-source
 *   metric would cost $0.30 a month per source and an alarm $0.10 more, for nothing an operator
 *   cannot read in `/sources`;
 * - ingestion went silent: no run reported at all for the alarm's window (the scheduler, the queue
 *   or the function is broken), which a per-source alarm treating missing data as fine never saw;
 * - either dead-letter queue is not empty; the API's 5xx rate.
 */
export class ObservabilityStack extends Stack {
  readonly topic: Topic;
  readonly dashboard: Dashboard | undefined;
  readonly alarms: readonly IAlarm[];

  constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
    super(scope, id, props);
    const { config, sources } = props;

    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the Practice Watch alarm topic',
      enableKeyRotation: true,
      removalPolicy: config.statefulRemovalPolicy,
    });
    // CloudWatch publishes to an encrypted topic only if the key lets it; AWS-managed SNS keys do not.
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Practice Watch alarms (${config.stage})`,
      masterKey: key,
      enforceSSL: true,
    });
    if (config.alarmEmail) this.topic.addSubscription(new EmailSubscription(config.alarmEmail));
    const action = new SnsAction(this.topic);

    const windowHours = failingSourceWindowHours(sources);
    const sourceFailing = (statistic: string) =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: SOURCE_FAILING_METRIC,
        // Powertools Metrics adds the `service` dimension to every metric it publishes.
        dimensionsMap: { service: INGEST_SERVICE_NAME },
        statistic,
        period: Duration.hours(1),
      });

    const alarms: Alarm[] = [];
    const dlqAlarm = (alarmId: string, queue: IQueue, alarmDescription: string): Alarm =>
      new Alarm(this, alarmId, {
        alarmDescription,
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    alarms.push(
      dlqAlarm('IngestDlqNotEmptyAlarm', props.deadLetterQueue, 'A source run failed five times and is parked in the ingest DLQ: inspect and redrive.'),
      dlqAlarm('SchedulerDlqNotEmptyAlarm', props.schedulerDeadLetterQueue, 'EventBridge Scheduler could not deliver a source run to the ingest queue (or a projector sweep to its function).'),
      dlqAlarm(
        'ProjectorDlqNotEmptyAlarm',
        props.projectorDeadLetterQueue,
        'The projector failed a stream batch after every retry: some records are stored but not yet listed or searchable (GET /sources shows the outbox depth); the hourly sweep retries them.',
      ),
      ...(props.reextractDeadLetterQueue
        ? [
            dlqAlarm(
              'ReextractDlqNotEmptyAlarm',
              props.reextractDeadLetterQueue,
              "A re-extraction step failed five times: the job after a promotion stopped there (learning/reextract/job.json shows how far it got). Fix the cause and redrive the message; the step resumes where it stopped.",
            ),
          ]
        : []),
      new Alarm(this, 'SourceFailingAlarm', {
        alarmDescription:
          `At least one source has failed 3 runs in a row (reported within the last ${windowHours} h). ` +
          'GET /sources shows which (status "failing", last error code), and a source.failing webhook named it.',
        metric: sourceFailing('Maximum'),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // Any one report in the window: a source polled every few hours reports once per window.
        evaluationPeriods: windowHours,
        datapointsToAlarm: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      new Alarm(this, 'IngestSilentAlarm', {
        alarmDescription:
          `No source run has reported for ${windowHours + 1} h: the schedules, the ingest queue or the function is not running ` +
          '(see the ingest function\'s errors and the DLQs).',
        metric: sourceFailing('SampleCount'),
        threshold: 1,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        // One more hour than the slowest schedule, so a run landing late in its window is not missed.
        evaluationPeriods: windowHours + 1,
        datapointsToAlarm: windowHours + 1,
        treatMissingData: TreatMissingData.BREACHING,
      }),
    );

    const api5xxRate = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.httpApi.metricServerError({ statistic: 'Sum', period: Duration.minutes(5) }),
        requests: props.httpApi.metricCount({ statistic: 'Sum', period: Duration.minutes(5) }),
      },
      period: Duration.minutes(5),
      label: 'API 5xx %',
    });
    alarms.push(
      new Alarm(this, 'Api5xxRateAlarm', {
        alarmDescription: `More than ${API_5XX_PERCENT}% of API requests failed with 5xx in 2 of 3 five-minute periods.`,
        metric: api5xxRate,
        threshold: API_5XX_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const alarm of alarms) alarm.addAlarmAction(action);
    this.alarms = alarms;

    // Opt-in (`-c dashboard=true`): $3 a month. Per-source runs, new items and errors come from
    // the function's one log line per run (Logs Insights), not from per-source custom metrics.
    this.dashboard = config.dashboard
      ? new Dashboard(this, 'Dashboard', {
          defaultInterval: Duration.days(7),
          widgets: [
            [
              new LogQueryWidget({
                title: 'Runs, new items and errors per source',
                logGroupNames: [props.ingestLogGroup.logGroupName],
                view: LogQueryVisualizationType.TABLE,
                queryLines: [
                  'filter message = "ingest run"',
                  'stats count(*) as runs, sum(itemsNew) as newItems, sum(itemFailures) as itemErrors, sum(outcome = "failure") as failedRuns, latest(outcome) as lastOutcome by sourceId',
                  'sort failedRuns desc, sourceId asc',
                ],
                width: 16,
                height: 8,
              }),
              new GraphWidget({
                title: 'Sources failing (max of runs)',
                left: [sourceFailing('Maximum')],
                width: 8,
                height: 8,
              }),
            ],
            [
              new GraphWidget({
                title: 'Dead-letter queue depth',
                left: [
                  props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'ingest DLQ', statistic: 'Maximum' }),
                  props.schedulerDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ label: 'scheduler DLQ', statistic: 'Maximum' }),
                ],
                width: 8,
              }),
              new GraphWidget({
                title: 'API latency (ms)',
                left: [props.httpApi.metricLatency({ statistic: 'p50', label: 'p50' }), props.httpApi.metricLatency({ statistic: 'p99', label: 'p99' })],
                width: 8,
              }),
              new GraphWidget({
                title: 'API 5xx',
                left: [props.httpApi.metricServerError({ statistic: 'Sum', label: '5xx' })],
                right: [api5xxRate],
                width: 8,
              }),
            ],
            [
              new GraphWidget({
                title: 'Ingest function',
                left: [props.ingestFunction.metricInvocations(), props.ingestFunction.metricErrors()],
                right: [props.ingestFunction.metricDuration({ statistic: 'p99' })],
                width: 12,
              }),
              new AlarmStatusWidget({ title: 'Alarms', alarms, width: 12 }),
            ],
          ],
        })
      : undefined;
  }
}
