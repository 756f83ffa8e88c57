import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { PracticeFunction, type DataAccessGrant } from '../constructs/practice-function.js';

export interface LearningStackProps extends StackProps {
  config: StageConfig;
  /** Name of the raw-page bucket, whose `learning/` prefix holds labels and models. */
  rawBucketName: string;
  /** Read labels and models, write models (learning/ only). */
  retrainPolicy: ManagedPolicy;
  /** The re-extraction job reads and rewrites records (the observation path) ... */
  table: DataAccessGrant;
  /** ... reads raw pages and models ... */
  rawBucket: DataAccessGrant;
  /** ... and writes only its own state (learning/reextract/). */
  reextractStatePolicy: ManagedPolicy;
}

/** Service names of the learning functions (logs). */
export const RETRAIN_SERVICE_NAME = 'retrain';
export const REEXTRACT_SERVICE_NAME = 'reextract';
/** Deliveries of one job step before it is parked in the DLQ. */
export const REEXTRACT_MAX_RECEIVE_COUNT = 5;
/** Time budget of one re-extraction step (a page of records, stopped early 30 s before the end). */
export const REEXTRACT_TIMEOUT = Duration.minutes(2);

/**
 * The guarded retrain on AWS: a function (the shipped labelled sets bundled beside it) run weekly by
 * EventBridge Scheduler and on demand (`aws lambda invoke --function-name <RetrainFunctionName>`,
 * payload `{"dryRun": true}` for a report only, `{"rollback": true}` to make the previous model
 * current). A promotion or a rollback starts the re-extraction job: one message per step on a queue,
 * a function that rebuilds one page of stored records per step with the model now current and
 * enqueues the next, its state in `learning/reextract/job.json`, failed steps parked in a DLQ
 * (alarmed in the observability stack).
 */
export class LearningStack extends Stack {
  readonly retrainFunction: PracticeFunction;
  readonly reextractFunction: PracticeFunction;
  readonly reextractQueue: Queue;
  readonly reextractDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: LearningStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.reextractDeadLetterQueue = new Queue(this, 'ReextractDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.reextractDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself a dead-letter queue; its depth is alarmed in the observability stack.',
    });
    this.reextractQueue = new Queue(this, 'ReextractQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Six function timeouts (AWS guidance for SQS event sources): a slow step is never handed to a second one.
      visibilityTimeout: Duration.seconds(REEXTRACT_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.reextractDeadLetterQueue, maxReceiveCount: REEXTRACT_MAX_RECEIVE_COUNT },
    });

    this.retrainFunction = new PracticeFunction(this, 'RetrainFunction', {
      entry: 'functions/lambda/retrain.ts',
      files: { 'training/devset': 'test/devset', 'training/devset-holdout': 'test/devset-holdout', 'training/devset-blind': 'test/devset-blind' },
      description: "Guarded retrain of the announcement classifier from the labelled sets and the editors' verdicts",
      serviceName: RETRAIN_SERVICE_NAME,
      // Training is CPU-bound (about 15 s on one core for 160 texts): 1,769 MB is one full vCPU.
      memorySize: 1769,
      timeout: Duration.minutes(5),
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      environment: { RAW_BUCKET: props.rawBucketName, REEXTRACT_QUEUE_URL: this.reextractQueue.queueUrl },
    });
    this.retrainFunction.role!.addManagedPolicy(props.retrainPolicy);
    // The first step of a job; nothing else of the queue.
    this.reextractQueue.grantSendMessages(this.retrainFunction);

    this.reextractFunction = new PracticeFunction(this, 'ReextractFunction', {
      entry: 'functions/lambda/reextract.ts',
      workers: { 'parse-worker.mjs': 'functions/adapters/parse-worker/parse-worker.ts' },
      description: 'Re-extraction job after a promotion or rollback: rebuilds one page of stored records per message, enqueues the next',
      serviceName: REEXTRACT_SERVICE_NAME,
      memorySize: 1024,
      timeout: REEXTRACT_TIMEOUT,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      environment: { REEXTRACT_QUEUE_URL: this.reextractQueue.queueUrl },
    })
      .bindTable(props.table, 'readWrite')
      .bindBucket(props.rawBucket, 'read');
    this.reextractFunction.role!.addManagedPolicy(props.reextractStatePolicy);
    // Steps run one at a time: the job's state is written without conditions (see runReextractStep).
    (this.reextractFunction.node.defaultChild as CfnFunction).reservedConcurrentExecutions = 1;
    this.reextractQueue.grantSendMessages(this.reextractFunction);
    this.reextractFunction.addEventSource(new SqsEventSource(this.reextractQueue, { batchSize: 1, reportBatchItemFailures: true }));

    new Schedule(this, 'WeeklyRetrain', {
      description: 'Retrains the classifier weekly (promoted only when not worse on any field)',
      schedule: ScheduleExpression.cron({ weekDay: 'MON', hour: '3', minute: '0' }),
      target: new LambdaInvoke(this.retrainFunction, { input: ScheduleTargetInput.fromObject({ dryRun: false }), retryAttempts: 0 }),
    });
    const retrainId = this.getLogicalId(this.retrainFunction.node.defaultChild as CfnFunction);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${retrainId}.Arn>:*]`,
      reason: "The scheduler's role may invoke the retrain function and its versions (aws-scheduler-targets grants both); nothing else.",
    });
    new CfnOutput(this, 'RetrainFunctionName', {
      value: this.retrainFunction.functionName,
      description: 'Invoke for an on-demand retrain: aws lambda invoke --function-name <this> out.json',
    });
  }
}
