import { toPracticeView, type Audience, type PracticeView } from '../../core/practices/practice-view.js';
import type { PracticeItem } from '../../core/ports.js';

/** A practice view whose sources carry the link to their raw snapshot. */
export type ApiPracticeView = Omit<PracticeView, 'sources'> & {
  sources: Array<PracticeView['sources'][number] & { rawUrl: string | null }>;
};

/** The API's JSON of a record for `audience`: the core view plus raw-snapshot links. */
export function practiceJson(item: PracticeItem, audience: Audience): ApiPracticeView {
  const view = toPracticeView(item, { audience });
  return {
    ...view,
    sources: view.sources.map((source, n) => ({
      ...source,
      rawUrl: source.rawKey ? `/practices/${encodeURIComponent(item.id)}/raw/${n}` : null,
    })),
  };
}
