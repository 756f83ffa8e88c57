import { dirname, join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal, type IManagedPolicy } from 'aws-cdk-lib/aws-iam';
import type { IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUNDLE_SETTINGS, ESM_REQUIRE_BANNER, PROJECT_ROOT } from './bundle-settings.js';

export { BUNDLE_SETTINGS, PROJECT_ROOT } from './bundle-settings.js';

/** CloudWatch namespace of every metric the functions publish (Powertools Metrics). */
export const METRICS_NAMESPACE = 'PracticeWatch';

/** The newest Node.js runtime this aws-cdk-lib offers; cdk-nag's AwsSolutions-L1 checks it stays so. */
export const NODE_RUNTIME = Runtime.NODEJS_24_X;

/** Access a function gets to a table or bucket. */
export type DataAccess = 'read' | 'readWrite';

/**
 * A data resource and the customer-managed policies that grant access to it. The policies are
 * defined beside the resource (in the stateful stack), so least privilege is stated once, next to
 * the data, and every wildcard in them is acknowledged there.
 */
export interface DataAccessGrant {
  /** Physical name of the table or bucket, put into the function's environment. */
  name: string;
  read: IManagedPolicy;
  readWrite: IManagedPolicy;
}

/** Properties of {@link PracticeFunction}. */
export interface PracticeFunctionProps {
  /** Handler module, relative to the repository root (e.g. `functions/lambda/ingest.ts`); it exports `handler`. */
  entry: string;
  description: string;
  /** Powertools service name (`POWERTOOLS_SERVICE_NAME`), e.g. `ingest`. */
  serviceName: string;
  logRetention: RetentionDays;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default 512 */
  memorySize?: number;
  /** @default 30 seconds */
  timeout?: Duration;
  /** Extra environment variables (only names that `functions/config.ts` reads). */
  environment?: Record<string, string>;
  /**
   * Worker-thread entries bundled beside the handler: output file name (e.g. `parse-worker.mjs`) →
   * entry relative to the repository root. The handler finds them next to its own `index.mjs`.
   */
  workers?: Record<string, string>;
  /**
   * Directories copied into the asset: destination relative to the asset root → source relative to
   * the repository root (the retrain function's labelled sets). The handler finds them beside its `index.mjs`.
   */
  files?: Record<string, string>;
  /** VPC to run in (only for the opt-in fixed egress); @default none, the Lambda service network */
  vpc?: IVpc;
  vpcSubnets?: SubnetSelection;
}

/**
 * The house Lambda function: Node.js (newest runtime), ESM, arm64, minified esbuild bundle with
 * source maps and the `createRequire` banner, X-Ray tracing, a log group with retention, and the
 * Powertools environment. `bindTable` / `bindBucket` grant access and set the variable in one call.
 */
export class PracticeFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: PracticeFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write only to its own log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.serviceName} function`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    const workers = Object.entries(props.workers ?? {});
    const files = Object.entries(props.files ?? {});
    super(scope, id, {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: NODE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: BUNDLE_SETTINGS.target,
        mainFields: [...BUNDLE_SETTINGS.mainFields],
        minify: BUNDLE_SETTINGS.minify,
        // As arguments: this aws-cdk-lib accepts a `charset` bundling option but never passes it on.
        esbuildArgs: { '--charset': BUNDLE_SETTINGS.charset, ...aliasArgs() },
        sourceMap: true,
        sourceMapMode: SourceMapMode.EXTERNAL,
        sourcesContent: false,
        banner: BUNDLE_SETTINGS.banner,
        // The Node.js runtime ships AWS SDK v3: using it keeps each bundle under 500 KB (the DynamoDB
        // and S3 clients alone are ~450 KB minified). The price is that production runs the runtime's
        // SDK version rather than the lock file's; the SDK keeps v3 backward compatible.
        bundleAwsSDK: false,
        commandHooks: workers.length === 0 && files.length === 0 ? undefined : workerBundlingHooks(workers, files),
      },
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Only X-Ray tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) uses *: those actions have no resource-level permissions.',
    });
    if (props.vpc) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason: 'The AWS-maintained policy for the network interfaces a function in a VPC needs; its ENI actions have no resource-level permissions.',
      });
    }
  }

  /** Grants read or read-write access to the practice table (and its indexes) and sets `TABLE_NAME`. */
  bindTable(table: DataAccessGrant, access: DataAccess): this {
    this.attach(table, access);
    this.addEnvironment('TABLE_NAME', table.name);
    return this;
  }

  /** Grants read or read-write access to the raw-page bucket's objects and sets `RAW_BUCKET`. */
  bindBucket(bucket: DataAccessGrant, access: DataAccess): this {
    this.attach(bucket, access);
    this.addEnvironment('RAW_BUCKET', bucket.name);
    return this;
  }

  private attach(grant: DataAccessGrant, access: DataAccess): void {
    this.role!.addManagedPolicy(access === 'read' ? grant.read : grant.readWrite);
  }
}

/** `BUNDLE_SETTINGS.alias` as esbuild command-line arguments. */
function aliasArgs(): Record<string, string> {
  return Object.fromEntries(Object.entries(BUNDLE_SETTINGS.alias).map(([name, target]) => [`--alias:${name}`, target]));
}

function workerBundlingHooks(workers: Array<[string, string]>, files: Array<[string, string]> = []) {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir: string, outputDir: string) => [
      ...files.map(([to, from]) => `mkdir -p "${dirname(join(outputDir, to))}" && cp -R "${join(inputDir, from)}" "${join(outputDir, to)}"`),
      ...workers.map(
        ([outFile, entry]) =>
          `"${join(inputDir, 'node_modules', '.bin', 'esbuild')}" "${join(inputDir, entry)}" --bundle --platform=node --format=esm ` +
          `--target=node24 --main-fields=module,main --minify --charset=utf8 --sourcemap --sources-content=false ` +
          Object.entries(aliasArgs()).map(([flag, target]) => `${flag}="${target}" `).join('') +
          `--banner:js="${ESM_REQUIRE_BANNER}" --outfile="${join(outputDir, outFile)}"`,
      ),
    ],
  };
}
