/**
 * The closed set of failure codes of the pipeline. Every failure of fetching, parsing,
 * extraction or storage is recorded with exactly one of these, per source and, where it applies,
 * per item. Adding a code is a deliberate change to this list, the API schema and the dashboards.
 */
export const FAILURE_CODES = [
  'network',
  'timeout',
  'http_4xx',
  'http_5xx',
  'rate_limited',
  'blocked',
  'too_large',
  'not_modified',
  'not_a_feed',
  'illformed',
  'encoding_suspect',
  'parse_timeout',
  'ssrf_blocked',
  'robots_disallowed',
  'layout_changed',
  'internal',
] as const;

/** One code of the closed set {@link FAILURE_CODES}: what a source run or an item records. */
export type FailureCode = (typeof FAILURE_CODES)[number];

/**
 * Codes of a request the API refuses: the caller's input, identity or timing is at fault. The
 * HTTP error middleware (`functions/handlers/http/error-handler.ts`) gives each its status.
 */
export const REQUEST_ERROR_CODES = [
  'validation',
  'unauthorized',
  'forbidden',
  'not_found',
  'already_exists',
  'version_conflict',
  'unsupported_media_type',
  'precondition_required',
] as const;

export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/** The whole closed set: every error of the family carries one of these. */
export const ERROR_CODES = [...FAILURE_CODES, ...REQUEST_ERROR_CODES] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The only codes a failure that may pass on a later try can carry. */
export type RetryableCode = Extract<FailureCode, 'network' | 'timeout' | 'http_5xx' | 'rate_limited'>;

export function isFailureCode(value: unknown): value is FailureCode {
  return typeof value === 'string' && (FAILURE_CODES as readonly string[]).includes(value);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Context carried by every error, so that the boundary can log it once (and the API show it below 500). */
export interface ErrorContext {
  sourceId?: string;
  url?: string;
  /** HTTP status the remote answered with, when one did. */
  status?: number;
  /** Seconds the remote asked us to wait (Retry-After), when it said so. */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/** What the caller should do next. The class decides it, never the code. */
export type ErrorKind = 'retryable' | 'not-retryable' | 'critical';

type ErrorOptions = { cause?: unknown };

/**
 * Base of the project's one error family: a `code` of the closed set, the `context` saying where,
 * and the `cause`. Concrete errors are one of {@link RetryableError}, {@link NonRetryableError} or
 * {@link CriticalError}, named by what the caller should do next.
 */
export abstract class PipelineError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  protected constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.context = context;
  }

  /** True only for {@link RetryableError}: the same work may pass if tried again. */
  get retryable(): boolean {
    return this.kind === 'retryable';
  }

  /** The same error (class, name, message, cause) with `extra` context under its own. */
  withContext(extra: ErrorContext): this {
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(this));
    Object.defineProperty(copy, 'context', { value: { ...extra, ...this.context }, enumerable: true });
    return copy;
  }
}

/** A failure that may pass if the same work is tried again (network, 5xx, throttling, a connect timeout). */
export class RetryableError extends PipelineError {
  readonly kind = 'retryable';

  constructor(code: RetryableCode, message: string, context: ErrorContext = {}, options?: ErrorOptions) {
    super(code, message, context, options);
    this.name = 'RetryableError';
  }
}

/** A failure that will repeat if retried unchanged (4xx, SSRF, robots, ill-formed input, a refused request). */
export class NonRetryableError extends PipelineError {
  readonly kind = 'not-retryable';

  constructor(code: Exclude<ErrorCode, 'internal'>, message: string, context: ErrorContext = {}, options?: ErrorOptions) {
    super(code, message, context, options);
    this.name = 'NonRetryableError';
  }
}

/** A bug or broken invariant (`internal`): alert, do not retry blindly. */
export class CriticalError extends PipelineError {
  readonly kind = 'critical';

  constructor(message: string, context: ErrorContext = {}, options?: ErrorOptions) {
    super('internal', message, context, options);
    this.name = 'CriticalError';
  }
}

/** A listing or page no longer matches the source's known layout (including zero items). */
export class LayoutChangedError extends NonRetryableError {
  constructor(message: string, context: ErrorContext = {}, options?: ErrorOptions) {
    super('layout_changed', message, context, options);
    this.name = 'LayoutChangedError';
  }
}

/** A pipeline error whose code is a {@link FailureCode}: what runs and items record. */
export type PipelineFailure = PipelineError & { readonly code: FailureCode };

