import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import type { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Choice, Condition, DefinitionBody, Errors, Fail, IntegrationPattern, JitterType, JsonPath, StateMachine, StateMachineType, Succeed, TaskInput, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke as InvokeStep, StepFunctionsStartExecution } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { PracticeFunction, type DataAccessGrant } from '../constructs/practice-function.js';
import { isHeldOut } from '../../scripts/training/held-out.js';

const TEST_DIR = fileURLToPath(new URL('../../test/', import.meta.url));
/** The labelled sets copied beside the retrain function: ours and our retold sets (`test/devset-retold-*`) but those held out of training (`isHeldOut`). */
const TRAINING_SETS = ['devset', 'devset-holdout', 'devset-blind', ...readdirSync(TEST_DIR).filter((name) => name.startsWith('devset-retold-') && !isHeldOut(path.join(TEST_DIR, name))).sort()];

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
/** Attempts of one job step (a failed invocation, a function error, a timeout) before the execution fails (alarmed). */
export const REEXTRACT_STEP_ATTEMPTS = 5;
/** Time budget of one re-extraction step (a page of records, stopped early 30 s before the end). */
export const REEXTRACT_TIMEOUT = Duration.minutes(2);
/**
 * The error name of a step input that is not a job message (functions/handlers/learning/reextract-handler.ts
 * INVALID_MESSAGE_ERROR): retrying it cannot help, so the execution fails at once.
 */
export const REEXTRACT_INVALID_MESSAGE_ERROR = 'ReextractMessageInvalid';
/**
 * The execution's time limit, sized for a year of records: 20 new records a day (the README's
 * figure) is 7,300 records, 292 steps of 25; a step takes at most {@link REEXTRACT_TIMEOUT}, so
 * 584 minutes even if every step ran to its timeout, plus the settling wait and retries: 24 hours.
 * A job on a larger store that times out is started again with `{"reextract": true}`: records
 * rebuilt already are skipped, so it picks up where it stopped.
 */
export const REEXTRACT_JOB_TIMEOUT = Duration.hours(24);
/**
 * The error Step Functions raises when an execution of that name has run already
 * (functions/core/learning/reextract-job.ts executionNameOf: one name per job and hand-over): a
 * retried hand-over whose execution has finished meanwhile. The hand-over is done; the execution ends.
 */
export const HANDOVER_ALREADY_STARTED_ERROR = 'StepFunctions.ExecutionAlreadyExistsException';

/**
 * The guarded retrain on AWS: a function (the shipped labelled sets bundled beside it) run weekly by
 * EventBridge Scheduler and on demand (`aws lambda invoke --function-name <RetrainFunctionName>`,
 * payload `{"dryRun": true}` for a report only, `{"rollback": true}` to make the previous model
 * current, `{"reextract": true}` to rebuild stored records with the current model). A promotion or
 * a rollback starts the re-extraction job: an execution of a Standard Step Functions state machine
 * (nothing billed while idle) that invokes the re-extraction function once per step (one page of
 * stored records rebuilt with the model now current), waits when the step asks (the delayed second
 * walk of the pending queue) and loops on the step's result until it says done, or hands over to a
 * fresh execution of the same machine after a budget of steps (an execution's history holds at most
 * 25,000 events; the step decides, functions/core/learning/reextract-job-state.ts
 * REEXTRACT_STEPS_PER_EXECUTION). The job's state is
 * in `learning/reextract/job.json`; a failed or timed-out execution is alarmed in the observability
 * stack.
 */
export class LearningStack extends Stack {
  readonly retrainFunction: PracticeFunction;
  readonly reextractFunction: PracticeFunction;
  readonly reextractStateMachine: StateMachine;

