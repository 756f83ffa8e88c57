/**
 * `npx tsx scripts/search/reindex.ts`: re-indexes every record of the configured table (the same
 * environment as `npm start` or a deployed function: TABLE_NAME, DYNAMODB_ENDPOINT, …). Needed once
 * for a table whose records predate the search index; idempotent, so it can be run again safely.
 */
import { createStorage } from '../../functions/composition/storage.js';
import { loadConfig } from '../../functions/config.js';
import { reindexAll } from '../../functions/core/search/index-change.js';

const storage = createStorage(loadConfig());
let changed = 0;
const count = await reindexAll({ queries: storage.practices, index: storage.search }, (change) => {
  if (change.put.length || change.remove.length) changed += 1;
});
console.log(`re-indexed ${count} records; ${changed} had postings written or removed`);