/**
 * Turns anything thrown during a run into a failure with a code of {@link FAILURE_CODES}, adding
 * `context` under the error's own. A failure keeps its class; anything else (a request error
 * included: it has no business in a run) becomes a {@link CriticalError} whose cause it is.
 */
export function toPipelineError(error: unknown, context: ErrorContext = {}): PipelineFailure {
  if (error instanceof PipelineError && isFailureCode(error.code)) {
    return (Object.keys(context).length === 0 ? error : error.withContext(context)) as PipelineFailure;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CriticalError(message || 'unknown error', context, { cause: error }) as PipelineFailure;
}

// ---- Errors of a refused request (the API gives each code its status, in one middleware) ----

/**
 * The class of one refused-request code: a {@link NonRetryableError} of that code, named `name`,
 * whose message defaults to `defaultMessage` when the request's fault needs no words of its own.
 */
function requestError(code: RequestErrorCode, name: string, defaultMessage = '') {
  return class extends NonRetryableError {
    constructor(message = defaultMessage, context: ErrorContext = {}) {
      super(code, message, context);
      this.name = name;
    }
  };
}

/** The thing asked for does not exist (or is not visible to this caller). */
export class NotFoundError extends requestError('not_found', 'NotFoundError') {}
/** Input failed validation. */
export class ValidationError extends requestError('validation', 'ValidationError') {}
/** An optimistic-lock condition failed: someone else changed the item first (`currentVersion` in the context). */
export class VersionConflictError extends requestError('version_conflict', 'VersionConflictError') {}
/** A conditional write found the item already there (idempotent create). */
export class AlreadyExistsError extends requestError('already_exists', 'AlreadyExistsError') {}
/** A conditional write arrived without the version it edits (`If-Match`). */
export class PreconditionRequiredError extends requestError('precondition_required', 'PreconditionRequiredError', 'If-Match with the version being edited is required') {}
/** A request body in a format the API does not read. */
export class UnsupportedMediaTypeError extends requestError('unsupported_media_type', 'UnsupportedMediaTypeError') {}
/** The caller is not authenticated (no token or an invalid one). */
export class UnauthorizedError extends requestError('unauthorized', 'UnauthorizedError', 'authentication required') {}
/** The caller is authenticated but lacks the editor role. */
export class ForbiddenError extends requestError('forbidden', 'ForbiddenError', 'editor role required') {}

// ---- Crossing a thread or process boundary ----

/** An error as plain JSON (a worker's reply, a queue message). */
export interface SerializedError {
  kind: ErrorKind;
  code: ErrorCode;
  name: string;
  message: string;
  context: ErrorContext;
}

/** The plain-JSON form of an error of the family; the context goes through a JSON round trip. */
export function serializeError(error: PipelineError): SerializedError {
  return { kind: error.kind, code: error.code, name: error.name, message: error.message, context: JSON.parse(JSON.stringify(error.context)) as ErrorContext };
}

type RequestErrorClass = new (message: string, context?: ErrorContext) => NonRetryableError;

const CLASS_OF_CODE: { [C in RequestErrorCode | 'layout_changed']: RequestErrorClass } = {
  layout_changed: LayoutChangedError,
  validation: ValidationError,
  unauthorized: UnauthorizedError,
  forbidden: ForbiddenError,
  not_found: NotFoundError,
  already_exists: AlreadyExistsError,
  version_conflict: VersionConflictError,
  precondition_required: PreconditionRequiredError,
  unsupported_media_type: UnsupportedMediaTypeError,
};

const isRetryableCode = (code: ErrorCode): code is RetryableCode => code === 'network' || code === 'timeout' || code === 'http_5xx' || code === 'rate_limited';

/**
 * Rebuilds the error a {@link serializeError} described: the same kind (so the same retry
 * decision), code, name, message and context. A code a named class owns comes back as that class;
 * anything malformed comes back as a {@link CriticalError}.
 */
export function deserializeError(serialized: SerializedError): PipelineError {
  const { kind, code, message, context } = serialized;
  let error: PipelineError;
  if (!isErrorCode(code) || code === 'internal' || kind === 'critical') error = new CriticalError(message, context);
  else if (kind === 'retryable' && isRetryableCode(code)) error = new RetryableError(code, message, context);
  else if (code in CLASS_OF_CODE) error = new CLASS_OF_CODE[code as keyof typeof CLASS_OF_CODE](message, context);
  else error = new NonRetryableError(code, message, context);
  if (typeof serialized.name === 'string' && serialized.name) error.name = serialized.name;
  return error;
}
