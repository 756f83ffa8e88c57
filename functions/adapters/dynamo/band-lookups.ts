import { ExecuteStatementCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GroupQueue } from './group-queue.js';

type Row = Record<string, unknown>;

/** Band values one statement reads at most (DynamoDB allows up to 50 values in a PartiQL `IN`). */
export const BAND_GROUP_MAX_VALUES = 48;

/** One lookup's band values and its settle functions. */
interface Member {
  bands: string[];
  resolve: (rows: Row[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Near-duplicate band lookups in groups: a lookup asked while `maxInFlight` statements are on their
 * way waits, and the waiting ones go as one PartiQL `SELECT … WHERE gpk IN [their bands]` over the
 * listing index (each band value once). A statement's fixed cost (parsing, planning, the request
 * itself) is then shared by a listing's articles, and an idle reader waits for nothing. Each member
 * gets exactly the rows of its own bands. When a group's statement fails, or its bands hold more
 * rows than the group's bound (the members' bounds together), every member is read again on its
 * own, so each one gets the answer it would have had alone.
 */
export class BandLookups extends GroupQueue<Member> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly source: string,
    /** Rows one lookup reads at most (a crowded band value is cut there). */
    private readonly maxRows: number,
    maxInFlight = 2,
  ) {
    super(maxInFlight);
  }

  /** The band rows (`id`, `ver`, `txt`) of `bands`, read alone or with other lookups'. */
  rows(bands: string[]): Promise<Row[]> {
    return new Promise<Row[]>((resolve, reject) => this.enqueue({ bands, resolve, reject }));
  }

  /** The oldest waiting lookups whose distinct band values fit one statement, removed from the queue. */
  protected take(): Member[] {
    const group: Member[] = [];
    const values = new Set<string>();
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const added = next.bands.filter((band) => !values.has(band)).length;
      if (group.length > 0 && values.size + added > BAND_GROUP_MAX_VALUES) break;
      this.queue.shift();
      group.push(next);
      for (const band of next.bands) values.add(band);
    }
    return group;
  }

  /** Every row of `bands`, page after page, until `bound` rows are read; `complete` says whether the end was reached. */
  private async read(bands: string[], bound: number): Promise<{ rows: Row[]; complete: boolean }> {
    const statement = `SELECT id, ver, txt, gpk FROM ${this.source} WHERE gpk IN [${bands.map(() => '?').join(', ')}]`;
    const rows: Row[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ExecuteStatementCommand({ Statement: statement, Parameters: bands, NextToken: token }));
      rows.push(...((page.Items ?? []) as Row[]));
      token = page.NextToken;
    } while (token && rows.length < bound);
    return { rows, complete: token === undefined };
  }

  protected async send(group: Member[]): Promise<void> {
    if (group.length > 1) {
      try {
        const values = [...new Set(group.flatMap((m) => m.bands))];
        const { rows, complete } = await this.read(values, this.maxRows * group.length);
        const byBand = new Map<string, Row[]>();
        for (const row of rows) {
          const gpk = row['gpk'] as string;
          if (!byBand.has(gpk)) byBand.set(gpk, []);
          byBand.get(gpk)!.push(row);
        }
        // Cut short (crowded bands beyond the group's bound): every member is read on its own.
        if (complete) {
          for (const member of group) member.resolve(member.bands.flatMap((band) => byBand.get(band) ?? []));
          return;
        }
      } catch {
        // Nothing is lost by asking again: each member on its own gets its own answer (or error).
      }
    }
    await Promise.all(group.map((member) => this.alone(member)));
  }

  private async alone(member: Member): Promise<void> {
    try {
      member.resolve((await this.read(member.bands, this.maxRows)).rows);
    } catch (error) {
      member.reject(error);
    }
  }
}
