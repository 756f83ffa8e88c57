import { effectiveRecord, isPublic } from '../../core/practices/practice-identity.js';
import type { RegionRole } from '../../core/model.js';
import type { PracticeItem } from '../../core/ports.js';
import {
  MAX_REGION_ROWS,
  linkKeys,
  mergedRegionRoles,
  recordDate,
  storyOf,
  type RegionRow,
  type StoryItem,
} from '../../core/stories/story-record.js';
import type { IndexEntry } from './practice-index.js';

/**
 * The listing rows of stories in the single table (both repositories keep the same rows): what a
 * record adds as a story member beside `indexEntries`, a story item's timeline row, and how the
 * per-region rows read back.
 */

/**
 * The listing rows a record has as a story member, beside the ones of `indexEntries`:
 * - `STORY#<storyId>`: the story's members, by creation;
 * - `LK#<key>` (sorted by date): link candidates, `flt` carries `A` for announcements, which the
 *   practice-timeline lookup asks for;
 * - `PUBRG` (public records only, one row each, by date) and `PUBRG#<region>` (one row per region
 *   named): the per-region view of public stories behind `/regions` and `/regions/{code}`; `flt`
 *   holds `story:<id>` and the roles (`rg:<region>:<role>`, or `role:<role>` in a region's own
 *   listing), `txt` the display title.
 */
export function storyIndexEntries(item: PracticeItem): IndexEntry[] {
  const eff = effectiveRecord(item);
  const storyId = storyOf(item);
  const d = recordDate(item);
  const base = { id: item.id, ver: item.editorial.version, d };
  const entries: IndexEntry[] = [{ ...base, gpk: `STORY#${storyId}`, gsk: `${item.createdAt}#${item.id}`, flt: [], txt: '' }];
  const announcement = eff.isPracticeAnnouncement ? ['A'] : [];
  for (const key of linkKeys(eff)) entries.push({ ...base, gpk: `LK#${key}`, gsk: `${d}#${item.id}`, flt: announcement, txt: '' });
  if (isPublic(item)) {
    const roles = [...mergedRegionRoles([eff])].slice(0, MAX_REGION_ROWS);
    const title = eff.title.slice(0, 300);
    entries.push({ ...base, gpk: 'PUBRG', gsk: `${d}#${item.id}`, flt: [`story:${storyId}`, ...roles.map(([code, role]) => `rg:${code}:${role}`)], txt: title });
    for (const [code, role] of roles) entries.push({ ...base, gpk: `PUBRG#${code}`, gsk: `${d}#${item.id}`, flt: [`role:${role}`, `story:${storyId}`], txt: title });
  }
  return entries;
}

/** The listing rows of a story item: its timeline's members. */
export function storyItemIndexEntries(story: StoryItem): IndexEntry[] {
  if (!story.timelineId || story.mergedInto) return [];
  return [{ gpk: `TL#${story.timelineId}`, gsk: `${story.createdAt}#${story.id}`, id: story.id, ver: story.version, flt: [], txt: '', d: story.createdAt }];
}

/** The region rows of one listing row: `PUBRG` rows name every region, `PUBRG#<code>` rows their own. */
export function decodeRegionRows(gpk: string, entry: Pick<IndexEntry, 'id' | 'flt' | 'txt' | 'd'>): RegionRow[] {
  const storyId = entry.flt.find((t) => t.startsWith('story:'))?.slice(6) ?? '';
  const row = { recordId: entry.id, storyId, date: entry.d, title: entry.txt };
  if (gpk.startsWith('PUBRG#')) {
    const role = (entry.flt.find((t) => t.startsWith('role:'))?.slice(5) ?? 'mentioned') as RegionRole;
    return [{ ...row, code: gpk.slice(6), role }];
  }
  return entry.flt
    .filter((t) => t.startsWith('rg:'))
    .map((t) => {
      const [, code, role] = t.split(':');
      return { ...row, code: code!, role: role as RegionRole };
    });
}

