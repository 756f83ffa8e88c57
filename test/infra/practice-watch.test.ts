import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DESIGN } from '../../functions/adapters/dynamo/table-design.js';
import { headRoutesOf, QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../../functions/handlers/api/routes.js';
import { sourceProfiles as sources } from '../../functions/sources/profiles.js';
import { PROJECT_ROOT } from '../../infra/constructs/practice-function.js';
import { MAX_RECEIVE_COUNT } from '../../infra/stacks/ingest-stack.js';
import { failingSourceWindowHours } from '../../infra/stacks/observability-stack.js';
import { allStacks, synthesize, testApp, type SynthesizedApp } from './synth-app.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

/** Resources of one type in a template, as plain objects. */
function resourcesOf(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type)) as Resource[];
}

let synth: SynthesizedApp;
let t: {
  storage: Template;
  ingest: Template;
  console: Template;
  api: Template;
  consoleContent: Template;
  observability: Template;
};

// One synthesis (with the real source registry and route lists) shared by every assertion.
beforeAll(() => {
  synth = synthesize({ sources, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES });
  const s = synth.stacks;
  t = {
    storage: Template.fromStack(s.storage),
    ingest: Template.fromStack(s.ingest),
    console: Template.fromStack(s.console),
    api: Template.fromStack(s.api),
    consoleContent: Template.fromStack(s.consoleContent),
    observability: Template.fromStack(s.observability),
  };
}, 120_000);

describe('storage stack (stateful)', () => {
  it('builds the table from the shared table design, on demand, with PITR and TTL', () => {
    t.storage.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE_DESIGN.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: TABLE_DESIGN.sortKey.name, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: TABLE_DESIGN.timeToLiveAttribute, Enabled: true },
      SSESpecification: { SSEEnabled: true },
      GlobalSecondaryIndexes: TABLE_DESIGN.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: index.projection.type, NonKeyAttributes: [...index.projection.nonKeyAttributes] },
      })),
    });
  });

  it('keeps the raw-page bucket encrypted, private, TLS-only and tiered to cheaper classes', () => {
    t.storage.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            Status: 'Enabled',
            Transitions: [
              { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
              { StorageClass: 'GLACIER_IR', TransitionInDays: 180 },
            ],
          }),
        ]),
      },
    });
  });

  it('denies every non-TLS request on every bucket of the app', () => {
    const buckets = allStacks(synth.stacks).flatMap((stack) => {
      const template = Template.fromStack(stack);
      return Object.keys(template.findResources('AWS::S3::Bucket')).map((id) => ({ template, id }));
    });
    expect(buckets.length).toBeGreaterThanOrEqual(4);
    for (const { template, id } of buckets) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      });
    }
  });

  it('has an editors pool without self sign-up, with MFA, a strong password policy and the editor scope', () => {
    t.storage.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    t.storage.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'editors' });
    t.storage.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'practice-watch',
      Scopes: [Match.objectLike({ ScopeName: 'editor' })],
    });
  });

  it('grants data access through read and read-write policies, reads never allowed to write', () => {
    const policies = resourcesOf(t.storage, 'AWS::IAM::ManagedPolicy');
    const actionsOf = (policy: Resource) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => s.Action);
    const read = policies.filter((p) => /^Read (?!and write)/.test(p.Properties.Description));
    const readWrite = policies.filter((p) => /^Read and write /.test(p.Properties.Description));
    expect(read).toHaveLength(2);
    expect(readWrite).toHaveLength(2);
    for (const policy of read) {
      for (const action of actionsOf(policy)) expect(action).toMatch(/:(Get|BatchGet|Query|PartiQLSelect|ConditionCheck|Describe|List)/);
    }
    expect(readWrite.flatMap(actionsOf)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 's3:PutObject']));
  });
});

