import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GroupQueue } from './group-queue.js';

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** DynamoDB's limits on one TransactWriteItems: 100 items, 4 MB; the byte cap leaves headroom for the estimate. */
export const GROUP_MAX_ITEMS = 100;
export const GROUP_MAX_BYTES = 3_000_000;

/** One writer's transaction, waiting to be sent alone or with others. */
interface Member {
  items: TransactItem[];
  bytes: number;
  keys: string[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const keyOf = (item: TransactItem): string => {
  const key = (item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key ?? {}) as Record<string, unknown>;
  return `${String(key['pk'])}\u0000${String(key['sk'])}`;
};

/**
 * Group commit of independent transactions: a transaction submitted while `maxInFlight` others
 * are on their way waits, and the waiting ones go together as one TransactWriteItems (at most
 * {@link GROUP_MAX_ITEMS} items, no item twice). A request's fixed cost (DynamoDB Local spends about
 * 4 ms of CPU on any transaction before its items) is then shared, and an idle writer waits for
 * nothing. A group is atomic like its members: either every member is applied or none. When a group
 * fails (one member's condition, a conflict, throttling, a too-large item), every member is sent
 * again on its own, so each one gets exactly the answer it would have had alone.
 */
export class TransactionGroups extends GroupQueue<Member> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    maxInFlight = 2,
  ) {
    super(maxInFlight);
  }

  /**
   * Resolves once `items` are applied (alone or in a group); rejects with the error the transaction
   * got on its own. `bytes` estimates its size (for the group's 4 MB limit).
   */
  submit(items: TransactItem[], bytes: number): Promise<void> {
    if (items.length > GROUP_MAX_ITEMS / 2 || bytes > GROUP_MAX_BYTES / 2) return this.alone(items);
    return new Promise<void>((resolve, reject) => this.enqueue({ items, bytes, keys: items.map(keyOf), resolve, reject }));
  }

  private alone(items: TransactItem[]): Promise<void> {
    return this.client.send(new TransactWriteCommand({ TransactItems: items })).then(() => undefined);
  }

  /** The oldest waiting members that fit one transaction together, removed from the queue. */
  protected take(): Member[] {
    const group: Member[] = [];
    const keys = new Set<string>();
    let items = 0;
    let bytes = 0;
    for (let i = 0; i < this.queue.length; ) {
      const member = this.queue[i]!;
      const fits = items + member.items.length <= GROUP_MAX_ITEMS && bytes + member.bytes <= GROUP_MAX_BYTES && !member.keys.some((k) => keys.has(k));
      if (!fits) {
        if (items + member.items.length > GROUP_MAX_ITEMS) break;
        i += 1;
        continue;
      }
      this.queue.splice(i, 1);
      group.push(member);
      items += member.items.length;
      bytes += member.bytes;
      for (const k of member.keys) keys.add(k);
    }
    return group;
  }

  protected async send(group: Member[]): Promise<void> {
    if (group.length === 1) {
      const [member] = group;
      await this.alone(member!.items).then(member!.resolve, member!.reject);
      return;
    }
    try {
      await this.client.send(new TransactWriteCommand({ TransactItems: group.flatMap((m) => m.items) }));
      for (const member of group) member.resolve();
    } catch {
      // Nothing of the group was applied: each member on its own gets its own answer.
      await Promise.all(group.map((member) => this.alone(member.items).then(member.resolve, member.reject)));
    }
  }
}
