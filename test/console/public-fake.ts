import type { IncomingMessage, ServerResponse } from 'node:http';
import regionNames from '../../functions/core/stories/region-names.json' with { type: 'json' };
import { SOURCES } from './fixtures.js';

/**
 * An in-memory fake of the public read API the public page and the map use, in the shapes of the
 * API's schemas: `GET /practices` (filters, `q` over titles, offset cursors), `/regions`,
 * `/regions/{code}`, `/stories/{id}` and `/sources`. Every request is recorded.
 */

export interface PublicItem {
  id: string;
  storyId: string;
  title: string;
  url: string;
  sourceId: string;
  publishedAt: string;
  lead: string;
  regions: Array<{ code: string; name: string; role: 'origin' | 'adopter' | 'mentioned' }>;
  organisations: Array<{ id: string; name: string }>;
  topics: string[];
  snippet?: { field: string; text: string; marks: Array<[number, number]> };
}

const NAMES: Record<string, string> = regionNames.regions;
const region = (code: string, role: 'origin' | 'adopter' | 'mentioned') => ({ code, name: NAMES[code] ?? code, role });

/**
 * 24 approved items: a Moscow practice adopted by Tatarstan and Perm (stories s0–s2), then items
 * spread over other subjects, two sources, two organisations and two topics, one a day.
 */
export function publicItems(): PublicItem[] {
  const others = ['RU-NIZ', 'RU-SVE', 'RU-NVS', 'RU-KDA', 'RU-SEV', 'RU-DPR', 'RU-YAR', 'RU-TOM'];
  const items: PublicItem[] = [
    { id: 'i00', storyId: 's0', title: 'Цифровую приёмную Москвы рекомендовали к тиражированию', regions: [region('RU-MOW', 'origin')] },
    { id: 'i01', storyId: 's1', title: 'Татарстан внедрил цифровую приёмную по опыту Москвы', regions: [region('RU-TA', 'adopter'), region('RU-MOW', 'mentioned')] },
    { id: 'i02', storyId: 's2', title: 'Пермский край перенял цифровую приёмную', regions: [region('RU-PER', 'adopter'), region('RU-MOW', 'mentioned')] },
  ].map((item, i) => ({ ...item, url: `https://www.mos.ru/news/item/${1000 + i}/`, sourceId: 'mos-ru-news', publishedAt: `2026-11-${String(28 - i).padStart(2, '0')}T09:00:00+03:00`, lead: 'Практику отобрали для тиражирования.', organisations: [{ id: 'asi', name: 'АСИ' }], topics: ['digital-government'] }));
  for (let i = 3; i < 24; i += 1) {
    const code = others[i % others.length]!;
    items.push({
      id: `i${String(i).padStart(2, '0')}`,
      storyId: `s${i}`,
      title: `Практика № ${i}: ${NAMES[code]} делится опытом`,
      url: `https://economy.gov.ru/material/news/${2000 + i}/`,
      sourceId: i % 2 ? 'economy-gov-ru' : 'mos-ru-news',
      publishedAt: `2026-10-${String(31 - i).padStart(2, '0')}T10:00:00+03:00`,
      lead: `Опыт субъекта ${NAMES[code]} отобран в библиотеку практик.`,
      regions: [region(code, 'origin')],
      organisations: [i % 3 ? { id: 'minek', name: 'Минэкономразвития России' } : { id: 'asi', name: 'АСИ' }],
      topics: [i % 2 ? 'healthcare' : 'education'],
      ...(i === 4 ? { snippet: { field: 'title', text: 'Опыт Севастополя <b>отобран</b>', marks: [[5, 16]] } } : {}),
    });
  }
  return items;
}

/** The console fixtures' sources (with their health) and one more the public items name. */
export const PUBLIC_SOURCES = [
  ...SOURCES,
  { ...SOURCES[0], id: 'economy-gov-ru', name: 'Минэкономразвития России', homepage: 'https://economy.gov.ru/', health: { ...(SOURCES[0] as any).health, sourceId: 'economy-gov-ru', lastSuccessAt: null, status: 'never-run' } },
];

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': status < 300 ? 'application/json; charset=utf-8' : 'application/problem+json' });
  res.end(JSON.stringify(body));
}

const practiceKey = (item: PublicItem) => (item.storyId === 's1' || item.storyId === 's2' ? 's0' : item.storyId);

