import { NotFoundError } from '../errors.js';
import type {
  HistoryEntry,
  Page,
  PageRequest,
  PracticeFilter,
  PracticeItem,
  PracticeQueryRepository,
  PracticeRepository,
  ReviewFilter,
} from '../ports.js';
import { isPublic } from './practice-identity.js';

/** Dependencies of the read use cases. */
export interface QueryPracticesDeps {
  queries: PracticeQueryRepository;
  practices: PracticeRepository;
}

/** The public listing: approved announcements, newest first. */
export async function listPractices(deps: Pick<QueryPracticesDeps, 'queries'>, filter: PracticeFilter, page: PageRequest): Promise<Page<PracticeItem>> {
  return deps.queries.listPublic(filter, page);
}

/**
 * One record. The public only sees approved announcements: anything else is `NotFoundError`,
 * so that an unpublished record cannot be told apart from a missing one.
 */
export async function getPractice(deps: Pick<QueryPracticesDeps, 'practices'>, id: string, audience: 'public' | 'editor'): Promise<PracticeItem> {
  const item = await deps.practices.get(id);
  if (!item || (audience === 'public' && !isPublic(item))) throw new NotFoundError(`practice ${id} not found`, { id });
  return item;
}

/** The review queue (editors): oldest first, `pending` and classifier-positive by default. */
export async function listReviewQueue(deps: Pick<QueryPracticesDeps, 'queries'>, filter: ReviewFilter, page: PageRequest): Promise<Page<PracticeItem>> {
  return deps.queries.listReview(filter, page);
}

/** A record's audit history (editors), oldest first; `NotFoundError` for an unknown record. */
export async function getHistory(deps: QueryPracticesDeps, id: string, page: PageRequest): Promise<Page<HistoryEntry>> {
  if (!(await deps.practices.get(id))) throw new NotFoundError(`practice ${id} not found`, { id });
  return deps.queries.history(id, page);
}
