/**
 * Serialises requests per host and spaces them: at most one request in flight per host, and
 * the next one starts at least `minDelayMs` after the previous one finished. Time and sleeping
 * are injected so that tests can measure or fake them.
 */
export class HostQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly lastFinished = new Map<string, number>();

  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Runs `task` when the host is free and rested, holding the host until it settles. */
  async run<T>(host: string, minDelayMs: number, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(host) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(host, tail);
    try {
      await previous;
      const last = this.lastFinished.get(host);
      if (last !== undefined) {
        const wait = last + minDelayMs - this.now();
        // Timers may fire a millisecond early: one more keeps the host's view of the gap honest.
        if (wait > 0) await this.sleep(Math.ceil(wait) + 1);
      }
      return await task();
    } finally {
      this.lastFinished.set(host, this.now());
      release();
      if (this.tails.get(host) === tail) this.tails.delete(host);
    }
  }
}
