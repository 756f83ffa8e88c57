import type { IManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { CfnOutput, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { CfnStage, CorsHttpMethod, HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPoolClient, UserPool } from 'aws-cdk-lib/aws-cognito';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config.js';
import { headRoutesOf } from '../../functions/handlers/api/routes.js';
import { PracticeFunction, type DataAccessGrant } from '../constructs/practice-function.js';

/** Properties of {@link ApiStack}. */
export interface ApiStackProps extends StackProps {
  config: StageConfig;
  /** Access to the practice table. */
  table: DataAccessGrant;
  /** Access to the raw-page bucket. */
  rawBucket: DataAccessGrant;
  cursorSecret: ISecret;
  userPool: UserPool;
  /** The console's app client: its id is the JWT audience. */
  client: IUserPoolClient;
  /** Full scope editor routes require, e.g. `practice-watch/editor`. */
  editorScope: string;
  /** The console's origin, the only one CORS allows. */
  consoleOrigin: string;
  /** Public read routes (`GET /practices`, …), served by the read-only query function. */
  queryRoutes: readonly string[];
  /** Editor routes, every one behind the JWT authorizer with the editor scope. */
  reviewRoutes: readonly string[];
  /** Lets the review function keep and withdraw editors' labelled examples (learning/labels/); none kept without it. */
  labelsPolicy?: IManagedPolicy;
}

const METHODS: Readonly<Record<string, HttpMethod>> = {
  GET: HttpMethod.GET,
  HEAD: HttpMethod.HEAD,
  POST: HttpMethod.POST,
  PUT: HttpMethod.PUT,
  PATCH: HttpMethod.PATCH,
  DELETE: HttpMethod.DELETE,
};

/** Shipped beside the public API's bundle, read on its first full-text query (`adapters/search/glossary-file.ts`). */
const SEARCH_FILES = { 'glossary.json': 'functions/core/search/glossary.json' };

/** Splits a route key such as `GET /practices/{id}` into its method and path. */
export function parseRouteKey(routeKey: string): { method: HttpMethod; path: string } {
  const match = /^([A-Z]+) (\/\S*)$/.exec(routeKey);
  const method = match ? METHODS[match[1]!] : undefined;
  if (!match || !method) throw new Error(`not a route key: "${routeKey}"`);
  return { method, path: match[2]! };
}

/**
 * The HTTP API: public read routes to a read-only query function, editor routes to a read-write
 * review function behind a Cognito JWT authorizer that requires the editor scope (scopes keep ID
 * tokens out: only access tokens carry them). CORS for the console only, default route
 * throttling with tighter limits on editor writes, JSON access logs.
 */
export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly queryFunction: PracticeFunction;
  readonly reviewFunction: PracticeFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;
    const issuer = props.userPool.userPoolProviderUrl;
    // Resolved by CloudFormation at deploy time; see infra/README.md for the trade-off.
    const cursorSecret = props.cursorSecret.secretValue.unsafeUnwrap();

    this.queryFunction = new PracticeFunction(this, 'QueryFunction', {
      entry: 'functions/lambda/query-api.ts',
      description: 'Public read-only practice API',
      serviceName: 'query-api',
      timeout: Duration.seconds(10),
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      environment: { CURSOR_SECRET: cursorSecret, CONSOLE_ORIGIN: props.consoleOrigin },
      files: SEARCH_FILES,
    })
      .bindTable(props.table, 'read')
      .bindBucket(props.rawBucket, 'read');

    this.reviewFunction = new PracticeFunction(this, 'ReviewFunction', {
      entry: 'functions/lambda/review-api.ts',
      description: 'Editor API: review queue, corrections, history and webhooks',
      serviceName: 'review-api',
      timeout: Duration.seconds(15),
      logRetention: config.logRetention,
      logLevel: config.logLevel,
      environment: {
        CURSOR_SECRET: cursorSecret,
        CONSOLE_ORIGIN: props.consoleOrigin,
        CONTACT_URL: config.contactUrl,
        AUTH_ISSUER: issuer,
        AUTH_AUDIENCE: props.client.userPoolClientId,
        AUTH_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        // The handler checks the same scope the gateway requires (Cognito prefixes it with the resource server).
        AUTH_EDITOR_SCOPE: props.editorScope,
      },
    })
      .bindTable(props.table, 'readWrite')
      .bindBucket(props.rawBucket, 'readWrite');
    if (props.labelsPolicy) this.reviewFunction.role!.addManagedPolicy(props.labelsPolicy);

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: `Practice Watch API (${config.stage})`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.consoleOrigin],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.HEAD, CorsHttpMethod.POST, CorsHttpMethod.PATCH, CorsHttpMethod.DELETE],
        allowHeaders: ['authorization', 'content-type', 'if-match', 'if-none-match', 'idempotency-key'],
        exposeHeaders: ['etag', 'location'],
        maxAge: Duration.hours(1),
      },
    });

    // The Atom feed's absolute links: the API's own endpoint, never a client's Host header.
    this.queryFunction.addEnvironment('PUBLIC_BASE_URL', this.httpApi.apiEndpoint);

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: config.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.apiThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const queryIntegration = new HttpLambdaIntegration('QueryIntegration', this.queryFunction);
    const reviewIntegration = new HttpLambdaIntegration('ReviewIntegration', this.reviewFunction);
    const authorizer = new HttpJwtAuthorizer('EditorAuthorizer', issuer, {
      jwtAudience: [props.client.userPoolClientId],
    });

    const writeRoutes: HttpRoute[] = [];
    // API Gateway matches methods exactly: every GET gets a HEAD twin (the handlers answer it like the GET, bodiless).
    for (const routeKey of [...props.reviewRoutes, ...headRoutesOf(props.reviewRoutes)]) {
      const { method, path } = parseRouteKey(routeKey);
      const [route] = this.httpApi.addRoutes({
        path,
        methods: [method],
        integration: reviewIntegration,
        authorizer,
        authorizationScopes: [props.editorScope],
      });
      if (method !== HttpMethod.GET && method !== HttpMethod.HEAD) writeRoutes.push(route!);
    }
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      props.reviewRoutes
        .filter((routeKey) => parseRouteKey(routeKey).method !== HttpMethod.GET && parseRouteKey(routeKey).method !== HttpMethod.HEAD)
        .map((routeKey) => [
          routeKey,
          // RouteSettings is a JSON map in CloudFormation: its members keep their CloudFormation (Pascal) names.
          { ThrottlingRateLimit: config.apiWriteThrottle.rateLimit, ThrottlingBurstLimit: config.apiWriteThrottle.burstLimit },
        ]),
    );
    // Route settings name routes by key: CloudFormation rejects them until the routes exist.
    for (const route of writeRoutes) cfnStage.node.addDependency(route);
    for (const routeKey of [...props.queryRoutes, ...headRoutesOf(props.queryRoutes)]) {
      const { method, path } = parseRouteKey(routeKey);
      if (method !== HttpMethod.GET && method !== HttpMethod.HEAD) throw new Error(`public route must be a GET: "${routeKey}"`);
      const [route] = this.httpApi.addRoutes({ path, methods: [method], integration: queryIntegration });
      Validations.of(route!).acknowledge(
        { id: 'AwsSolutions-APIG4', reason: 'Public read route by design: approved announcements are open data.' },
        { id: 'AwsSolutions-COG4', reason: 'Public read route by design: approved announcements are open data.' },
      );
    }
    // Whatever no route matches goes to the read-only query function, which answers a known path
    // asked with the wrong method with 405 and `Allow`, and anything else with a 404 problem.
    const fallback = new HttpRoute(this, 'MethodFallbackRoute', { httpApi: this.httpApi, routeKey: HttpRouteKey.DEFAULT, integration: queryIntegration });
    Validations.of(fallback).acknowledge(
      { id: 'AwsSolutions-APIG4', reason: 'Answers only 404 and 405 problems from the read-only function; it reads and writes nothing.' },
      { id: 'AwsSolutions-COG4', reason: 'Answers only 404 and 405 problems from the read-only function; it reads and writes nothing.' },
    );

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint, description: 'Base URL of the HTTP API' });
  }
}
