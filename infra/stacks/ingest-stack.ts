import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnEIP, FlowLogDestination, FlowLogTrafficType, SubnetType, Vpc } from 'aws-cdk-lib/aws-ec2';
import type { IManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, type CfnFunction, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput, TimeWindow } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { SourceProfile } from '../../functions/core/source-definition.js';
import type { StageConfig } from '../config.js';
import { PracticeFunction, type DataAccessGrant } from '../constructs/practice-function.js';

/** What the infrastructure needs to know of a source: enough to schedule and watch it. */
export type ScheduledSource = Pick<SourceProfile, 'id' | 'scheduleMinutes' | 'expectedCadenceHours'>;

/** Properties of {@link IngestStack}. */
export interface IngestStackProps extends StackProps {
  config: StageConfig;
  /** The source registry; each source gets its own schedule. */
  sources: readonly ScheduledSource[];
  /** Access to the practice table. */
  table: DataAccessGrant;
  /** Access to the raw-page bucket. */
  rawBucket: DataAccessGrant;
  /** The practice table's stream (keys only) and the policy that reads it: the projector's event source. */
  tableStream: { arn: string; read: IManagedPolicy };
}

/** Powertools service name of the projector function. */
export const PROJECTOR_SERVICE_NAME = 'projector';

/** Minutes between the projector's sweeps of the outbox (entries whose stream records ran out of retries). */
export const PROJECTOR_SWEEP_MINUTES = 60;

/** Powertools service name of the ingest function; its metrics carry it as the `service` dimension. */
export const INGEST_SERVICE_NAME = 'ingest';

/** Receives before a message moves to the DLQ (RELIABILITY.md: poison → DLQ after exactly 5 receives). */
export const MAX_RECEIVE_COUNT = 5;

/** Construct id of a source's schedule, e.g. `mos-ru` → `MosRuSchedule`. */
export function scheduleIdFor(sourceId: string): string {
  const pascal = sourceId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  return `${pascal}Schedule`;
}

/**
 * The scheduled ingest path: one EventBridge Scheduler schedule per registered source puts
 * `{"sourceId": …}` on the ingest queue (failed deliveries retried, then parked in the scheduler
 * DLQ); the ingest function consumes it with partial batch failures; poison messages land in the
 * ingest DLQ after {@link MAX_RECEIVE_COUNT} receives.
 */