describe('stage configuration', () => {
  it('makes prod keep its data: retained table with deletion protection', async () => {
    const { resolveStageConfig } = await import('../../infra/config.js');
    const { StorageStack } = await import('../../infra/stacks/storage-stack.js');
    const app = testApp();
    const config = resolveStageConfig((key) => (key === 'stage' ? 'prod' : undefined), {});
    const template = Template.fromStack(new StorageStack(app, 'ProdStorage', { config }));
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });

  it('defaults to dev and rejects unknown stages', async () => {
    const { resolveStageConfig } = await import('../../infra/config.js');
    expect(resolveStageConfig(() => undefined, {}).stage).toBe('dev');
    expect(() => resolveStageConfig((key) => (key === 'stage' ? 'staging' : undefined), {})).toThrow(/unknown stage/);
  });

  it('synthesizes environment-agnostic stacks when no account or region is given', () => {
    for (const stack of allStacks(synth.stacks)) {
      expect(stack.account).toMatch(/^\$\{Token/);
      expect(stack.region).toMatch(/^\$\{Token/);
    }
  });

  it('hard-codes no physical names', () => {
    const nameProperties = ['TableName', 'BucketName', 'FunctionName', 'QueueName', 'TopicName', 'RoleName', 'UserPoolName', 'LogGroupName', 'ManagedPolicyName'];
    for (const stack of allStacks(synth.stacks)) {
      const resources = Template.fromStack(stack).toJSON().Resources as Record<string, Resource>;
      for (const [id, resource] of Object.entries(resources)) {
        for (const property of nameProperties) {
          // A reference (e.g. an event source mapping's FunctionName) is fine; a literal is a hard-coded name.
          expect(typeof resource.Properties?.[property], `${stack.stackName}/${id}.${property}`).not.toBe('string');
        }
      }
    }
  });
});

describe('ingest stack', () => {
  it('creates exactly one schedule per registered source, rate from scheduleMinutes, body {"sourceId"}', () => {
    // Beside them, the projector's sweep (see the projector test below).
    const schedules = resourcesOf(t.ingest, 'AWS::Scheduler::Schedule').filter((s) => 'sourceId' in JSON.parse(s.Properties.Target.Input));
    expect(sources.length).toBeGreaterThan(0);
    expect(schedules).toHaveLength(sources.length);
    const queueId = Object.keys(t.ingest.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }))[0];
    const dlqIds = Object.keys(t.ingest.findResources('AWS::SQS::Queue', { Properties: Match.not(Match.objectLike({ RedrivePolicy: Match.anyValue() })) }));
    for (const source of sources) {
      const matching = schedules.filter((s) => JSON.parse(s.Properties.Target.Input).sourceId === source.id);
      expect(matching, source.id).toHaveLength(1);
      const props = matching[0]!.Properties;
      expect(JSON.parse(props.Target.Input)).toEqual({ sourceId: source.id });
      const minutes = source.scheduleMinutes;
      const expected =
        minutes % 1440 === 0 ? `rate(${minutes / 1440} day${minutes === 1440 ? '' : 's'})`
        : minutes % 60 === 0 ? `rate(${minutes / 60} hour${minutes === 60 ? '' : 's'})`
        : `rate(${minutes} minute${minutes === 1 ? '' : 's'})`;
      expect(props.ScheduleExpression).toBe(expected);
      expect(props.Target.Arn).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
      expect(props.Target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(dlqIds).toContain(props.Target.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
    }
  });

  it('keeps the visibility timeout at least six ingest timeouts and dead-letters after 5 receives', () => {
    const ingest = resourcesOf(t.ingest, 'AWS::Lambda::Function').find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'ingest')!;
    const queue = resourcesOf(t.ingest, 'AWS::SQS::Queue').find((q) => q.Properties.RedrivePolicy)!;
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * ingest.Properties.Timeout);
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    expect(MAX_RECEIVE_COUNT).toBe(5);
    for (const q of resourcesOf(t.ingest, 'AWS::SQS::Queue')) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('feeds the ingest function one message at a time with ReportBatchItemFailures', () => {
    t.ingest.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('projects outbox rows from the table stream (keys only, filtered to PROJ rows), with a DLQ and an hourly sweep', () => {
    t.storage.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'KEYS_ONLY' } });
    const projector = resourcesOf(t.ingest, 'AWS::Lambda::Function').find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'projector')!;
    expect(projector).toBeDefined();
    const projectorId = Object.entries(t.ingest.findResources('AWS::Lambda::Function')).find(([, f]) => f === projector || JSON.stringify(f) === JSON.stringify(projector))![0];
    const mapping = resourcesOf(t.ingest, 'AWS::Lambda::EventSourceMapping').find((m) => JSON.stringify(m.Properties.FunctionName).includes(projectorId))!;
    expect(mapping.Properties).toMatchObject({ StartingPosition: 'TRIM_HORIZON', BisectBatchOnFunctionError: true, MaximumRetryAttempts: 5, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    expect(JSON.parse(mapping.Properties.FilterCriteria.Filters[0].Pattern)).toEqual({ eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { sk: { S: ['PROJ'] } } } });
    expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
    const sweep = resourcesOf(t.ingest, 'AWS::Scheduler::Schedule').filter((s) => JSON.parse(s.Properties.Target.Input).drain === true);
    expect(sweep).toHaveLength(1);
    expect(sweep[0]!.Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(sweep[0]!.Properties.Target.Arn).toEqual({ 'Fn::GetAtt': [projectorId, 'Arn'] });
    // Its role reads the stream through the storage stack's policy, and the table through the read-write one.
    const role = resourcesOf(t.ingest, 'AWS::IAM::Role').find((r) => r.Properties.Description === 'Runs the projector function')!;
    expect(role.Properties.ManagedPolicyArns).toHaveLength(2);
    const streamPolicy = resourcesOf(t.storage, 'AWS::IAM::ManagedPolicy').find((p) => /stream/.test(p.Properties.Description))!;
    const statements = streamPolicy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>;
    expect(statements.flatMap((st) => st.Action).sort()).toEqual(['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams']);
    expect(statements.find((st) => st.Resource === '*')!.Action).toBe('dynamodb:ListStreams');
  });

  it('sizes the ingest function at 512 MB: it mostly waits, and its measured peak fits (npm run cost, test/limits)', () => {
    t.ingest.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 512, Timeout: 300 });
  });

  it('gives the ingest function read-write data access, a proxy only when configured', () => {
    const ingest = resourcesOf(t.ingest, 'AWS::Lambda::Function')[0]!;
    const env = ingest.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'RAW_BUCKET', 'CONTACT_URL']));
    expect(env.OUTBOUND_PROXY).toBeUndefined();
    const role = resourcesOf(t.ingest, 'AWS::IAM::Role').find((r) => JSON.stringify(r.Properties.ManagedPolicyArns ?? []).includes('ReadWritePolicy'));
    expect(JSON.stringify(role!.Properties.ManagedPolicyArns)).toMatch(/TableReadWritePolicy[\s\S]*RawPagesReadWritePolicy/);
  });
});

