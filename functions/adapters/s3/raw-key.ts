import { createHash } from 'node:crypto';

/** Content address of raw bytes: `raw/<sha256 hex>`; the same bytes always get the same key. */
export function rawKeyFor(bytes: Uint8Array): string {
  return `raw/${createHash('sha256').update(bytes).digest('hex')}`;
}
