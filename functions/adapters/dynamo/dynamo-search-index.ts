import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dequantiseLength, MAX_STORED_WEIGHT, type CorpusStats, type PostingList } from '../../core/search/bm25.js';
import type { SearchIndex, SearchIndexChange, StoredPosting } from '../../core/search/search-ports.js';
import { errorName, translateTransient } from './dynamo-errors.js';
import { batchWriteAll } from './batch-write.js';
import { queryPartition } from './query-partition.js';
import { LISTING_INDEX } from './table-design.js';

type Row = Record<string, unknown>;

/** Key of the corpus figures (documents, summed weighted length), moved by atomic ADDs. */
const STATS_KEY = { pk: 'SEARCH', sk: 'STATS' } as const;
/** Parallel requests of one change's writes. */
const CONCURRENCY = 8;

const termSk = (term: string) => `W#${term}`;
/**
 * A posting's sort key in its term's listing: highest weight first (9999 − weight, padded), then
 * the quantised length and the record id. Everything a query needs is in the key, so a query reads
 * only the index (whose projection is fixed by the listings: see `table-design.ts`).
 */
const postingGsk = (p: StoredPosting, id: string) => `${String(MAX_STORED_WEIGHT - p.weight).padStart(4, '0')}.${String(p.length).padStart(3, '0')}.${id}`;

function parseGsk(gsk: string): { id: string; weight: number; length: number } | null {
  const match = /^(\d{4})\.(\d{3})\.(.+)$/.exec(gsk);
  if (!match) return null;
  return { weight: (MAX_STORED_WEIGHT - Number(match[1])) / 2, length: dequantiseLength(Number(match[2])), id: match[3]! };
}

async function inParallel<T>(items: readonly T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

/**
 * The inverted index of stems in the single table: one item per (record, term), `P#<id>` /
 * `W#<term>`, listed on the table's one GSI under `W#<term>`, so that a term's posting list is one
 * Query (highest weights first) and a record's postings live beside it. The corpus figures are
 * one item (`SEARCH` / `STATS`). No Scan, no search cluster.
 */
export class DynamoSearchIndex implements SearchIndex {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addPostings(change: SearchIndexChange): Promise<void> {
    const rows: Row[] = change.put.map((p) => ({
      pk: `P#${change.id}`,
      sk: termSk(p.term),
      gpk: termSk(p.term),
      gsk: postingGsk(p, change.id),
      id: change.id,
      ver: change.version,
    }));
    const chunks: Row[][] = [];
    for (let i = 0; i < rows.length; i += 25) chunks.push(rows.slice(i, i + 25));
    await inParallel(chunks, (chunk) => batchWriteAll(this.client, this.tableName, chunk.map((Item) => ({ PutRequest: { Item } })), { what: 'postings', context: { id: change.id } }));
  }

  async prunePostings(change: SearchIndexChange): Promise<void> {
    await inParallel(change.remove, async (term) => {
      try {
        // Only a posting that no later version of the record has rewritten.
        await this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { pk: `P#${change.id}`, sk: termSk(term) },
            ConditionExpression: 'ver <= :v',
            ExpressionAttributeValues: { ':v': change.version },
          }),
        );
      } catch (error) {
        if (errorName(error) !== 'ConditionalCheckFailedException') throw translateTransient(error, { id: change.id });
      }
    });
    if (change.documentsDelta !== 0 || change.lengthDelta !== 0) {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: STATS_KEY,
          UpdateExpression: 'ADD docs :d, len :l',
          ExpressionAttributeValues: { ':d': change.documentsDelta, ':l': change.lengthDelta },
        }),
      );
    }
  }

  async postingLists(terms: readonly string[], budget: number): Promise<PostingList[]> {
    return Promise.all(
      terms.map(async (term) => {
        const postings: PostingList['postings'] = [];
        let startKey: Row | undefined;
        let truncated = false;
        do {
          const result = await this.client.send(
            new QueryCommand({
              TableName: this.tableName,
              IndexName: LISTING_INDEX,
              KeyConditionExpression: 'gpk = :p',
              ExpressionAttributeValues: { ':p': termSk(term) },
              ProjectionExpression: 'gsk',
              Limit: Math.min(5000, budget - postings.length),
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          );
          for (const row of result.Items ?? []) {
            const posting = parseGsk(row.gsk as string);
            if (posting) postings.push(posting);
          }
          startKey = result.LastEvaluatedKey as Row | undefined;
          truncated = startKey !== undefined && postings.length >= budget;
        } while (startKey && !truncated);
        // Cut at the budget, the true frequency is larger: the count read is a lower bound.
        return { term, postings, documentFrequency: postings.length };
      }),
    );
  }

  async storedPostings(id: string): Promise<StoredPosting[]> {
    const out: StoredPosting[] = [];
    for (const row of await queryPartition(this.client, this.tableName, `P#${id}`, { skPrefix: 'W#', projection: 'sk, gsk' })) {
      const match = /^(\d{4})\.(\d{3})\./.exec(row.gsk as string);
      if (match) out.push({ term: (row.sk as string).slice(2), weight: MAX_STORED_WEIGHT - Number(match[1]), length: Number(match[2]) });
    }
    return out;
  }

  async stats(): Promise<CorpusStats> {
    const result = await this.client.send(new GetCommand({ TableName: this.tableName, Key: STATS_KEY }));
    return { documents: Number(result.Item?.docs ?? 0), totalLength: Number(result.Item?.len ?? 0) };
  }
}
