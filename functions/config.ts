import * as z from 'zod/mini';

// zod/mini: the same validation, tree-shaken to a few KB in every Lambda bundle.
const text = (min = 1) => z.string().check(z.minLength(min));
const url = () => z.url();

/**
 * The one module that reads environment variables. Everything else receives a `Config`.
 * Locally the endpoints point at DynamoDB Local and s3rver; on AWS they are absent and the
 * SDK's defaults (region, credentials from the Lambda role) apply.
 */
const schema = z.object({
  TABLE_NAME: z._default(text(), 'practice-watch'),
  RAW_BUCKET: z._default(text(), 'practice-watch-raw'),
  AWS_REGION: z._default(text(), 'eu-central-1'),
  DYNAMODB_ENDPOINT: z.optional(url()),
  S3_ENDPOINT: z.optional(url()),
  /** Outbound proxy for every source unless a source sets its own. */
  OUTBOUND_PROXY: z.optional(url()),
  /** Contact URL named in the User-Agent. */
  CONTACT_URL: z._default(url(), 'https://github.com/practice-watch/practice-watch'),
  /** Secret that signs paging cursors (HMAC). */
  CURSOR_SECRET: z._default(text(16), 'local-development-cursor-secret'),
  /** JWT issuer and audience checked by the editor routes. */
  AUTH_ISSUER: z.optional(text()),
  AUTH_AUDIENCE: z.optional(text()),
  /** JWKS URL of the issuer (Cognito: `${issuer}/.well-known/jwks.json`). */
  AUTH_JWKS_URL: z.optional(url()),
  /** Scope editor routes require (Cognito: `<resource-server-id>/editor`). */
  AUTH_EDITOR_SCOPE: z._default(text(), 'editor'),
  /**
   * Public base URL of the API (scheme, host, optional path prefix): the Atom feed's links are built
   * from it, never from the request's Host header. Set by the CDK app; locally `http://localhost:$PORT`.
   */
  PUBLIC_BASE_URL: z.optional(z.url({ protocol: /^https?$/ }).check(z.refine((value) => !/[?#]/.test(value), 'must have no query or fragment'))),
  /** Origin allowed by CORS (the console's). */
  CONSOLE_ORIGIN: z.optional(z.string()),
  LOG_LEVEL: z._default(z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']), 'INFO'),
  /** Local runtime only: where `.local` data lives (tests point it at a temporary directory). */
  PRACTICE_WATCH_DATA_DIR: z.optional(text()),
  /**
   * Wall-clock budget of one document parse in the worker, in ms (a page that overruns gets
   * `parse_timeout`). The default fits Lambda's dedicated CPU; a machine shared with other work may need more.
   */
  PARSE_TIMEOUT_MS: z._default(z.coerce.number().check(z.int(), z.minimum(100), z.maximum(60_000)), 1500),
  /** The re-extraction job's SQS queue (AWS: set on the retrain and re-extraction functions; locally an in-process queue). */
  REEXTRACT_QUEUE_URL: z.optional(url()),
  /** Local runtime only: the HTTP port of `npm start`. */
  PORT: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65535)), 3000),
});

/** zod/mini carries no message catalogue: say what was expected in a few words. */
function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_format':
      return `not a valid ${issue.format === 'url' ? 'URL' : issue.format}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.join(', ')}`;
    case 'invalid_type':
      return `expected ${issue.expected}`;
    case 'custom':
      return issue.message;
    default:
      return issue.code;
  }
}

export type Config = Readonly<{
  tableName: string;
  rawBucket: string;
  region: string;
  dynamoEndpoint: string | undefined;
  s3Endpoint: string | undefined;
  outboundProxy: string | undefined;
  contactUrl: string;
  cursorSecret: string;
  auth: { issuer: string | undefined; audience: string | undefined; jwksUrl: string | undefined; editorScope: string };
  /** Where the public API is reached, without a trailing slash: the base of the Atom feed's absolute links. */
  publicBaseUrl: string;
  consoleOrigin: string | undefined;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Budget of one document parse in the worker, in ms. */
  parseTimeoutMs: number;
  /** The re-extraction job's queue; unset where no function sends to it. */
  reextractQueueUrl: string | undefined;
  /** Local runtime only: overrides the `.local/` data directory. */
  localDataDir: string | undefined;
  /** Local runtime only: the HTTP port of `npm start`. */
  localPort: number;
  /** True when talking to local servers (endpoints set): static dummy credentials are used. */
  local: boolean;
}>;

/** Reads and validates the environment once; throws a readable error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${describe(issue)}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return Object.freeze({
    tableName: e.TABLE_NAME,
    rawBucket: e.RAW_BUCKET,
    region: e.AWS_REGION,
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    s3Endpoint: e.S3_ENDPOINT,
    outboundProxy: e.OUTBOUND_PROXY,
    contactUrl: e.CONTACT_URL,
    cursorSecret: e.CURSOR_SECRET,
    auth: { issuer: e.AUTH_ISSUER, audience: e.AUTH_AUDIENCE, jwksUrl: e.AUTH_JWKS_URL, editorScope: e.AUTH_EDITOR_SCOPE },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    consoleOrigin: e.CONSOLE_ORIGIN,
    logLevel: e.LOG_LEVEL,
    parseTimeoutMs: e.PARSE_TIMEOUT_MS,
    reextractQueueUrl: e.REEXTRACT_QUEUE_URL,
    localDataDir: e.PRACTICE_WATCH_DATA_DIR,
    localPort: e.PORT,
    local: Boolean(e.DYNAMODB_ENDPOINT || e.S3_ENDPOINT),
  });
}
