/**
 * The closed set of failure codes. Every failure anywhere in the pipeline (fetching, parsing,
 * extraction, storage) is reported with exactly one of these, per source and, where it applies,
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

/** One code of the closed set {@link FAILURE_CODES}. */
export type FailureCode = (typeof FAILURE_CODES)[number];

export function isFailureCode(value: unknown): value is FailureCode {
  return typeof value === 'string' && (FAILURE_CODES as readonly string[]).includes(value);
}

/** Codes after which an immediate retry of the same request can succeed. */
const RETRYABLE_CODES: ReadonlySet<FailureCode> = new Set(['network', 'timeout', 'http_5xx', 'rate_limited']);

/** Context carried by every pipeline error, so that the boundary can log it once. */
export interface ErrorContext {
  sourceId?: string;
  url?: string;
  status?: number;
  /** Seconds the remote asked us to wait (Retry-After), when it said so. */
  retryAfterSeconds?: number;
  [key: string]: unknown;
}

/**
 * Base of the pipeline's error family. `code` is from the closed set; `context` says where.
 * Subclasses are named by what the caller should do next.
 */
export class PipelineError extends Error {
  readonly code: FailureCode;
  readonly context: ErrorContext;

  constructor(code: FailureCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PipelineError';
    this.code = code;
    this.context = context;
  }

  get retryable(): boolean {
    return RETRYABLE_CODES.has(this.code);
  }
}

/** A failure that may pass if the same work is tried again later (network, 5xx, throttling). */
export class RetryableError extends PipelineError {
  constructor(code: FailureCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(code, message, context, options);
    this.name = 'RetryableError';
  }
}

/** A failure that will repeat if retried unchanged (4xx, SSRF, robots, ill-formed input). */
export class NonRetryableError extends PipelineError {
  constructor(code: FailureCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(code, message, context, options);
    this.name = 'NonRetryableError';
  }
}

/** A listing or page no longer matches the source's known layout (including zero items). */
export class LayoutChangedError extends NonRetryableError {
  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super('layout_changed', message, context, options);
    this.name = 'LayoutChangedError';
  }
}

/** A bug or broken invariant: alert, do not retry blindly. */
export class CriticalError extends PipelineError {
  constructor(message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super('internal', message, context, options);
    this.name = 'CriticalError';
  }
}

/** Turns anything thrown into a pipeline error with a code from the closed set. */
export function toPipelineError(error: unknown, context: ErrorContext = {}): PipelineError {
  if (error instanceof PipelineError) {
    if (Object.keys(context).length === 0) return error;
    const merged = new PipelineError(error.code, error.message, { ...context, ...error.context }, { cause: error.cause });
    merged.name = error.name;
    return merged;
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CriticalError(message || 'unknown error', context, { cause: error });
}

// ---- Domain errors of the editorial workflow and storage (mapped to HTTP in one middleware) ----

/** Base of the errors that the API turns into problem+json responses. */
export class DomainError extends Error {
  /** HTTP status the API maps this error to. */
  readonly status: number;
  /** Stable, machine-readable problem type (last segment of the problem `type` URI). */
  readonly type: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, type: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DomainError';
    this.status = status;
    this.type = type;
    this.details = details;
  }
}

/** The thing asked for does not exist (or is not visible to this caller). */
export class NotFoundError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(404, 'not-found', message, details);
    this.name = 'NotFoundError';
  }
}

/** Input failed validation. */
export class ValidationError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(400, 'validation', message, details);
    this.name = 'ValidationError';
  }
}

/** An optimistic-lock condition failed: someone else changed the item first. */
export class VersionConflictError extends DomainError {
  constructor(message: string, details: { currentVersion?: number } & Record<string, unknown> = {}) {
    super(412, 'version-conflict', message, details);
    this.name = 'VersionConflictError';
  }
}

/** A conditional write found the item already there (idempotent create). */
export class AlreadyExistsError extends DomainError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(409, 'already-exists', message, details);
    this.name = 'AlreadyExistsError';
  }
}

/** The caller is not authenticated (no token or an invalid one). */
export class UnauthorizedError extends DomainError {
  constructor(message = 'authentication required', details: Record<string, unknown> = {}) {
    super(401, 'unauthorized', message, details);
    this.name = 'UnauthorizedError';
  }
}

/** The caller is authenticated but lacks the editor role. */
export class ForbiddenError extends DomainError {
  constructor(message = 'editor role required', details: Record<string, unknown> = {}) {
    super(403, 'forbidden', message, details);
    this.name = 'ForbiddenError';
  }
}
