import { ValidationError } from '../errors.js';
import type { OverridableField } from '../model.js';
import type { EditorAction, HistoryEntry, PracticeItem } from '../ports.js';
import { effectiveRecord } from './practice-identity.js';
import { diff, historyEntry } from './record-history.js';

/**
 * Applies an editor action to a record (already checked to be at the expected version): the next
 * record and its history row. Overrides are stored beside the machine fields, never into them.
 */
export function planEditorAction(item: PracticeItem, action: EditorAction, actor: string, at: string): { item: PracticeItem; history: HistoryEntry } {
  const editorial = { ...item.editorial, overrides: { ...item.editorial.overrides }, version: item.editorial.version + 1 };
  let changes: HistoryEntry['changes'] = {};
  let reason: string | null = null;
  switch (action.type) {
    case 'approve':
    case 'reject': {
      const status = action.type === 'approve' ? 'approved' : 'rejected';
      if (action.type === 'reject') {
        if (!action.reason?.trim()) throw new ValidationError('a rejection needs a reason', { field: 'reason' });
        reason = action.reason.trim();
      }
      changes.status = { from: item.editorial.status, to: status };
      Object.assign(editorial, { status, reviewer: actor, reviewedAt: at, rejectReason: reason });
      break;
    }
    case 'edit': {
      const before = effectiveRecord(item) as unknown as Record<string, unknown>;
      for (const [field, value] of Object.entries(action.overrides) as Array<[OverridableField, unknown]>) {
        if (value === undefined) continue;
        if (value === null) delete editorial.overrides[field];
        else (editorial.overrides as Record<string, unknown>)[field] = value;
      }
      const after = effectiveRecord({ ...item, editorial }) as unknown as Record<string, unknown>;
      changes = diff(before, after, Object.keys(action.overrides));
      break;
    }
    case 'set-announcement': {
      changes.isPracticeAnnouncement = { from: effectiveRecord(item).isPracticeAnnouncement, to: action.value };
      editorial.overrides.isPracticeAnnouncement = action.value;
      break;
    }
  }
  const decided = action.type === 'approve' || action.type === 'reject';
  const next: PracticeItem = { ...item, editorial, updatedAt: at, change: decided ? null : (item.change ?? null) };
  return { item: next, history: historyEntry(next, at, actor, action.type, changes, reason) };
}
