/**
 * The queue of a group commit (`TransactionGroups`, `BandLookups`): a request made while
 * `maxInFlight` others are on their way waits, and each slot that frees takes the oldest waiting
 * ones that fit together (`take`) and sends them as one (`send`, which settles every member). An
 * idle caller waits for nothing; a busy one shares a request's fixed cost with the others.
 */
export abstract class GroupQueue<M> {
  /** Members waiting, oldest first; `take` removes the ones it sends. */
  protected readonly queue: M[] = [];
  private inFlight = 0;

  constructor(private readonly maxInFlight: number) {}

  protected enqueue(member: M): void {
    this.queue.push(member);
    this.pump();
  }

  /** The oldest waiting members that fit one request, removed from the queue (never empty while it is not). */
  protected abstract take(): M[];

  /** Sends a group and settles each of its members; never rejects. */
  protected abstract send(group: M[]): Promise<void>;

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const group = this.take();
      this.inFlight += 1;
      void this.send(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }
}
