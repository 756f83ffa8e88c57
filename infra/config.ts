import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** The deployment stages this app knows. */
export type StageName = 'dev' | 'prod';

/** Where a stage deploys; both absent means an environment-agnostic synth (no credentials needed). */
export interface StageEnvironment {
  account?: string;
  region?: string;
}

/** Everything that differs between stages. Stacks read only this, never context or env directly. */
export interface StageConfig {
  stage: StageName;
  env: StageEnvironment;
  /** Removal policy for stateful resources (table, raw-page bucket, user pool). */
  statefulRemovalPolicy: RemovalPolicy;
  /** DynamoDB deletion protection (prod only: dev stacks must be deletable). */
  deletionProtection: boolean;
  /** Retention of every log group the app creates. */
  logRetention: RetentionDays;
  /** Default HTTP API route throttling (requests per second, burst). */
  apiThrottle: { rateLimit: number; burstLimit: number };
  /** Tighter throttling of the editor routes that change data (PATCH, POST, DELETE). */
  apiWriteThrottle: { rateLimit: number; burstLimit: number };
  /** Address subscribed to the alarm topic; optional. */
  alarmEmail?: string;
  /** Outbound proxy for every source (`OUTBOUND_PROXY`); optional. */
  outboundProxy?: string;
  /** Contact URL named in the fetcher's User-Agent. */
  contactUrl: string;
  /** Custom console domain with its ACM certificate (us-east-1); optional, else the CloudFront domain. */
  consoleDomain?: { domainName: string; certificateArn: string };
  /** Prefix of the Cognito hosted UI domain; must be globally unique per region. Defaults to one derived from the account. */
  authDomainPrefix?: string;
  /** Ingest function timeout; the queue's visibility timeout is six times this. */
  ingestTimeout: Duration;
  /** Lambda log level (`LOG_LEVEL`). */
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Opt-in fixed egress: run the ingest function in a VPC whose NAT gateway has an Elastic IP. */
  fixedEgress: boolean;
  /**
   * Opt-in CloudWatch dashboard ($3/month, most of the deployment's cost otherwise): the alarms,
   * `/sources` and the `source.failing` webhook do not need it.
   */
  dashboard: boolean;
  /** Memory of the ingest function, MB: sized by `npm run bench`'s measured peak and `npm run cost`. */
  ingestMemoryMb: number;
  /** Memory of the projector function, MB (it holds one stream batch of records and their rows). */
  projectorMemoryMb: number;
}

const common = {
  contactUrl: 'https://github.com/practice-watch/practice-watch',
  ingestTimeout: Duration.minutes(5),
  dashboard: false,
  // The ingest function mostly waits (politeness, the network): memory buys CPU it rarely uses.
  // Its peak under hostile documents stays below 512 MB (test/limits measures it).
  ingestMemoryMb: 512,
  projectorMemoryMb: 256,
} as const;

/** The stage defaults; account, region and the optional settings come from context or environment. */
export const stageDefaults: Readonly<Record<StageName, Omit<StageConfig, 'env'>>> = {
  dev: {
    ...common,
    stage: 'dev',
    statefulRemovalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    logRetention: RetentionDays.TWO_WEEKS,
    apiThrottle: { rateLimit: 20, burstLimit: 40 },
    apiWriteThrottle: { rateLimit: 2, burstLimit: 5 },
    logLevel: 'DEBUG',
    fixedEgress: false,
  },
  prod: {
    ...common,
    stage: 'prod',
    statefulRemovalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
    logRetention: RetentionDays.THREE_MONTHS,
    apiThrottle: { rateLimit: 50, burstLimit: 100 },
    apiWriteThrottle: { rateLimit: 5, burstLimit: 10 },
    logLevel: 'INFO',
    fixedEgress: false,
  },
};

/** Reads context values (`-c key=value` or cdk.json); a narrow view of `App.node.tryGetContext`. */
export type ContextReader = (key: string) => unknown;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/**
 * Resolves the stage from context `stage` (default `dev`) and overlays optional settings:
 * context `account`/`region` (else `CDK_DEFAULT_ACCOUNT`/`CDK_DEFAULT_REGION`), `alarmEmail`,
 * `outboundProxy`, `consoleDomainName` + `consoleCertificateArn`, `authDomainPrefix`, `fixedEgress`,
 * `dashboard`.
 */
export function resolveStageConfig(context: ContextReader, env: NodeJS.ProcessEnv = process.env): StageConfig {
  const stage = text(context('stage')) ?? 'dev';
  if (stage !== 'dev' && stage !== 'prod') {
    throw new Error(`unknown stage "${stage}": use -c stage=dev or -c stage=prod`);
  }
  const defaults = stageDefaults[stage];
  const account = text(context('account')) ?? text(env.CDK_DEFAULT_ACCOUNT);
  const region = text(context('region')) ?? text(env.CDK_DEFAULT_REGION);
  const domainName = text(context('consoleDomainName'));
  const certificateArn = text(context('consoleCertificateArn'));
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    throw new Error('consoleDomainName and consoleCertificateArn must be given together');
  }
  const outboundProxy = text(context('outboundProxy'));
  if (outboundProxy !== undefined && !/^https?:\/\//.test(outboundProxy)) {
    throw new Error(`outboundProxy must be an http(s) URL, got "${outboundProxy}"`);
  }
  return {
    ...defaults,
    env: { ...(account ? { account } : {}), ...(region ? { region } : {}) },
    alarmEmail: text(context('alarmEmail')),
    outboundProxy,
    consoleDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    authDomainPrefix: text(context('authDomainPrefix')),
    fixedEgress: flag(context('fixedEgress')) ?? defaults.fixedEgress,
    dashboard: flag(context('dashboard')) ?? defaults.dashboard,
  };
}
