import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { NotFoundError } from '../../core/errors.js';
import { keepVerdict, type LabelledExampleStore } from '../../core/learning/labelled-example.js';
import type { Clock, Notifier, PracticeQueryRepository, PracticeReviewRepository } from '../../core/ports.js';
import { reviewStory } from '../../core/stories/review-story.js';
import type { StoryRepository } from '../../core/stories/story-ports.js';
import { readStory, reviewStories } from '../../core/stories/story-queries.js';
import type { StoryAction } from '../../core/stories/story-record.js';
import type { CursorCodec } from '../http/cursor.js';
import { editorRequestToken } from '../http/request-token.js';
import { header, json, type RouteHandler } from '../http/responses.js';
import type { ApiContext, HttpLogger } from '../http/types.js';
import { pageQuerySchema, reviewQuerySchema } from './schemas.js';
import { storiesOf, storyJson } from './story-json.js';
import { storyActionBodySchema, storyIdSchema } from './story-schemas.js';

function toStoryAction(body: ReturnType<typeof storyActionBodySchema.parse>): StoryAction {
  switch (body.action) {
    case 'approve':
      return { type: 'approve', drop: body.drop ?? [] };
    case 'reject':
      return { type: 'reject', reason: body.reason };
    case 'split':
      return { type: 'split', articles: body.articles };
    case 'merge':
      return { type: 'merge', from: body.from };
  }
}

/** What the editors' story routes need beside the stories. */
export interface StoryReviewRouteDeps {
  stories?: StoryRepository;
  queries: PracticeQueryRepository;
  review: PracticeReviewRepository;
  notifier: Notifier;
  clock: Clock;
  cursors: CursorCodec;
  parseIfMatch: (value: string | undefined) => number;
  parseJsonBody: (event: APIGatewayProxyEventV2) => unknown;
  editorOf: (context: ApiContext) => { username: string };
  /** Where approvals of a story's announcements are kept as labelled examples, as for one practice. */
  labels?: LabelledExampleStore;
  logger?: Pick<HttpLogger, 'error'>;
}

/** The editors' story routes (handed to the review API): the grouped queue, one story, decisions, history. */
export function createStoryReviewRoutes(deps: StoryReviewRouteDeps) {
  return {
    'GET /review/stories': async (event) => {
      const { limit, cursor, ...filter } = reviewQuerySchema.parse(event.queryStringParameters ?? {});
      const bound = { listing: 'review-stories', filter };
      const after = cursor ? deps.cursors.decode(cursor, bound) : null;
      const page = await reviewStories({ stories: storiesOf(deps), queries: deps.queries }, filter, { limit, after });
      return json(200, { items: page.items.map((read) => storyJson(read, 'editor')), nextCursor: page.next ? deps.cursors.encode(page.next, bound) : null });
    },
    'GET /review/stories/{id}': async (event) => {
      const id = storyIdSchema.parse(event.pathParameters?.['id']);
      const read = await readStory({ stories: storiesOf(deps) }, id, 'editor');
      return json(200, storyJson(read, 'editor'), { etag: `"${read.story.version}"` });
    },
    'PATCH /stories/{id}': async (event, context) => {
      const editor = deps.editorOf(context);
      const id = storyIdSchema.parse(event.pathParameters?.['id']);
      const value = header(event, 'if-match');
      // A story nobody decided about yet is at version 0; `If-Match: "0"` says so.
      const expectedVersion = deps.parseIfMatch(value);
      const action = toStoryAction(storyActionBodySchema.parse(deps.parseJsonBody(event)));
      const requestToken = editorRequestToken(event, editor.username, [id, expectedVersion, action]);
      const read = await reviewStory(
        { stories: storiesOf(deps), review: deps.review, notifier: deps.notifier, clock: deps.clock },
        { id, expectedVersion, action, actor: editor.username, requestToken },
      );
      if (deps.labels && action.type === 'approve') {
        // Approving a story approves its kept articles: each confirms its classification as an
        // approval of one practice does (a rejection or a drop labels nothing, as for one practice).
        for (const member of read.members) {
          if (action.drop.includes(member.id) || member.editorial.status !== 'approved') continue;
          try {
            await keepVerdict(deps.labels, member, editor.username, member.updatedAt);
          } catch (error) {
            deps.logger?.error('labelled example not kept', { id: member.id, story: id, error: error instanceof Error ? error.message : String(error) });
          }
        }
      }
      return json(200, storyJson(read, 'editor'), { etag: `"${read.story.version}"` });
    },
    'GET /stories/{id}/history': async (event) => {
      const id = storyIdSchema.parse(event.pathParameters?.['id']);
      const { limit, cursor } = pageQuerySchema.parse(event.queryStringParameters ?? {});
      const stories = storiesOf(deps);
      if ((await stories.members(id)).length === 0 && !(await stories.getStory(id))) throw new NotFoundError(`story ${id} not found`, { id });
      const bound = { listing: 'story-history', id };
      const after = cursor ? deps.cursors.decode(cursor, bound) : null;
      const page = await stories.storyHistory(id, { limit, after });
      return json(200, { items: page.items, nextCursor: page.next ? deps.cursors.encode(page.next, bound) : null });
    },
  } satisfies Record<string, RouteHandler>;
}
