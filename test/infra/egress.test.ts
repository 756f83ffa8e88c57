import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { synthesize, type SynthesizedApp } from './synth-app.js';

const sample = [
  { id: 'alpha-ru', scheduleMinutes: 30, expectedCadenceHours: 2 },
  { id: 'beta-ru', scheduleMinutes: 360, expectedCadenceHours: 240 },
];

describe('egress options (opt-in stage settings)', () => {
  let synth: SynthesizedApp;
  let ingest: Template;

  beforeAll(() => {
    synth = synthesize(
      { sources: sample, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES },
      { fixedEgress: 'true', outboundProxy: 'http://proxy.example.net:3128' },
    );
    ingest = Template.fromStack(synth.stacks.ingest);
  }, 120_000);

  it('runs the ingest function in private subnets behind one NAT gateway with an Elastic IP, and outputs it', () => {
    ingest.resourceCountIs('AWS::EC2::NatGateway', 1);
    ingest.resourceCountIs('AWS::EC2::EIP', 1);
    ingest.hasResourceProperties('AWS::Lambda::Function', {
      VpcConfig: { SubnetIds: Match.anyValue(), SecurityGroupIds: Match.anyValue() },
    });
    ingest.hasOutput('EgressIp', { Value: { Ref: Match.stringLikeRegexp('EIP') } });
    ingest.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('passes the proxy setting to the ingest function', () => {
    ingest.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ OUTBOUND_PROXY: 'http://proxy.example.net:3128' }) },
    });
  });

  it('derives schedules and the alarm window from whatever sources it is given', () => {
    // One per source, and the projector's hourly sweep.
    ingest.resourceCountIs('AWS::Scheduler::Schedule', 3);
    ingest.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)', Target: Match.objectLike({ Input: '{"drain":true}' }) });
    ingest.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(30 minutes)', Target: Match.objectLike({ Input: '{"sourceId":"alpha-ru"}' }) });
    ingest.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(6 hours)', Target: Match.objectLike({ Input: '{"sourceId":"beta-ru"}' }) });
    const observability = Template.fromStack(synth.stacks.observability);
    // beta runs every 6 hours: a failing beta reports once in every 6 hourly periods; silence is 7 empty hours.
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SourceFailing', Statistic: 'Maximum', EvaluationPeriods: 6, DatapointsToAlarm: 1 });
    observability.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SourceFailing', Statistic: 'SampleCount', EvaluationPeriods: 7, DatapointsToAlarm: 7 });
  });

  it('still leaves no unacknowledged cdk-nag finding', () => {
    const result = new AwsSolutionsChecks(synth.app).validateScope(synth.app);
    expect(result.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });
});
