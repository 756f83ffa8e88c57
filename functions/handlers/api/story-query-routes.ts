import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { effectiveRecord } from '../../core/practices/practice-identity.js';
import { listRegions, readRegion, regionStories } from '../../core/stories/region-queries.js';
import type { StoryRepository } from '../../core/stories/story-ports.js';
import { mergedContent, readStory, storyDate, type StoryRead } from '../../core/stories/story-queries.js';
import { json, PUBLIC_CACHE, type RouteHandler } from '../http/responses.js';
import { xmlEscape } from './atom.js';
import { storiesOf, storyJson } from './story-json.js';
import { regionCodeSchema, regionFeedQuerySchema, storyIdSchema } from './story-schemas.js';

const rfc3339 = (value: string): string => new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The Atom document of a region's stories (newest first): one entry per story, linking its JSON. */
function renderRegionFeed(input: { code: string; name: string; reads: StoryRead[]; selfUrl: string; apiBase: string }): string {
  const updatedOf = (read: StoryRead) => rfc3339(read.members.map((m) => m.updatedAt).sort().at(-1) ?? read.story.updatedAt);
  const entries = input.reads.map((read) => {
    const content = mergedContent(read.members);
    const published = storyDate(read.members);
    return [
      '  <entry>',
      `    <id>${xmlEscape(`urn:practice-watch:story:${read.story.id}`)}</id>`,
      `    <title type="text">${xmlEscape(read.story.title)}</title>`,
      `    <updated>${updatedOf(read)}</updated>`,
      ...(published ? [`    <published>${rfc3339(published)}</published>`] : []),
      `    <link rel="alternate" type="application/json" href="${xmlEscape(`${input.apiBase}/stories/${encodeURIComponent(read.story.id)}`)}"/>`,
      ...read.members.map((m) => `    <link rel="related" type="text/html" href="${xmlEscape(effectiveRecord(m).url)}"/>`),
      ...content.regions.map((r) => `    <category scheme="urn:practice-watch:region-role" term="${xmlEscape(`${r.code}:${r.role}`)}" label="${xmlEscape(r.name)}"/>`),
      `    <summary type="text">${xmlEscape(`${read.members.length} article(s): ${[...new Set(read.members.map((m) => effectiveRecord(m).sourceId))].join(', ')}`)}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlEscape(`urn:practice-watch:region:${input.code}`)}</id>`,
    `  <title type="text">${xmlEscape(`Practice stories: ${input.name} (${input.code})`)}</title>`,
    `  <updated>${input.reads.map(updatedOf).sort().at(-1) ?? '1970-01-01T00:00:00Z'}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(input.selfUrl)}"/>`,
    '  <author><name>practice-watch</name></author>',
    '  <generator>practice-watch</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}

/** The public story, region and timeline routes (handed to the query API). */
export function createStoryQueryRoutes(deps: { stories?: StoryRepository; baseUrl: (event: APIGatewayProxyEventV2) => string }) {
  return {
    'GET /stories/{id}': async (event) => {
      const id = storyIdSchema.parse(event.pathParameters?.['id']);
      const read = await readStory({ stories: storiesOf(deps) }, id, 'public');
      return json(200, storyJson(read, 'public'), { 'cache-control': PUBLIC_CACHE });
    },
    'GET /regions': async () => json(200, { items: await listRegions({ stories: storiesOf(deps) }) }, { 'cache-control': PUBLIC_CACHE }),
    'GET /regions/{code}': async (event) => {
      const code = regionCodeSchema.parse(event.pathParameters?.['code']);
      return json(200, await readRegion({ stories: storiesOf(deps) }, code), { 'cache-control': PUBLIC_CACHE });
    },
    'GET /regions/{code}/feed.atom': async (event) => {
      const code = regionCodeSchema.parse(event.pathParameters?.['code']);
      const { limit } = regionFeedQuerySchema.parse(event.queryStringParameters ?? {});
      const stories = storiesOf(deps);
      const region = await readRegion({ stories }, code);
      const reads = await regionStories({ stories }, code, limit);
      const base = deps.baseUrl(event);
      const body = renderRegionFeed({ code, name: region.name, reads, apiBase: base, selfUrl: `${base}/regions/${encodeURIComponent(code)}/feed.atom${event.rawQueryString ? `?${event.rawQueryString}` : ''}` });
      return { statusCode: 200, headers: { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': PUBLIC_CACHE }, body };
    },
  } satisfies Record<string, RouteHandler>;
}

