import * as z from 'zod';

/**
 * The one module that reads environment variables. Everything else receives a `Config`.
 * Locally the endpoints point at DynamoDB Local and s3rver; on AWS they are absent and the
 * SDK's defaults (region, credentials from the Lambda role) apply.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(1).default('practice-watch'),
  RAW_BUCKET: z.string().min(1).default('practice-watch-raw'),
  AWS_REGION: z.string().min(1).default('eu-central-1'),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  S3_ENDPOINT: z.string().url().optional(),
  /** Outbound proxy for every source unless a source sets its own. */
  OUTBOUND_PROXY: z.string().url().optional(),
  /** Contact URL named in the User-Agent. */
  CONTACT_URL: z.string().url().default('https://github.com/practice-watch/practice-watch'),
  /** Secret that signs paging cursors (HMAC). */
  CURSOR_SECRET: z.string().min(16).default('local-development-cursor-secret'),
  /** JWT issuer and audience checked by the editor routes. */
  AUTH_ISSUER: z.string().min(1).optional(),
  AUTH_AUDIENCE: z.string().min(1).optional(),
  /** JWKS URL of the issuer (Cognito: `${issuer}/.well-known/jwks.json`). */
  AUTH_JWKS_URL: z.string().url().optional(),
  /** Scope editor routes require (Cognito: `<resource-server-id>/editor`). */
  AUTH_EDITOR_SCOPE: z.string().min(1).default('editor'),
  /** Origin allowed by CORS (the console's). */
  CONSOLE_ORIGIN: z.string().optional(),
  LOG_LEVEL: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT']).default('INFO'),
  /** Local runtime only: where `.local` data lives (tests point it at a temporary directory). */
  PRACTICE_WATCH_DATA_DIR: z.string().min(1).optional(),
  /** Local runtime only: the HTTP port of `npm start`. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

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
  consoleOrigin: string | undefined;
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
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
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
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
    consoleOrigin: e.CONSOLE_ORIGIN,
    logLevel: e.LOG_LEVEL,
    localDataDir: e.PRACTICE_WATCH_DATA_DIR,
    localPort: e.PORT,
    local: Boolean(e.DYNAMODB_ENDPOINT || e.S3_ENDPOINT),
  });
}
