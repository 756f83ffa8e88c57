import { NotFoundError } from '../../core/errors.js';
import { effectiveRecord } from '../../core/practices/practice-identity.js';
import type { StoryRepository } from '../../core/stories/story-ports.js';
import { mergedContent, storyDate, type StoryRead } from '../../core/stories/story-queries.js';
import { practiceJson } from './views.js';

/** The JSON of a story: its articles (public: approved ones, as links; editors: every article in full). */
export function storyJson(read: StoryRead, audience: 'public' | 'editor') {
  const { story, members, timeline } = read;
  const common = {
    id: story.id,
    title: story.title,
    timelineId: story.timelineId,
    publishedAt: storyDate(members),
    ...mergedContent(members),
    timeline,
  };
  if (audience === 'public') {
    const articles = members.map((m) => {
      const record = effectiveRecord(m);
      return { id: m.id, sourceId: record.sourceId, url: record.url, title: record.title, language: record.language, publishedAt: record.publishedAt };
    });
    return { ...common, articles };
  }
  return {
    ...common,
    articles: members.map((m) => practiceJson(m, 'editor')),
    version: story.version,
    keptApart: story.keptApart,
    mergedInto: story.mergedInto,
    links: story.links,
    createdAt: story.createdAt,
    updatedAt: story.updatedAt,
  };
}

/** The story repository, or 404 where the API was built without one. */
export function storiesOf(deps: { stories?: StoryRepository }): StoryRepository {
  if (!deps.stories) throw new NotFoundError('stories are not available here', {});
  return deps.stories;
}

