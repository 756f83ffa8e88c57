import type { HistoryEntry, PracticeItem } from '../ports.js';

/** JSON with object keys sorted: stored maps (DynamoDB's among them) do not keep key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The field-level changes between two states, for the fields named. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, fields: readonly string[]): HistoryEntry['changes'] {
  const changes: HistoryEntry['changes'] = {};
  for (const field of fields) {
    if (canonical(before[field]) !== canonical(after[field])) changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  return changes;
}

/** The history row of a change that brought `item` to its current version. */
export function historyEntry(item: PracticeItem, at: string, actor: string, action: HistoryEntry['action'], changes: HistoryEntry['changes'], reason: string | null = null): HistoryEntry {
  return { practiceId: item.id, at, actor, action, changes, version: item.editorial.version, reason };
}