export class IngestStack extends Stack {
  readonly ingestFunction: PracticeFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly schedulerDeadLetterQueue: Queue;
  /** Listing rows and postings of stored records, from the outbox (see `core/projection`). */
  readonly projectorFunction: PracticeFunction;
  /** Stream batches the projector failed after every retry (their outbox rows stay for the sweep). */
  readonly projectorDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: IngestStackProps) {
    super(scope, id, props);
    const { config, sources } = props;

    const duplicate = sources.find((source, index) => sources.findIndex((s) => s.id === source.id) !== index);
    if (duplicate) throw new Error(`source "${duplicate.id}" is registered twice`);

    this.deadLetterQueue = this.createDeadLetterQueue('IngestDeadLetterQueue');
    this.schedulerDeadLetterQueue = this.createDeadLetterQueue('SchedulerDeadLetterQueue');
    this.queue = new Queue(this, 'IngestQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six function timeouts (AWS guidance for SQS event sources): a slow run is never handed to a second one.
      visibilityTimeout: Duration.seconds(config.ingestTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    this.ingestFunction = new PracticeFunction(this, 'IngestFunction', {
      entry: 'functions/lambda/ingest.ts',
      // The parse worker, and the extraction code the function loads when a run meets a new article.
      workers: { 'parse-worker.mjs': 'functions/adapters/parse-worker/parse-worker.ts', 'extract.mjs': 'functions/core/learning/learned-extraction.ts' },
      description: 'Fetches one source run from the ingest queue, stores raw pages and extracted practices',
      serviceName: INGEST_SERVICE_NAME,
      memorySize: config.ingestMemoryMb,
      timeout: config.ingestTimeout,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      environment: {
        CONTACT_URL: config.contactUrl,
        ...(config.outboundProxy ? { OUTBOUND_PROXY: config.outboundProxy } : {}),
      },
      ...(config.fixedEgress ? { vpc: this.fixedEgressVpc(config), vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS } } : {}),
    })
      .bindTable(props.table, 'readWrite')
      .bindBucket(props.rawBucket, 'readWrite');
    this.ingestFunction.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // Politeness: a handful of source runs at once, never a burst against the same hosts.
        maxConcurrency: 5,
      }),
    );

    // The projector: DynamoDB Streams → outbox rows (INSERT or MODIFY of `sk = PROJ` only, filtered
    // before any invocation), and an hourly sweep that drains whatever is left. Only the outbox is
    // read from the stream; the function reads and writes the table like the ingest function.
    this.projectorDeadLetterQueue = this.createDeadLetterQueue('ProjectorDeadLetterQueue');
    this.projectorFunction = new PracticeFunction(this, 'ProjectorFunction', {
      entry: 'functions/lambda/projector.ts',
      description: "Writes stored records' listing rows and search postings from the outbox",
      serviceName: PROJECTOR_SERVICE_NAME,
      memorySize: config.projectorMemoryMb,
      timeout: Duration.minutes(5),
      logRetention: config.logRetention,
      logLevel: config.logLevel,
    }).bindTable(props.table, 'readWrite');
    this.projectorFunction.role!.addManagedPolicy(props.tableStream.read);
    new EventSourceMapping(this, 'ProjectorStreamSource', {
      target: this.projectorFunction,
      eventSourceArn: props.tableStream.arn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(5),
      bisectBatchOnError: true,
      retryAttempts: 5,
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(this.projectorDeadLetterQueue),
      filters: [FilterCriteria.filter({ eventName: FilterRule.or('INSERT', 'MODIFY'), dynamodb: { Keys: { sk: { S: FilterRule.isEqual('PROJ') } } } })],
    });
    new Schedule(this, 'ProjectorSweepSchedule', {
      description: `Drains the projection outbox every ${PROJECTOR_SWEEP_MINUTES} minutes (a safety net beside the stream)`,
      schedule: ScheduleExpression.rate(Duration.minutes(PROJECTOR_SWEEP_MINUTES)),
      target: new LambdaInvoke(this.projectorFunction, {
        input: ScheduleTargetInput.fromObject({ drain: true }),
        deadLetterQueue: this.schedulerDeadLetterQueue,
        retryAttempts: 2,
      }),
    });

    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.projectorFunction.node.defaultChild as CfnFunction)}.Arn>:*]`,
      reason: "EventBridge Scheduler's role may invoke the projector function and its versions (`:*`), nothing else.",
    });

    const group = new ScheduleGroup(this, 'SourceSchedules');
    for (const source of sources) {
      new Schedule(this, scheduleIdFor(source.id), {
        description: `Polls source ${source.id} every ${source.scheduleMinutes} minutes`,
        scheduleGroup: group,
        schedule: ScheduleExpression.rate(Duration.minutes(source.scheduleMinutes)),
        // Spreads the sources' runs so they do not all start on the same minute.
        timeWindow: TimeWindow.flexible(Duration.minutes(Math.min(15, Math.max(1, Math.floor(source.scheduleMinutes / 4))))),
        target: new SqsSendMessage(this.queue, {
          input: ScheduleTargetInput.fromObject({ sourceId: source.id }),
          deadLetterQueue: this.schedulerDeadLetterQueue,
          retryAttempts: 3,
          maxEventAge: Duration.minutes(Math.min(source.scheduleMinutes, 24 * 60)),
        }),
      });
    }
  }

  private createDeadLetterQueue(id: string): Queue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue; its depth is alarmed in the observability stack.',
    });
    return queue;
  }

  private fixedEgressVpc(config: StageConfig): Vpc {
    const vpc = new Vpc(this, 'EgressVpc', {
      maxAzs: 2,
      // One NAT gateway: its Elastic IP is the single address sites can allowlist.
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const [eip] = vpc.node.findAll().filter((construct): construct is CfnEIP => construct instanceof CfnEIP);
    new CfnOutput(this, 'EgressIp', {
      value: eip!.ref,
      description: 'The one public address every source request comes from (tell site operators to allowlist it)',
    });
    vpc.addFlowLog('FlowLogs', {
      destination: FlowLogDestination.toCloudWatchLogs(new LogGroup(this, 'EgressFlowLogs', { retention: config.logRetention })),
      trafficType: FlowLogTrafficType.REJECT,
    });
    return vpc;
  }
}
