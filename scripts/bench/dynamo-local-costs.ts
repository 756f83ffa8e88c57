/**
 * What DynamoDB Local's own process spends per request kind (`npx tsx scripts/bench/dynamo-local-costs.ts`):
 * its CPU (from /proc) and this process's, per request, 8 in flight, on a scratch table of the
 * project's design: transactions of 24, 12 and 2 items shaped like a record and its listing rows,
 * batch writes, GetItem, BatchGet, GSI and base-table Queries. The first phase warms the server's JIT
 * and is printed apart. Not part of `npm run bench`: it explains the ingest figure, it is no bar.
 */
import { mkdtempSync, rmSync } from 'node:fs'; import { tmpdir } from 'node:os'; import path from 'node:path';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoClient } from '../../functions/adapters/aws-clients.js';
import { ensureTable } from '../../functions/adapters/dynamo/ensure-table.js';
import { loadConfig } from '../../functions/config.js';
import { startLocalStack } from '../../functions/local/local-stack.js';
import { processCpuMs, serverPid, cpuMs } from './process-stats.js';
const dir = mkdtempSync(path.join(tmpdir(), 'pw-dynamo-costs-'));
const stack = await startLocalStack({ s3Dir: path.join(dir, 's3'), log: () => {} });
const config = loadConfig({ DYNAMODB_ENDPOINT: stack.dynamoEndpoint, S3_ENDPOINT: stack.s3Endpoint, TABLE_NAME: 'ttt', RAW_BUCKET: 'b', LOG_LEVEL: 'SILENT' });
const c = createDynamoClient(config); await ensureTable(c, 'ttt');
const pid = serverPid(new URL(stack.dynamoEndpoint).port, 'DynamoDBLocal')!;
const txt = 'слово '.repeat(60);
const row = (id: string, i: number) => ({ pk: `P#${id}`, sk: `X#G${i}#${id.slice(0, 2)}`, gpk: `G${i}#${id.slice(0, 2)}`, gsk: `2024-03-01T00:00:00Z#${id}`, id, ver: 1, flt: ['R:77', 'T:x', 'S:y', 'C:pos'], txt, d: '2024' });
const rec = (id: string) => ({ pk: `P#${id}`, sk: 'R', id, ver: 1, doc: 'x'.repeat(4000) });
async function phase(name: string, n: number, conc: number, op: (i: number) => Promise<unknown>) {
  const s0 = processCpuMs(pid)!; const c0 = cpuMs(); const t0 = performance.now(); let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (next < n) await op(next++); }));
  const s = processCpuMs(pid)! - s0; console.log(name.padEnd(34), 'n', n, 'serverCpu/op', (s / n).toFixed(2), 'ms  nodeCpu/op', ((cpuMs() - c0) / n).toFixed(2), 'wall/op', ((performance.now() - t0) / n).toFixed(2));
}
let k = 0;
const tx = (items: number) => (i: number) => { const id = `tx${items}-${k++}`; return c.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'ttt', Item: rec(id), ConditionExpression: 'attribute_not_exists(pk)' } }, ...Array.from({ length: items - 1 }, (_, j) => ({ Put: { TableName: 'ttt', Item: row(id, j) } }))] })); };
/** A record's ingest transaction as it is now: record, URL, history, 11 rows, 4 band-item updates (`SET r:<id>`). */
const ingestTx = (id: string) => [
  { Put: { TableName: 'ttt', Item: rec(id), ConditionExpression: 'attribute_not_exists(pk)' } },
  ...Array.from({ length: 13 }, (_, j) => ({ Put: { TableName: 'ttt', Item: row(id, j) } })),
  ...[0, 1, 2, 3].map((b) => ({ Update: { TableName: 'ttt', Key: { pk: `BANDS#${b}:${id}`, sk: 'B' }, UpdateExpression: 'SET #r = :h', ExpressionAttributeNames: { '#r': `r:${id}` }, ExpressionAttributeValues: { ':h': '0123456789abcdef' } } })),
];
const grouped = (n: number) => () => { const items = Array.from({ length: n }, () => ingestTx(`g${n}-${k++}`)).flat(); return c.send(new TransactWriteCommand({ TransactItems: items })); };
if (process.env['COSTS_ONLY'] === 'ingest') {
  await phase('warm tx24', 600, 8, tx(24));
  await phase('tx18 (14 puts + 4 band updates)', 400, 8, grouped(1));
  await phase('tx18 puts only', 400, 8, tx(18));
  const bandPuts = () => { const id = `cp-${k++}`; const items = ingestTx(id).slice(0, 14) as object[]; items.push(...[0, 1, 2, 3].map((b) => ({ Put: { TableName: 'ttt', Item: { pk: `BANDS#${b}:${id}`, sk: 'B', [`r:${id}`]: '0123456789abcdef' }, ConditionExpression: 'attribute_not_exists(pk)' } }))); return c.send(new TransactWriteCommand({ TransactItems: items as never })); };
  await phase('tx18 (14 puts + 4 conditional puts)', 400, 8, bandPuts);
  await phase('tx14 puts only', 400, 8, tx(14));
  await phase('group of 3 × 18 (per group)', 200, 8, grouped(3));
  await phase('group of 5 × 18 (per group)', 150, 8, grouped(5));
  await phase('batchget 4 band items', 1000, 8, (i) => c.send(new BatchGetCommand({ RequestItems: { ttt: { Keys: [0, 1, 2, 3].map((b) => ({ pk: `BANDS#${b}:g1-${i}`, sk: 'B' })) } } })));
  await phase('batchget 40 band items', 200, 8, (i) => c.send(new BatchGetCommand({ RequestItems: { ttt: { Keys: Array.from({ length: 40 }, (_, j) => ({ pk: `BANDS#${j % 4}:g1-${i * 10 + (j >> 2)}`, sk: 'B' })) } } })));
  await phase('query gsi empty partition', 1000, 8, (i) => c.send(new QueryCommand({ TableName: 'ttt', IndexName: 'gsi1', KeyConditionExpression: 'gpk = :p', ExpressionAttributeValues: { ':p': `BAND#${i}` }, Limit: 20 })));
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
await phase('warm tx24', 600, 8, tx(24));
await phase('tx24', 400, 8, tx(24));
await phase('tx24 conc1', 200, 1, tx(24));
await phase('tx12', 400, 8, tx(12));
await phase('tx2', 400, 8, tx(2));
await phase('batchwrite 24 (1 rec + 23 rows)', 400, 8, (i) => { const id = `bw-${k++}`; return c.send(new BatchWriteCommand({ RequestItems: { ttt: [rec(id), ...Array.from({ length: 23 }, (_, j) => row(id, j))].slice(0, 25).map((Item) => ({ PutRequest: { Item } })) } })); });
await phase('put single row', 1000, 8, (i) => c.send(new PutCommand({ TableName: 'ttt', Item: row(`p-${k++}`, 1) })));
await phase('get consistent', 2000, 8, (i) => c.send(new GetCommand({ TableName: 'ttt', Key: { pk: `URL#${i}`, sk: 'U' }, ConsistentRead: true })));
await phase('get eventual', 2000, 8, (i) => c.send(new GetCommand({ TableName: 'ttt', Key: { pk: `URL#${i}`, sk: 'U' } })));
await phase('batchget 8 missing', 500, 8, (i) => c.send(new BatchGetCommand({ RequestItems: { ttt: { Keys: Array.from({ length: 8 }, (_, j) => ({ pk: `URL#${i}-${j}`, sk: 'U' })), ConsistentRead: true } } })));
await phase('batchget 10 recs', 500, 8, (i) => c.send(new BatchGetCommand({ RequestItems: { ttt: { Keys: Array.from({ length: 10 }, (_, j) => ({ pk: `P#tx24-${(i * 10 + j) % 900}`, sk: 'R' })) } } })));
await phase('query gsi small partition', 2000, 8, (i) => c.send(new QueryCommand({ TableName: 'ttt', IndexName: 'gsi1', KeyConditionExpression: 'gpk = :p', ExpressionAttributeValues: { ':p': `G${i % 20}#t${i % 10}` }, Limit: 20 })));
await phase('query gsi empty partition', 2000, 8, (i) => c.send(new QueryCommand({ TableName: 'ttt', IndexName: 'gsi1', KeyConditionExpression: 'gpk = :p', ExpressionAttributeValues: { ':p': `BAND#${i}` }, Limit: 20 })));
await phase('query base table', 2000, 8, (i) => c.send(new QueryCommand({ TableName: 'ttt', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': `P#tx24-${i % 900}` }, Limit: 20 })));
await stack.stop();
rmSync(dir, { recursive: true, force: true });
