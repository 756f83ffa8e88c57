import { ValidationError } from '../../core/errors.js';
import { capExtraction, truncateUtf8 } from '../../core/practices/record-limits.js';
import type { PracticeItem } from '../../core/ports.js';

/** Serialised size a record may reach; DynamoDB's item limit is 400 KB, the rest is headroom. */
export const RECORD_BUDGET_BYTES = 300_000;

/** Serialised size of a record, as stored. */
export function recordBytes(item: PracticeItem): number {
  return Buffer.byteLength(JSON.stringify(item));
}

/**
 * Makes a record fit {@link RECORD_BUDGET_BYTES} so that no write can hit DynamoDB's 400 KB
 * limit: machine-side material shrinks first (body, previous body, sources, machine lists);
 * editors' overrides are never cut, and if they alone do not fit the write is refused. Both the
 * DynamoDB repository and its in-memory twin apply it to every record they write.
 */
export function fitForStorage(item: PracticeItem): PracticeItem {
  const steps: Array<(i: PracticeItem) => PracticeItem> = [
    (i) => ({ ...i, extraction: { ...i.extraction, bodyText: truncateUtf8(i.extraction.bodyText, 30_000) } }),
    (i) => (i.change ? { ...i, change: { ...i.change, previousBodyText: truncateUtf8(i.change.previousBodyText, 10_000) } } : i),
    (i) => ({ ...i, sources: i.sources.slice(0, 20) }),
    (i) => ({ ...i, extraction: capExtraction(i.extraction, 10, 300) }),
  ];
  let fitted = item;
  for (const step of steps) {
    if (recordBytes(fitted) <= RECORD_BUDGET_BYTES) return fitted;
    fitted = step(fitted);
  }
  if (recordBytes(fitted) > RECORD_BUDGET_BYTES) {
    throw new ValidationError('the record with these overrides would be too large to store', { id: item.id });
  }
  return fitted;
}