describe('house function construct', () => {
  it('sets only variables that functions/config.ts or Powertools read', () => {
    const configSource = readFileSync(join(PROJECT_ROOT, 'functions', 'config.ts'), 'utf8');
    const schema = configSource.slice(configSource.indexOf('z.object({'), configSource.indexOf('});'));
    const known = new Set([...schema.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    expect(known).toContain('TABLE_NAME');
    for (const name of ['POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'POWERTOOLS_LOG_LEVEL', 'NODE_OPTIONS']) known.add(name);
    for (const fn of [t.ingest, t.api].flatMap((template) => resourcesOf(template, 'AWS::Lambda::Function'))) {
      for (const name of Object.keys(fn.Properties.Environment.Variables)) expect(known, name).toContain(name);
    }
  });

  const functions = () =>
    [t.ingest, t.api].flatMap((template) => resourcesOf(template, 'AWS::Lambda::Function'));

  it('runs every app function on Node 24, arm64, traced, logging to a retained log group', () => {
    expect(functions()).toHaveLength(4);
    for (const fn of functions()) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Handler).toBe('index.handler');
      expect(fn.Properties.LoggingConfig.LogGroup.Ref).toBeDefined();
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_METRICS_NAMESPACE: 'PracticeWatch',
        POWERTOOLS_SERVICE_NAME: expect.any(String),
        LOG_LEVEL: expect.any(String),
        NODE_OPTIONS: '--enable-source-maps',
      });
    }
    for (const template of [t.ingest, t.api]) {
      for (const group of resourcesOf(template, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  it('uses * only for the X-Ray actions, which have no resource-level permissions', () => {
    for (const template of [t.ingest, t.api]) {
      for (const policy of resourcesOf(template, 'AWS::IAM::Policy')) {
        for (const statement of policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>) {
          if (statement.Resource === '*') expect([statement.Action].flat().every((a) => a.startsWith('xray:'))).toBe(true);
        }
      }
    }
  });
});

describe('API stack', () => {
  const routes = () => resourcesOf(t.api, 'AWS::ApiGatewayV2::Route');

  const reviewKeys: readonly string[] = [...REVIEW_API_ROUTES, ...headRoutesOf(REVIEW_API_ROUTES)];
  const publicKeys: readonly string[] = [...QUERY_API_ROUTES, ...headRoutesOf(QUERY_API_ROUTES)];

  it('registers every query and review route, a HEAD twin of every GET, and the $default route that answers 404/405', () => {
    expect(routes().map((r) => r.Properties.RouteKey).sort()).toEqual([...publicKeys, ...reviewKeys, '$default'].sort());
    const fallback = routes().find((r) => r.Properties.RouteKey === '$default')!;
    const queryIntegration = routes().find((r) => r.Properties.RouteKey === 'GET /practices')!.Properties.Target;
    expect(fallback.Properties.Target).toEqual(queryIntegration);
  });

  it('puts the JWT authorizer with the editor scope on every review route and every write route', () => {
    const authorizerId = Object.keys(t.api.findResources('AWS::ApiGatewayV2::Authorizer'))[0];
    const guarded = routes().filter((r) => reviewKeys.includes(r.Properties.RouteKey) || !/^(GET|HEAD) |^\$default$/.test(r.Properties.RouteKey));
    expect(guarded.length).toBe(reviewKeys.length);
    for (const route of guarded) {
      expect(route.Properties.AuthorizationType, route.Properties.RouteKey).toBe('JWT');
      expect(route.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      expect(route.Properties.AuthorizationScopes).toEqual(['practice-watch/editor']);
    }
  });

  it('leaves only the public GET routes open, each to the read-only query function', () => {
    const open = routes().filter((r) => r.Properties.AuthorizationType === 'NONE');
    expect(open.map((r) => r.Properties.RouteKey).sort()).toEqual([...publicKeys, '$default'].sort());
    const queryRole = resourcesOf(t.api, 'AWS::IAM::Role').find((r) => /query-api/.test(r.Properties.Description))!;
    const arns = JSON.stringify(queryRole.Properties.ManagedPolicyArns);
    expect(arns).toMatch(/TableReadPolicy/);
    expect(arns).toMatch(/RawPagesReadPolicy/);
    expect(arns).not.toMatch(/ReadWritePolicy/);
  });

  it('checks Cognito access tokens: issuer is the user pool, audience the console client', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('EditorPool.*ProviderURL') }) }),
        Audience: [Match.objectLike({ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('ConsoleClient') }) })],
      },
    });
  });

  it('allows CORS for the console origin only', () => {
    const api = resourcesOf(t.api, 'AWS::ApiGatewayV2::Api')[0]!;
    const origins = api.Properties.CorsConfiguration.AllowOrigins;
    expect(origins).toHaveLength(1);
    expect(JSON.stringify(origins)).toMatch(/ConsoleDistribution.*DomainName/);
    expect(JSON.stringify(origins)).not.toContain('"*"');
  });

  it('throttles routes by default and writes JSON access logs to a retained log group', () => {
    t.api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context\\.requestId') },
    });
  });

  it('throttles every editor write route tighter than the default', () => {
    const stage = resourcesOf(t.api, 'AWS::ApiGatewayV2::Stage')[0]!;
    const writes = REVIEW_API_ROUTES.filter((key) => !key.startsWith('GET '));
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual([...writes].sort());
    for (const key of writes) {
      expect(stage.Properties.RouteSettings[key].ThrottlingRateLimit).toBeLessThan(stage.Properties.DefaultRouteSettings.ThrottlingRateLimit);
    }
  });

  it("gives the query function the API's own endpoint as the public base URL of the Atom feed's links", () => {
    const query = resourcesOf(t.api, 'AWS::Lambda::Function').find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'query-api')!;
    const api = Object.keys(t.api.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    expect(query.Properties.Environment.Variables.PUBLIC_BASE_URL).toEqual({ 'Fn::GetAtt': [api, 'ApiEndpoint'] });
  });

  it('gives the review function the auth settings and a deploy-time resolved cursor secret', () => {
    const review = resourcesOf(t.api, 'AWS::Lambda::Function').find((f) => f.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'review-api')!;
    const env = review.Properties.Environment.Variables;
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_JWKS_URL', 'CONSOLE_ORIGIN', 'CURSOR_SECRET', 'TABLE_NAME', 'RAW_BUCKET']));
    expect(JSON.stringify(env.CURSOR_SECRET)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(env.AUTH_JWKS_URL)).toContain('/.well-known/jwks.json');
    expect(env.AUTH_EDITOR_SCOPE).toBe('practice-watch/editor');
  });
});

