import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TreatMissingData,
  type IAlarm,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { METRICS_NAMESPACE } from '../constructs/practice-function.js';
import { INGEST_SERVICE_NAME, scheduleIdFor, type ScheduledSource } from './ingest-stack.js';

/** Properties of {@link ObservabilityStack}. */
export interface ObservabilityStackProps extends StackProps {
  config: StageConfig;
  sources: readonly ScheduledSource[];
  ingestFunction: IFunction;
  deadLetterQueue: IQueue;
  schedulerDeadLetterQueue: IQueue;
  httpApi: IHttpApi;
}

/** Shortest time a source may fail before anyone is paged: one bad hour is noise on these sites. */
export const MIN_FAILING_HOURS = 6;

/** CloudWatch evaluates at most seven days of one-hour periods. */
const MAX_FAILING_HOURS = 7 * 24;

/** 5xx share of API requests, in percent, that pages. */
export const API_5XX_PERCENT = 5;

/**
 * The alarm window of a source: it must report `SourceFailing` on every run within
 * max(expectedCadenceHours, 6 h) before the alarm fires.
 */
export function sourceAlarmWindow(source: ScheduledSource): { hours: number; runs: number } {
  const hours = Math.min(MAX_FAILING_HOURS, Math.max(MIN_FAILING_HOURS, Math.ceil(source.expectedCadenceHours)));
  const runs = Math.max(1, Math.floor((hours * 60) / Math.max(60, source.scheduleMinutes)));
  return { hours, runs };
}

/**
 * Dashboard and alarms: runs, new items and errors per source, DLQ depths, API latency and 5xx;
 * alarms for a non-empty DLQ, each source failing past its window, and the API's 5xx rate, all to
 * one encrypted, TLS-only SNS topic.
 */
export class ObservabilityStack extends Stack {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
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

    const perSource = (metricName: string, sourceId: string, statistic: string, period: Duration, label?: string): Metric =>
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName,
        // Powertools Metrics adds the `service` dimension to every metric it publishes.
        dimensionsMap: { service: INGEST_SERVICE_NAME, sourceId },
        statistic,
        period,
        label,
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
      dlqAlarm('SchedulerDlqNotEmptyAlarm', props.schedulerDeadLetterQueue, 'EventBridge Scheduler could not deliver a source run to the ingest queue.'),
    );

    for (const source of sources) {
      const window = sourceAlarmWindow(source);
      alarms.push(
        new Alarm(this, scheduleIdFor(source.id).replace(/Schedule$/, 'FailingAlarm'), {
          alarmDescription: `Source ${source.id} has been failing for ${window.hours} hours.`,
          metric: perSource('SourceFailing', source.id, 'Maximum', Duration.hours(1)),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: window.hours,
          datapointsToAlarm: window.runs,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }

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

    const hourly = Duration.hours(1);
    const bySource = (metricName: string): IMetric[] =>
      sources.map((source) => perSource(metricName, source.id, 'Sum', hourly, source.id));
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new GraphWidget({ title: 'Runs per source (hourly)', left: bySource('IngestRuns'), width: 8, stacked: true }),
          new GraphWidget({ title: 'New items per source (hourly)', left: bySource('NewItems'), width: 8, stacked: true }),
          new GraphWidget({ title: 'Errors per source (hourly)', left: bySource('IngestErrors'), width: 8, stacked: true }),
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
            left: [
              props.httpApi.metricLatency({ statistic: 'p50', label: 'p50' }),
              props.httpApi.metricLatency({ statistic: 'p99', label: 'p99' }),
            ],
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
    });
  }
}
