import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { PracticeFunction } from '../constructs/practice-function.js';

export interface LearningStackProps extends StackProps {
  config: StageConfig;
  /** Name of the raw-page bucket, whose `learning/` prefix holds labels and models. */
  rawBucketName: string;
  /** Read labels and models, write models (learning/ only). */
  retrainPolicy: ManagedPolicy;
}

/** Service name of the retrain function (logs). */
export const RETRAIN_SERVICE_NAME = 'retrain';

/**
 * The guarded retrain on AWS: a function (the shipped labelled sets bundled beside it) run weekly by
 * EventBridge Scheduler and on demand (`aws lambda invoke --function-name <RetrainFunctionName>`,
 * payload `{"dryRun": true}` for a report only). It reads and writes only `learning/` objects.
 */
export class LearningStack extends Stack {
  readonly retrainFunction: PracticeFunction;

  constructor(scope: Construct, id: string, props: LearningStackProps) {
    super(scope, id, props);
    const { config } = props;
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
      environment: { RAW_BUCKET: props.rawBucketName },
    });
    this.retrainFunction.role!.addManagedPolicy(props.retrainPolicy);

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