describe('console stack', () => {
  it('serves a private bucket through CloudFront with origin access control, HTTPS and security headers', () => {
    t.console.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          ResponseHeadersPolicyId: Match.anyValue(),
        }),
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue(), S3OriginConfig: { OriginAccessIdentity: '' } })],
        Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      }),
    });
    t.console.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    t.console.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: Match.objectLike({ Override: true }),
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31536000 }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
  });

  it('signs editors in with authorization code + PKCE, no client secret, back to the console URL', () => {
    t.console.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: [Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.objectLike({ 'Fn::GetAtt': Match.arrayWith([Match.stringLikeRegexp('ConsoleDistribution')]) })]) ] })],
    });
    const client = resourcesOf(t.console, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(JSON.stringify(client.Properties.AllowedOAuthScopes)).toContain('/editor');
    t.console.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    expect(JSON.stringify(client.Properties.CallbackURLs)).toContain('/console/');
  });

  it('answers /console/ with the console\'s index.html through a viewer-request function (the root is the public page)', () => {
    const fn = Object.values(t.console.findResources('AWS::CloudFront::Function'))[0]!;
    expect(fn.Properties.FunctionCode).toContain("request.uri += 'index.html'");
    t.console.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })] }),
      }),
    });
  });

  it('publishes the static console files, a generated config.json, catalogues.json, russia-map.json and its licence under console/, the public page at the root, then invalidates', () => {
    const deployments = resourcesOf(t.consoleContent, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(2);
    const props = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === 'console/')!.Properties;
    expect(props.SourceObjectKeys).toHaveLength(5);
    expect(props.DistributionPaths).toEqual(['/*']);
    expect(props.Prune).toBe(true);
    const root = deployments.find((d) => d.Properties.DestinationBucketKeyPrefix === undefined)!.Properties;
    expect(root.SourceObjectKeys).toHaveLength(1);
    expect(root.Prune).toBe(false);
    const markers = JSON.stringify(props.SourceMarkers);
    expect(markers).toMatch(/ApiEndpoint|HttpApi/);
    expect(markers).toMatch(/ConsoleClient/);
  });
});

