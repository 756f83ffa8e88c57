import type { ReviewStatus } from '../model.js';

/*
 * The re-extraction job's messages, state and ports, apart from the job itself so that readers of
 * the state (the query API's `GET /sources`) do not bundle the extraction code.
 */

/**
 * A position in a walk over every stored record: a review status and the listing position after
 * which the walk goes on (null: the status's first record). The review listings by status are
 * ordered by creation and written with the record itself, so the order is stable while records
 * are rewritten and needs no projector to be up to date.
 */
export interface ReextractCursor {
  status: ReviewStatus;
  after: string | null;
}

/**
 * One step of a re-extraction job, as the job's driver hands it to the re-extraction function (the
 * Step Functions state machine on AWS, an in-process runner locally): which model the job applies
 * (and the extractor version records end up with), the step's number and where it starts. A
 * message is a request to do one bounded page; the page done, the step returns the next message.
 */
export interface ReextractJobMessage {
  jobId: string;
  /** The model made current (`shipped` after a rollback to the shipped model). */
  modelVersion: string;
  /** The extractor version every record carries once the job is done. */
  extractorVersion: string;
  /** When the job was started (a newer job supersedes an older one). */
  startedAt: string;
  /** 0 for the first step; each step hands on `step + 1`. */
  step: number;
  cursor: ReextractCursor;
  /**
   * Which of the job's executions the message belongs to: 0 for the first, n after n hand-overs
   * (see {@link ReextractJobState.handovers}). Absent in messages of older code: 0.
   */
  execution?: number;
}

/** Counts of a job so far. */
export interface ReextractTotals {
  pages: number;
  /** Records read from the listings. */
  records: number;
  /**
   * Records already at the target version (not read again): rebuilt by an earlier job, by ingest
   * with the new model, or by a step that crashed before writing its counts (a redone page).
   */
  skipped: number;
  /** Articles re-extracted (a merged record has several). */
  examined: number;
  updated: number;
  unchanged: number;
  failed: number;
}

/** `failed`: a step failed every attempt and the driver gave up (the state's `failure` says where); started again, the job skips what it rebuilt. */
export const REEXTRACT_JOB_STATES = ['running', 'done', 'failed'] as const;

/**
 * The state of the latest re-extraction job (one at a time: a newer model supersedes the job of an
 * older one). Written after every step; what monitoring and the retrain report show.
 */
export interface ReextractJobState {
  jobId: string;
  modelVersion: string;
  extractorVersion: string;
  status: (typeof REEXTRACT_JOB_STATES)[number];
  /** The step the job expects next; a message with a lower step is a duplicate and ends quietly. */
  step: number;
  cursor: ReextractCursor | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  totals: ReextractTotals;
  /** The latest failures (at most {@link KEPT_FAILURES}); a failed record keeps its old extraction. */
  failures: Array<{ id: string; url: string; code: string; message: string }>;
  /** Set once the job has walked the pending queue a second time (see {@link ReextractStepOptions.settleMs}). */
  tailPass: boolean;
  /**
   * How many times the job has handed over to a fresh execution of its driver (an execution's
   * history is bounded: see {@link REEXTRACT_STEPS_PER_EXECUTION}). Absent in states of older code: 0.
   */
  handovers?: number;
  /** The step the current execution started at (0, or the step of the latest hand-over). */
  executionFirstStep?: number;
  /** When the job waits before its next step (the delayed second walk of the pending queue): until when; else absent or null. */
  waitingUntil?: string | null;
  /**
   * Why a `failed` job stopped: the step that failed its last attempt, the error's name as the
   * driver reports it (`States.Timeout`, `Lambda.ServiceException`, the function's own error), its
   * message (kept here and in the log, not sent by the API) and when.
   */
  failure?: { step: number; error: string; message: string; at: string } | null;
}

/**
 * Steps one execution of the job's driver runs before it hands over to a fresh one that goes on
 * from the stored cursor. A Step Functions execution's history holds at most 25,000 events; a step
 * uses about 7 (task and choice: entered, scheduled, started, succeeded, exited), a retried attempt
 * about 3 more. 1,000 steps (25,000 records at 25 a step) use some 7,000 events and leave the rest
 * for retries and the wait: far from the limit even on a bad day.
 */
export const REEXTRACT_STEPS_PER_EXECUTION = 1000;

export const KEPT_FAILURES = 20;

/** Where the latest job's state is kept (S3 `learning/reextract/job.json`). */
export interface ReextractJobStore {
  get(): Promise<ReextractJobState | null>;
  put(state: ReextractJobState): Promise<void>;
}

/**
 * Starts the job's driver with its first step: a Step Functions execution on AWS, the in-process
 * runner locally. The driver runs the steps one after another, each with the message the previous
 * one returned, retrying a failed step a few times. Starting the same job twice starts it once.
 */
export interface ReextractJobStarter {
  start(message: ReextractJobMessage): Promise<void>;
}

