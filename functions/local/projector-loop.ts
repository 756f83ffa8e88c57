import { drainProjections, type ProjectionRun, type ProjectorDeps } from '../core/projection/project-records.js';

/**
 * The projector as `npm start` runs it: its own loop over the outbox (what the deployed projector
 * function does on stream events and its schedule), with `drain()` for callers that need the
 * listings now (the local runtime after an ingest run, tests, CLI commands). Passes never overlap:
 * one projector at a time, as one stream shard is processed.
 */
export class LocalProjectorLoop {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly deps: ProjectorDeps,
    private readonly log: (line: string) => void,
  ) {}

  /** Drains the outbox after any pass already running; failures are logged and stay queued. */
  drain(): Promise<ProjectionRun> {
    const run = this.chain.then(() => drainProjections(this.deps));
    this.chain = run.catch(() => undefined);
    return run.then((result) => {
      for (const failure of result.failures) this.log(`projection of ${failure.id} failed (stays queued): ${failure.error instanceof Error ? failure.error.message : String(failure.error)}`);
      return result;
    });
  }

  /** Drains every `intervalMs` until stopped. */
  start(intervalMs = 1000): this {
    const tick = () => {
      if (this.stopped) return;
      this.drain()
        .catch((error: unknown) => this.log(`projector pass failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
    return this;
  }

  /** Stops the loop and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.chain;
  }
}