  constructor(scope: Construct, id: string, props: LearningStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.retrainFunction = new PracticeFunction(this, 'RetrainFunction', {
      entry: 'functions/lambda/retrain.ts',
      // Our labelled sets and the retold sets that fill the model in (devtexts is third-party: not bundled).
      files: Object.fromEntries(TRAINING_SETS.map((name) => [`training/${name}`, `test/${name}`])),
      description: "Guarded retrain of the announcement classifier from the labelled sets and the editors' verdicts",
      serviceName: RETRAIN_SERVICE_NAME,
      // Training is CPU-bound (about 15 s on one core for 160 texts, a few minutes with the 3,400 retold
      // texts): 1,769 MB is one full vCPU.
      memorySize: 1769,
      timeout: Duration.minutes(15),
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      environment: { RAW_BUCKET: props.rawBucketName },
    });
    this.retrainFunction.role!.addManagedPolicy(props.retrainPolicy);

    this.reextractFunction = new PracticeFunction(this, 'ReextractFunction', {
      entry: 'functions/lambda/reextract.ts',
      workers: { 'parse-worker.mjs': 'functions/adapters/parse-worker/parse-worker.ts' },
      description: 'Re-extraction job after a promotion or rollback: rebuilds one page of stored records per step, returns the next step',
      serviceName: REEXTRACT_SERVICE_NAME,
      memorySize: 1024,
      timeout: REEXTRACT_TIMEOUT,
      logRetention: config.logRetention,
      logLevel: config.logLevel,
    })
      .bindTable(props.table, 'readWrite')
      .bindBucket(props.rawBucket, 'read');
    this.reextractFunction.role!.addManagedPolicy(props.reextractStatePolicy);
    // Steps run one at a time, even when a newer job's execution overlaps an older one's last step:
    // the job's state is written without conditions (see runReextractStep). The overlap is throttled, and retried.
    (this.reextractFunction.node.defaultChild as CfnFunction).reservedConcurrentExecutions = 1;

    // The job: Step (invoke the function with $.message) → Choice on its result: done → Succeed;
    // a hand-over asked → start a fresh execution with the message → Succeed; a wait asked → Wait →
    // Step; else → Step. Each step's result { done, message, waitSeconds, handOver, executionName } is the next state's input.
    const step = new InvokeStep(this, 'ReextractStep', {
      comment: 'One page of stored records rebuilt with the current model; returns the next step',
      lambdaFunction: this.reextractFunction,
      // The message alone goes to the function (the input carries { message } at the start, { done, message, waitSeconds } after a step).
      inputPath: '$.message',
      payloadResponseOnly: true,
      // Retries below, one policy for every failure of a step.
      retryOnServiceExceptions: false,
    });
    step.addRetry({ errors: [REEXTRACT_INVALID_MESSAGE_ERROR], maxAttempts: 0 });
    // Reserved concurrency 1: a newer job's first step waits for an older job's last one (at most REEXTRACT_TIMEOUT).
    step.addRetry({ errors: ['Lambda.TooManyRequestsException'], interval: Duration.seconds(10), backoffRate: 2, maxDelay: Duration.minutes(1), maxAttempts: 8, jitterStrategy: JitterType.FULL });
    // A function error (storage unreachable), a timeout, a Lambda service error: 5 s, 10 s, 20 s, 40 s.
    step.addRetry({ errors: [Errors.ALL], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: REEXTRACT_STEP_ATTEMPTS - 1 });
    // A step that failed its last attempt: the function marks the job failed in its state (what the
    // console shows), then the execution fails (alarmed) with the step's error.
    const recordFailure = new InvokeStep(this, 'RecordFailure', {
      comment: "Marks the job failed in its state, with the step's error",
      lambdaFunction: this.reextractFunction,
      payload: TaskInput.fromObject({ failed: { message: JsonPath.objectAt('$.message'), error: JsonPath.stringAt('$.error.Error'), cause: JsonPath.stringAt('$.error.Cause') } }),
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      resultPath: JsonPath.DISCARD,
    });
    recordFailure.addRetry({ errors: [Errors.ALL], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 2 });
    const jobFailed = new Fail(this, 'JobFailed', { comment: 'A step failed every attempt', errorPath: '$.error.Error', causePath: '$.error.Cause' });
    // The execution fails even when the failure could not be recorded (the state then still says running; the console calls that stalled).
    recordFailure.addCatch(jobFailed, { errors: [Errors.ALL], resultPath: JsonPath.DISCARD });
    step.addCatch(recordFailure.next(jobFailed), { errors: [Errors.ALL], resultPath: '$.error' });
    const wait = new Wait(this, 'WaitBeforeNextStep', { comment: 'The delayed second walk of the pending queue (the step says how long)', time: WaitTime.secondsPath('$.waitSeconds') });
    // The machine starts its own executions: its ARN is built from a fixed name, since the definition
    // cannot refer to the resource it belongs to.
    const stateMachineName = `${this.stackName}-Reextract`;
    const handOver = new StepFunctionsStartExecution(this, 'HandOver', {
      comment: 'The step budget of this execution is spent: a fresh execution goes on from the stored cursor with the next message',
      stateMachine: StateMachine.fromStateMachineName(this, 'ReextractStateMachineItself', stateMachineName),
      integrationPattern: IntegrationPattern.REQUEST_RESPONSE,
      // One name per job and hand-over (the step's): a retried start does not start it twice.
      name: JsonPath.stringAt('$.executionName'),
      input: TaskInput.fromObject({ message: JsonPath.objectAt('$.message') }),
      associateWithParent: true,
      resultPath: JsonPath.DISCARD,
    });
    // Retriers come before catchers: the one error that means "done already" is not retried.
    handOver.addRetry({ errors: [HANDOVER_ALREADY_STARTED_ERROR], maxAttempts: 0 });
    handOver.addRetry({ errors: [Errors.ALL], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: REEXTRACT_STEP_ATTEMPTS - 1 });
    const handedOver = new Succeed(this, 'HandedOver', { comment: 'The job goes on in the execution just started' });
    handOver.addCatch(handedOver, { errors: [HANDOVER_ALREADY_STARTED_ERROR], resultPath: JsonPath.DISCARD });
    const stepResult = new Choice(this, 'StepResult')
      .when(Condition.booleanEquals('$.done', true), new Succeed(this, 'JobDone'))
      // Results of older code have no handOver field.
      .when(Condition.and(Condition.isPresent('$.handOver'), Condition.booleanEquals('$.handOver', true)), handOver.next(handedOver))
      .when(Condition.numberGreaterThan('$.waitSeconds', 0), wait.next(step))
      .otherwise(step);
    this.reextractStateMachine = new StateMachine(this, 'ReextractStateMachine', {
      stateMachineName,
      comment: 'Re-extraction job after a promotion or a rollback: one step per page of stored records, looped until done (input { message })',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(step.next(stepResult)),
      timeout: REEXTRACT_JOB_TIMEOUT,
    });
    Validations.of(this.reextractStateMachine).acknowledge(
      {
        id: 'AwsSolutions-SF1',
        reason:
          "A job runs about once a month: Step Functions keeps every execution's history (each step's input, result and error) for 90 days, the function logs every step, and a failed or timed-out execution is alarmed; CloudWatch Logs of the state machine would repeat that.",
      },
      { id: 'AwsSolutions-SF2', reason: 'A monthly batch job of one Lambda step in a loop: the execution history shows each step\'s timing; X-Ray traces would add cost and nothing to read.' },
    );
    const reextractId = this.getLogicalId(this.reextractFunction.node.defaultChild as CfnFunction);
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${reextractId}.Arn>:*]`,
      reason: "The state machine's role may invoke the re-extraction function and its versions (aws-stepfunctions-tasks grants both); nothing else.",
    });
    // The job's first step; nothing else of the state machine.
    this.reextractStateMachine.grantStartExecution(this.retrainFunction);
    this.retrainFunction.addEnvironment('REEXTRACT_STATE_MACHINE_ARN', this.reextractStateMachine.stateMachineArn);

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
