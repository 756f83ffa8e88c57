import { createHash } from 'node:crypto';
import type { ExtractionRecord, OverridableField } from '../model.js';
import type { PracticeItem } from '../ports.js';

/** Identity of a record: SHA-256 (base64url, 32 characters) of its primary article's canonical URL. */
export function practiceIdForUrl(url: string): string {
  return createHash('sha256').update(url, 'utf8').digest('base64url').slice(0, 32);
}

/** The machine fields with the editors' overrides applied. */
export function effectiveRecord(item: PracticeItem): ExtractionRecord {
  const merged: ExtractionRecord = { ...item.extraction };
  for (const [field, value] of Object.entries(item.editorial.overrides) as Array<[OverridableField, unknown]>) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[field] = value;
  }
  return merged;
}

/** Whether the public sees the record: approved, and an announcement after overrides. */
export function isPublic(item: PracticeItem): boolean {
  return item.editorial.status === 'approved' && effectiveRecord(item).isPracticeAnnouncement;
}
