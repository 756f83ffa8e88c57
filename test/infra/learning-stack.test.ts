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

beforeAll(() => {
  synth = synthesize({ sources, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES });
  learning = Template.fromStack(synth.stacks.learning);
  storage = Template.fromStack(synth.stacks.storage);
  api = Template.fromStack(synth.stacks.api);
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
    const [fn] = resourcesOf(learning, 'AWS::Lambda::Function');
    expect(fn!.Properties.MemorySize).toBe(1769);
    expect(fn!.Properties.Timeout).toBe(300);
    expect(fn!.Properties.Runtime).toBe('nodejs24.x');
    expect(fn!.Properties.Environment.Variables.RAW_BUCKET).toBeDefined();
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
    const role = resourcesOf(learning, 'AWS::IAM::Role')[0]!;
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