export function createPublicFake(items: PublicItem[] = publicItems()) {
  const requests: URL[] = [];
  const timelineOf = (key: string) => {
    const members = items.filter((item) => practiceKey(item) === key);
    return {
      id: key,
      origins: [...new Set(members.flatMap((m) => m.regions.filter((r) => r.role === 'origin').map((r) => r.code)))],
      recognitions: [],
      adopters: members.flatMap((m) => m.regions.filter((r) => r.role === 'adopter').map((r) => ({ region: r.code, date: m.publishedAt, storyId: m.storyId }))),
      events: [],
    };
  };
  const roleIn = (key: string, code: string): 'origin' | 'adopter' | 'mentioned' | null => {
    const t = timelineOf(key);
    if (t.origins.includes(code)) return 'origin';
    if (t.adopters.some((a) => a.region === code)) return 'adopter';
    return items.some((i) => practiceKey(i) === key && i.regions.some((r) => r.code === code)) ? 'mentioned' : null;
  };
  const practicesOf = (code: string) => {
    const keys = [...new Set(items.filter((i) => i.regions.some((r) => r.code === code)).map(practiceKey))];
    return keys.map((key) => {
      const members = items.filter((i) => practiceKey(i) === key);
      return { id: key, timelineId: key, role: roleIn(key, code)!, title: members[0]!.title, latestAt: members[0]!.publishedAt, stories: members.map((m) => m.storyId), timeline: timelineOf(key) };
    });
  };
  const counts = (code: string) => {
    const c = { originated: 0, adopted: 0, mentioned: 0 };
    for (const p of practicesOf(code)) c[p.role === 'origin' ? 'originated' : p.role === 'adopter' ? 'adopted' : 'mentioned'] += 1;
    return c;
  };

  /** Answers a public API request; false when the path is not one of the public routes. */
  const handle = (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (req.method !== 'GET' || !/^\/(practices|regions|stories)(\/|$)|^\/sources$/.test(path) || /\/history$/.test(path)) return false;
    requests.push(url);
    const q = url.searchParams;
    if (path === '/sources') return json(res, 200, { items: PUBLIC_SOURCES }), true;
    if (path === '/practices') {
      const words = (q.get('q') ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const found = items.filter((i) =>
        (!q.get('region') || i.regions.some((r) => r.code === q.get('region'))) &&
        (!q.get('organisation') || i.organisations.some((o) => o.id === q.get('organisation'))) &&
        (!q.get('topic') || i.topics.includes(q.get('topic')!)) &&
        (!q.get('source') || i.sourceId === q.get('source')) &&
        (!q.get('from') || i.publishedAt.slice(0, 10) >= q.get('from')!) &&
        (!q.get('to') || i.publishedAt.slice(0, 10) <= q.get('to')!) &&
        words.every((w) => i.title.toLowerCase().includes(w)));
      const offset = Number(q.get('cursor') ?? 0);
      const limit = Number(q.get('limit') ?? 20);
      json(res, 200, { items: found.slice(offset, offset + limit), nextCursor: offset + limit < found.length ? String(offset + limit) : null });
      return true;
    }
    if (path === '/regions') {
      json(res, 200, { items: Object.entries(NAMES).map(([code, name]) => ({ code, name, ...counts(code), latest: null })) });
      return true;
    }
    const regionMatch = /^\/regions\/([^/]+)$/.exec(path);
    if (regionMatch) {
      const code = decodeURIComponent(regionMatch[1]!);
      if (!NAMES[code]) return json(res, 404, { title: 'not found', status: 404 }), true;
      json(res, 200, { code, name: NAMES[code], ...counts(code), practices: practicesOf(code) });
      return true;
    }
    const storyMatch = /^\/stories\/([^/]+)$/.exec(path);
    if (storyMatch) {
      const item = items.find((i) => i.storyId === decodeURIComponent(storyMatch[1]!));
      if (!item) return json(res, 404, { title: 'not found', status: 404 }), true;
      json(res, 200, {
        id: item.storyId, title: item.title, timelineId: practiceKey(item), publishedAt: item.publishedAt,
        practices: [{ name: 'Цифровая приёмная' }], regions: item.regions, organisations: item.organisations,
        timeline: timelineOf(practiceKey(item)),
        articles: [{ id: item.id, sourceId: item.sourceId, url: item.url, title: item.title, language: 'ru', publishedAt: item.publishedAt }],
      });
      return true;
    }
    return json(res, 404, { title: 'not found', status: 404 }), true;
  };
  return { handle, requests };
}
