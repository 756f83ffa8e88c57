import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { sourceProfiles as sources } from '../../functions/sources/profiles.js';
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
    expect(fn!.Properties.Timeout).toBe(300);
    expect(fn!.Properties.Runtime).toBe('nodejs24.x');
    expect(fn!.Properties.Environment.Variables.RAW_BUCKET).toBeDefined();
    expect(fn!.Properties.Environment.Variables.REEXTRACT_QUEUE_URL).toBeDefined();
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
  const queueId = () => idOf(learning, 'AWS::SQS::Queue', (q) => Boolean(q.Properties.RedrivePolicy));
  const dlqId = () => idOf(learning, 'AWS::SQS::Queue', (q) => !q.Properties.RedrivePolicy);

  it('has a job queue (encrypted, TLS only, six function timeouts of visibility) parking a step in its DLQ after five deliveries', () => {
    const queues = resourcesOf(learning, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(2);
    for (const queue of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const queue = learning.findResources('AWS::SQS::Queue')[queueId()] as Resource;
    expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(), 'Arn'] }, maxReceiveCount: 5 });
    expect(queue.Properties.VisibilityTimeout).toBe(6 * fnOf('reextract').Properties.Timeout);
    expect(learning.findResources('AWS::SQS::Queue')[dlqId()]!.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    const tlsOnly = resourcesOf(learning, 'AWS::SQS::QueuePolicy').map((p) => JSON.stringify(p.Properties.PolicyDocument));
    expect(tlsOnly).toHaveLength(2);
    for (const policy of tlsOnly) expect(policy).toMatch(/"aws:SecureTransport":"false"/);
  });

  it('runs one step at a time from the queue, one message per invocation, reporting failed items', () => {
    const fn = fnOf('reextract');
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    expect(fn.Properties.Timeout).toBe(120);
    expect(fn.Properties.Environment.Variables).toMatchObject({ REEXTRACT_QUEUE_URL: { Ref: queueId() }, TABLE_NAME: expect.anything(), RAW_BUCKET: expect.anything() });
    const [mapping, ...others] = resourcesOf(learning, 'AWS::Lambda::EventSourceMapping');
    expect(others).toEqual([]);
    expect(mapping!.Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'], EventSourceArn: { 'Fn::GetAtt': [queueId(), 'Arn'] } });
  });

  it('grants least privilege: the job reads records and raw pages, writes records and only its state object; the retrain only sends to the queue', () => {
    const reextractRole = roleOf('reextract');
    const arns = JSON.stringify(reextractRole.Properties.ManagedPolicyArns);
    expect(arns).toMatch(/TableReadWritePolicy/);
    expect(arns).toMatch(/RawPagesReadPolicy/);
    expect(arns).not.toMatch(/RawPagesReadWritePolicy|LearningRetrainPolicy|LearningLabelsPolicy/);
    expect(arns).toMatch(/LearningReextractStatePolicy/);
    const state = resourcesOf(storage, 'AWS::IAM::ManagedPolicy').find((p) => /^Re-extraction job/.test(p.Properties.Description))!;
    expect(statementsOf(state)).toEqual([expect.objectContaining({ Action: 's3:PutObject', Resource: expect.anything() })]);
    expect(JSON.stringify(statementsOf(state)[0]!.Resource)).toMatch(/\/learning\/reextract\/\*/);

    const reextractRoleId = idOf(learning, 'AWS::IAM::Role', (r) => r.Properties.Description === 'Runs the reextract function');
    const reextractActions = inlineStatementsOf(reextractRoleId).flatMap((s) => [s.Action].flat());
    // Consume (the event source) and send the next step, on the job queue only.
    expect(reextractActions).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    for (const statement of inlineStatementsOf(reextractRoleId)) {
      if ([statement.Action].flat().some((a) => a.startsWith('sqs:'))) expect(statement.Resource).toEqual({ 'Fn::GetAtt': [queueId(), 'Arn'] });
    }

    const retrainRoleId = idOf(learning, 'AWS::IAM::Role', (r) => r.Properties.Description === 'Runs the retrain function');
    const retrainSqs = inlineStatementsOf(retrainRoleId).filter((s) => [s.Action].flat().some((a) => a.startsWith('sqs:')));
    expect(retrainSqs).toHaveLength(1);
    expect([retrainSqs[0]!.Action].flat().every((a) => /^sqs:(SendMessage|GetQueueAttributes|GetQueueUrl)$/.test(a))).toBe(true);
    expect(retrainSqs[0]!.Resource).toEqual({ 'Fn::GetAtt': [queueId(), 'Arn'] });
    expect(JSON.stringify(roleOf('retrain').Properties.ManagedPolicyArns)).not.toMatch(/Table/);
  });

  it("alarms when the job's DLQ is not empty, to the alarm topic", () => {
    const alarm = resourcesOf(observability, 'AWS::CloudWatch::Alarm').find((a) => /re-extraction step failed/.test(a.Properties.AlarmDescription))!;
    expect(alarm.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Namespace: 'AWS/SQS', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(JSON.stringify(alarm.Properties.Dimensions)).toMatch(/ReextractDeadLetterQueue/);
    expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });
});
