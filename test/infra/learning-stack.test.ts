import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { sourceProfiles as sources } from '../../functions/sources/profiles.js';
import { INVALID_MESSAGE_ERROR } from '../../functions/handlers/learning/reextract-handler.js';
import { HANDOVER_ALREADY_STARTED_ERROR, REEXTRACT_INVALID_MESSAGE_ERROR } from '../../infra/stacks/learning-stack.js';
import { synthesize, type SynthesizedApp } from './synth-app.js';

type Resource = { Type: string; Properties: Record<string, any> };
const resourcesOf = (template: Template, type: string): Resource[] => Object.values(template.findResources(type)) as Resource[];
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };
const statementsOf = (policy: Resource): Statement[] => policy.Properties.PolicyDocument.Statement as Statement[];

let synth: SynthesizedApp;
let learning: Template;
let storage: Template;
let api: Template;
let observability: Template;
const fnOf = (service: string) => resourcesOf(learning, 'AWS::Lambda::Function').find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === service)!;
const idOf = (template: Template, type: string, predicate: (resource: Resource) => boolean) => Object.entries(template.findResources(type)).find(([, r]) => predicate(r as Resource))![0];
const roleOf = (service: string) => resourcesOf(learning, 'AWS::IAM::Role').find((r) => r.Properties.Description === `Runs the ${service} function`)!;
/** Statements of the inline policies attached to a role of the learning stack. */
const inlineStatementsOf = (roleId: string): Statement[] =>
  resourcesOf(learning, 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(statementsOf);

beforeAll(() => {
  synth = synthesize({ sources, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES });
  learning = Template.fromStack(synth.stacks.learning);
  storage = Template.fromStack(synth.stacks.storage);
  api = Template.fromStack(synth.stacks.api);
  observability = Template.fromStack(synth.stacks.observability);
}, 120_000);

describe('learning stack (the guarded retrain on AWS)', () => {
  it('runs the retrain function weekly through EventBridge Scheduler', () => {
    const [schedule, ...others] = resourcesOf(learning, 'AWS::Scheduler::Schedule');
    expect(others).toEqual([]);
    expect(schedule!.Properties.ScheduleExpression).toBe('cron(0 3 ? * MON *)');
    expect(JSON.stringify(schedule!.Properties.Target.Arn)).toMatch(/RetrainFunction/);
    expect(JSON.parse(schedule!.Properties.Target.Input)).toEqual({ dryRun: false });
    // On demand: the function's name is an output.
    expect(Object.keys(learning.findOutputs('*'))).toEqual(expect.arrayContaining([expect.stringMatching(/^RetrainFunctionName/)]));
  });

  it('sizes the function for CPU-bound training, with only the bucket in its environment', () => {
    const fn = fnOf('retrain');
    expect(fn!.Properties.MemorySize).toBe(1769);
    expect(fn!.Properties.Timeout).toBe(900);
    expect(fn!.Properties.Runtime).toBe('nodejs24.x');
    expect(fn!.Properties.Environment.Variables.RAW_BUCKET).toBeDefined();
    expect(fn!.Properties.Environment.Variables.REEXTRACT_STATE_MACHINE_ARN).toEqual({ Ref: idOf(learning, 'AWS::StepFunctions::StateMachine', () => true) });
    expect(fn!.Properties.Environment.Variables.TABLE_NAME).toBeUndefined();
  });

  it('grants the retrain job only learning/ objects: read labels and models, write models, list under learning/ only', () => {
    const policy = resourcesOf(storage, 'AWS::IAM::ManagedPolicy').find((p) => /^Retrain:/.test(p.Properties.Description))!;
    const statements = statementsOf(policy);
    const text = JSON.stringify(statements);
    expect(text).not.toMatch(/dynamodb:/);
    for (const statement of statements) {
      const actions = [statement.Action].flat();
      if (actions.includes('s3:ListBucket')) expect(statement.Condition).toEqual({ StringLike: { 's3:prefix': ['learning/*'] } });
      else for (const resource of [statement.Resource].flat()) expect(JSON.stringify(resource)).toMatch(/\/learning\/(labels|models)\/\*/);
      // Writes go to models alone: the job never changes what editors said.
      if (actions.includes('s3:PutObject')) {
        expect(actions).toEqual(['s3:PutObject']);
        expect(JSON.stringify(statement.Resource)).not.toMatch(/labels/);
      }
      expect(actions.some((action) => /Delete/.test(action))).toBe(false);
    }
    // The role of the function carries that policy and nothing else of the data grants.
    const role = roleOf('retrain');
    const arns = JSON.stringify(role.Properties.ManagedPolicyArns);
    expect(arns).toMatch(/LearningRetrainPolicy/);
    expect(arns).not.toMatch(/RawPagesReadWritePolicy|TableRead/);
  });

  it('lets the review function keep and withdraw labelled examples under learning/labels/ only', () => {
    const policy = resourcesOf(storage, 'AWS::IAM::ManagedPolicy').find((p) => /labelled examples \(learning\/labels\/\)/.test(p.Properties.Description))!;
    const statements = statementsOf(policy);
    expect(statements).toHaveLength(1);
    expect([statements[0]!.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:PutObject']);
    expect(JSON.stringify(statements[0]!.Resource)).toMatch(/\/learning\/labels\/\*/);
    const reviewRole = resourcesOf(api, 'AWS::IAM::Role').find((r) => JSON.stringify(r.Properties.ManagedPolicyArns ?? []).includes('LearningLabelsPolicy'));
    expect(reviewRole?.Properties.Description).toMatch(/review-api/);
  });
});

describe('learning stack: the re-extraction job after a promotion', () => {
  const machineId = () => idOf(learning, 'AWS::StepFunctions::StateMachine', () => true);
  const reextractFnId = () => idOf(learning, 'AWS::Lambda::Function', (f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'reextract');
  type AslState = { Type: string; Next?: string; End?: boolean; Retry?: Array<Record<string, any>>; Choices?: Array<Record<string, any>>; Default?: string; [key: string]: unknown };
  /** The definition as deployed (DefinitionString is a Fn::Join of literal parts and the function's ARN). */
  const definition = (): { StartAt: string; TimeoutSeconds: number; States: Record<string, AslState> } => {
    const machine = learning.findResources('AWS::StepFunctions::StateMachine')[machineId()] as Resource;
    const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
    return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'ARN')).join(''));
  };

  it('runs the job on a Standard state machine (no queue, no event source: nothing billed while idle), with a timeout sized for a year of records', () => {
    expect(resourcesOf(learning, 'AWS::SQS::Queue')).toEqual([]);
    expect(resourcesOf(learning, 'AWS::Lambda::EventSourceMapping')).toEqual([]);
    const [machine, ...others] = resourcesOf(learning, 'AWS::StepFunctions::StateMachine');
    expect(others).toEqual([]);
    expect(machine!.Properties.StateMachineType).toBe('STANDARD');
    const { TimeoutSeconds } = definition();
    // 7,300 records (20 a day for a year) in steps of 25, each at most the function's timeout: below the limit, with room for retries and the wait.
    const worstCase = Math.ceil((20 * 365) / 25) * fnOf('reextract').Properties.Timeout;
    expect(TimeoutSeconds).toBeGreaterThan(worstCase);
    expect(TimeoutSeconds).toBe(24 * 3600);
  });

  it('loops: invoke the step with $.message, choose on its result (done → succeed; a hand-over → start a fresh execution; a wait asked → wait → step; else → step)', () => {
    const { StartAt, States } = definition();
    const step = States[StartAt]!;
    // payloadResponseOnly: the function invoked directly (its ARN the resource), its result the state's output, not an envelope with it.
    expect(step).toMatchObject({ Type: 'Task', Resource: 'ARN', InputPath: '$.message', Next: 'StepResult' });
    expect(step['Parameters']).toBeUndefined();
    expect(step['OutputPath']).toBeUndefined();
    expect(step['ResultPath']).toBeUndefined();
    const choice = States['StepResult']!;
    expect(choice.Type).toBe('Choice');
    expect(choice.Choices).toEqual([
      { Variable: '$.done', BooleanEquals: true, Next: 'JobDone' },
      { And: [{ Variable: '$.handOver', IsPresent: true }, { Variable: '$.handOver', BooleanEquals: true }], Next: 'HandOver' },
      { Variable: '$.waitSeconds', NumericGreaterThan: 0, Next: 'WaitBeforeNextStep' },
    ]);
    expect(choice.Default).toBe(StartAt);
    expect(States['WaitBeforeNextStep']).toMatchObject({ Type: 'Wait', SecondsPath: '$.waitSeconds', Next: StartAt });
    expect(States['JobDone']).toMatchObject({ Type: 'Succeed' });
    expect(Object.keys(States).sort()).toEqual([StartAt, 'HandOver', 'HandedOver', 'JobDone', 'JobFailed', 'RecordFailure', 'StepResult', 'WaitBeforeNextStep'].sort());
  });

  it('when a step fails its last attempt, marks the job failed through the function, then fails the execution with the step\'s error', () => {
    const { StartAt, States } = definition();
    expect(States[StartAt]!['Catch']).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'RecordFailure' }]);
    const record = States['RecordFailure']!;
    expect(record).toMatchObject({ Type: 'Task', Resource: 'ARN', ResultPath: null, Next: 'JobFailed' });
    expect(record['Parameters']).toEqual({ failed: { 'message.$': '$.message', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' } });
    // Recording is best effort: the execution fails (alarmed) either way.
    expect(record['Catch']).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: null, Next: 'JobFailed' }]);
    expect(States['JobFailed']).toMatchObject({ Type: 'Fail', ErrorPath: '$.error.Error', CausePath: '$.error.Cause' });
  });

  it('hands over to a fresh execution of the same state machine (the step\'s name and message), then ends; a retried hand-over started already ends too', () => {
    const { StartAt, States } = definition();
    const handOver = States['HandOver']!;
    expect(handOver).toMatchObject({ Type: 'Task', Resource: 'arn:ARN:states:::states:startExecution', Next: 'HandedOver', ResultPath: null });
    // The fresh execution's input is what the first execution gets: { message }; the name the step computed.
    expect(handOver['Parameters']).toEqual({
      StateMachineArn: 'arn:ARN:states:ARN:ARN:stateMachine:PracticeWatch-dev-Learning-Reextract',
      'Name.$': '$.executionName',
      Input: { 'message.$': '$.message', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' },
    });
    const machine = learning.findResources('AWS::StepFunctions::StateMachine')[machineId()] as Resource;
    expect(machine.Properties.StateMachineName).toBe('PracticeWatch-dev-Learning-Reextract');
    expect(handOver.Retry).toEqual([
      { ErrorEquals: [HANDOVER_ALREADY_STARTED_ERROR], MaxAttempts: 0 },
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 4 },
    ]);
    expect(handOver['Catch']).toEqual([{ ErrorEquals: [HANDOVER_ALREADY_STARTED_ERROR], ResultPath: null, Next: 'HandedOver' }]);
    expect(States['HandedOver']).toMatchObject({ Type: 'Succeed' });
    // The loop never reaches the step again after a hand-over: the fresh execution does.
    expect(JSON.stringify(handOver)).not.toContain(StartAt);
  });

  it('retries a failed step with backoff (5 attempts; throttles longer), never a message nobody can act on', () => {
    const { StartAt, States } = definition();
    const retry = States[StartAt]!.Retry!;
    expect(retry).toEqual([
      { ErrorEquals: [INVALID_MESSAGE_ERROR], MaxAttempts: 0 },
      { ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 10, BackoffRate: 2, MaxDelaySeconds: 60, MaxAttempts: 8, JitterStrategy: 'FULL' },
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 5, BackoffRate: 2, MaxAttempts: 4 },
    ]);
    expect(REEXTRACT_INVALID_MESSAGE_ERROR).toBe(INVALID_MESSAGE_ERROR);
  });

  it('runs one step at a time (the overlap of two jobs is throttled and retried), with only the store in its environment', () => {
    const fn = fnOf('reextract');
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(fn.Properties.Timeout).toBe(120);
    expect(fn.Properties.Environment.Variables).toMatchObject({ TABLE_NAME: expect.anything(), RAW_BUCKET: expect.anything() });
    expect(Object.keys(fn.Properties.Environment.Variables).filter((name) => /REEXTRACT|QUEUE|STATE_MACHINE/.test(name))).toEqual([]);
  });

  it('grants least privilege: the job reads records and raw pages, writes records and only its state object; the retrain only starts the state machine; the state machine only invokes the job', () => {
    const reextractRole = roleOf('reextract');
    const arns = JSON.stringify(reextractRole.Properties.ManagedPolicyArns);
    expect(arns).toMatch(/TableReadWritePolicy/);
    expect(arns).toMatch(/RawPagesReadPolicy/);
    expect(arns).not.toMatch(/RawPagesReadWritePolicy|LearningRetrainPolicy|LearningLabelsPolicy/);
    expect(arns).toMatch(/LearningReextractStatePolicy/);
    const state = resourcesOf(storage, 'AWS::IAM::ManagedPolicy').find((p) => /^Re-extraction job/.test(p.Properties.Description))!;
    expect(statementsOf(state)).toEqual([expect.objectContaining({ Action: 's3:PutObject', Resource: expect.anything() })]);
    expect(JSON.stringify(statementsOf(state)[0]!.Resource)).toMatch(/\/learning\/reextract\/\*/);

    // The job's function sends nothing anywhere: the state machine carries the next step.
    const reextractRoleId = idOf(learning, 'AWS::IAM::Role', (r) => r.Properties.Description === 'Runs the reextract function');
    const reextractActions = inlineStatementsOf(reextractRoleId).flatMap((s) => [s.Action].flat());
    expect(reextractActions.filter((a) => /^(sqs|states|lambda):/.test(a))).toEqual([]);

    const retrainRoleId = idOf(learning, 'AWS::IAM::Role', (r) => r.Properties.Description === 'Runs the retrain function');
    const retrainStatements = inlineStatementsOf(retrainRoleId);
    expect(retrainStatements.flatMap((s) => [s.Action].flat()).filter((a) => /^(sqs|states|lambda):/.test(a))).toEqual(['states:StartExecution']);
    const start = retrainStatements.find((s) => [s.Action].flat().includes('states:StartExecution'))!;
    expect(start.Resource).toEqual({ Ref: machineId() });
    expect(JSON.stringify(roleOf('retrain').Properties.ManagedPolicyArns)).not.toMatch(/Table/);

    // The state machine's role: lambda:InvokeFunction on the job's function (and its versions), and
    // states:StartExecution on this very state machine (the hand-over), nothing else.
    const machine = learning.findResources('AWS::StepFunctions::StateMachine')[machineId()] as Resource;
    const machineRoleId = machine.Properties.RoleArn['Fn::GetAtt'][0] as string;
    const machineStatements = inlineStatementsOf(machineRoleId);
    expect(machineStatements.flatMap((s) => [s.Action].flat()).sort()).toEqual(['lambda:InvokeFunction', 'states:StartExecution']);
    const invoke = machineStatements.find((s) => s.Action === 'lambda:InvokeFunction')!;
    expect(invoke.Resource).toEqual([{ 'Fn::GetAtt': [reextractFnId(), 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [reextractFnId(), 'Arn'] }, ':*']] }]);
    const selfStart = machineStatements.find((s) => s.Action === 'states:StartExecution')!;
    // One ARN, this machine's: its fixed name in this account and region (no wildcard).
    const selfArn = JSON.stringify(selfStart.Resource);
    expect(selfArn).not.toContain('*');
    expect(selfArn).toMatch(/:stateMachine:PracticeWatch-dev-Learning-Reextract"/);
    expect(selfArn).toMatch(/AWS::Region/);
    expect(selfArn).toMatch(/AWS::AccountId/);
  });

  it('alarms when an execution fails or times out, to the alarm topic (no DLQ alarm for the job any more)', () => {
    const alarm = resourcesOf(observability, 'AWS::CloudWatch::Alarm').find((a) => /re-extraction job execution failed/.test(a.Properties.AlarmDescription))!;
    expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, TreatMissingData: 'notBreaching' });
    const metrics = alarm.Properties.Metrics as Array<{ Id: string; Expression?: string; MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: unknown }; Stat: string } }>;
    expect(metrics.find((m) => m.Expression)!.Expression).toBe('FILL(failed, 0) + FILL(timedOut, 0)');
    const watched = metrics.filter((m) => m.MetricStat).map((m) => [m.Id, m.MetricStat!.Metric.Namespace, m.MetricStat!.Metric.MetricName, m.MetricStat!.Stat]);
    expect(watched.sort()).toEqual([
      ['failed', 'AWS/States', 'ExecutionsFailed', 'Sum'],
      ['timedOut', 'AWS/States', 'ExecutionsTimedOut', 'Sum'],
    ]);
    for (const m of metrics.filter((x) => x.MetricStat)) expect(JSON.stringify(m.MetricStat!.Metric.Dimensions)).toMatch(/ReextractStateMachine/);
    expect(alarm.Properties.AlarmActions).toHaveLength(1);
    expect(resourcesOf(observability, 'AWS::CloudWatch::Alarm').filter((a) => /re-extraction step failed five times/.test(a.Properties.AlarmDescription ?? ''))).toEqual([]);
  });
});