describe('observability stack', () => {
  const alarms = () => resourcesOf(t.observability, 'AWS::CloudWatch::Alarm');

  it('sends alarms to an encrypted, TLS-only topic', () => {
    t.observability.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    t.observability.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    const topicId = Object.keys(t.observability.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('alarms when any dead-letter queue is not empty (ingest, scheduler, projector; the re-extraction job alarms on failed executions instead)', () => {
    const dlqAlarms = alarms().filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(dlqAlarms).toHaveLength(3);
    for (const alarm of dlqAlarms) {
      expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Namespace: 'AWS/SQS' });
    }
  });

  it('alarms once when any source is failing, on the one SourceFailing metric (no per-source metric or alarm)', () => {
    const failing = alarms().filter((a) => a.Properties.MetricName === 'SourceFailing');
    expect(failing).toHaveLength(2);
    const window = failingSourceWindowHours(sources);
    // The registry's slowest source runs every 3 hours: a failing one reports in every 3-hour window.
    expect(window).toBe(Math.ceil(Math.max(...sources.map((s) => s.scheduleMinutes)) / 60));
    for (const alarm of failing) {
      expect(alarm.Properties).toMatchObject({ Namespace: 'PracticeWatch', Period: 3600, Dimensions: [{ Name: 'service', Value: 'ingest' }] });
    }
    const anyFailing = failing.find((a) => a.Properties.Statistic === 'Maximum')!;
    expect(anyFailing.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: window,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(anyFailing.Properties.AlarmDescription).toMatch(/\/sources/);
  });

  it('alarms when no source run has reported for longer than the slowest schedule', () => {
    const silent = alarms().find((a) => a.Properties.MetricName === 'SourceFailing' && a.Properties.Statistic === 'SampleCount')!;
    const window = failingSourceWindowHours(sources) + 1;
    expect(silent.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      EvaluationPeriods: window,
      DatapointsToAlarm: window,
      TreatMissingData: 'breaching',
    });
  });

  it('has seven alarms in all (three DLQs, the re-extraction executions, a failing source, a silent ingest, API 5xx), and no dashboard unless asked for (-c dashboard=true)', () => {
    expect(alarms()).toHaveLength(7);
    t.observability.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  it('alarms on the API 5xx rate', () => {
    const rate = alarms().find((a) => (a.Properties.Metrics ?? []).some((m: { Expression?: string }) => m.Expression?.includes('errors / requests')));
    expect(rate).toBeDefined();
    expect(JSON.stringify(rate!.Properties.Metrics)).toContain('"MetricName":"5xx"');
  });

  it('charts runs, new items and errors per source from the run log lines, DLQ depth, API latency and 5xx when asked for', () => {
    const withDashboard = synthesize({ sources, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES }, { dashboard: 'true' });
    const observability = Template.fromStack(withDashboard.stacks.observability);
    const dashboard = resourcesOf(observability, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const needle of ['ingest run', 'itemsNew', 'by sourceId', 'SourceFailing', 'ApproximateNumberOfMessagesVisible', 'Latency', '5xx']) {
      expect(body).toContain(needle);
    }
    expect(body).toMatch(/IngestFunctionLogs/);
  }, 120_000);
});

describe('cdk-nag AwsSolutions', () => {
  it('leaves no unacknowledged finding, error or warning', () => {
    const result = new AwsSolutionsChecks(synth.app).validateScope(synth.app);
    const findings = result.violations.map((v) => `${v.ruleName} @ ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('leaves nothing unacknowledged in the synthesized validation report', () => {
    const report = JSON.parse(readFileSync(join(synth.assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ pluginName: string; violations: unknown[] }>;
    };
    expect(report.pluginReports.flatMap((p) => p.violations)).toEqual([]);
  });

  it('gives every acknowledgement a real reason', () => {
    const acknowledgements: Array<{ path: string; id: string; reason: string }> = [];
    const visit = (construct: typeof synth.app.node.root) => {
      for (const entry of construct.node.metadata) {
        if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
          for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) acknowledgements.push({ path: construct.node.path, id, reason });
        }
      }
      for (const child of construct.node.children) visit(child);
    };
    visit(synth.app);
    expect(acknowledgements.length).toBeGreaterThan(5);
    for (const ack of acknowledgements) expect(ack.reason.length, `${ack.path} ${ack.id}`).toBeGreaterThanOrEqual(40);
  });

  it('does flag a non-compliant resource (the checks are live)', async () => {
    const { App, Stack } = await import('aws-cdk-lib');
    const { Bucket } = await import('aws-cdk-lib/aws-s3');
    const app = new App();
    new Bucket(new Stack(app, 'Careless'), 'Open');
    const result = new AwsSolutionsChecks(app).validateScope(app);
    expect(result.violations.map((v) => v.ruleName)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']));
  });
});
