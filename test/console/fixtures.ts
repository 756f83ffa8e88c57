import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { View } from './fake-api.js';

export const XSS_IMG = '<img src=x onerror=window.__xss=1>';
export const XSS_SCRIPT = '<script>window.__xss=1</script>';
export const XSS_URL = 'javascript:window.__xss=1';

const CORPUS = '/work/shared/corpora/payloadsallthethings/XSS_Injection';

/**
 * A record in the shape of the editor PracticeView (`editorPracticeSchema`); `machine` carries
 * the extracted fields, which the top-level fields equal until an editor overrides them.
 */
export function view(id: string, fields: Record<string, any>, createdAt: string): View {
  const top = {
    storyId: `st-${id}`,
    title: '',
    lead: null,
    url: `https://www.mos.ru/news/item/${id}/`,
    sourceId: 'mos-ru-news',
    publishedAt: '2026-11-20T09:00:00+03:00',
    language: 'ru',
    author: null,
    isPracticeAnnouncement: true,
    confidence: 0.82,
    reasons: ['replication cue: «рекомендовали к тиражированию»'],
    practices: [],
    regions: [],
    organisations: [],
    people: [],
    platforms: [],
    figures: [],
    topics: [],
    ...fields,
  };
  const machine = Object.fromEntries(
    ['sourceId', 'url', 'title', 'publishedAt', 'language', 'author', 'lead', 'isPracticeAnnouncement', 'confidence', 'reasons', 'practices', 'regions', 'organisations', 'people', 'platforms', 'figures', 'topics'].map((key) => [key, (top as Record<string, unknown>)[key]]),
  );
  return {
    id,
    bodyText: 'Текст новости.',
    sources: [],
    status: 'pending',
    reviewer: null,
    reviewedAt: null,
    rejectReason: null,
    overrides: {},
    version: 1,
    change: null,
    createdAt,
    updatedAt: createdAt,
    ...top,
    machine: { ...machine, extractorVersion: 'test-1' },
  };
}

/** The queue the e2e test starts from: an ordinary record, hostile ones, a classifier "no". */
export function baseItems(): View[] {
  return [
    view('mfc', {
      title: 'Опыт Москвы по созданию многофункционального миграционного центра рекомендован к тиражированию',
      lead: 'Практику включили в библиотеку Смартеки.',
      author: 'Наталья Алёшина',
      bodyText: 'Мультифункциональный миграционный центр работает по принципу «одного окна».\nЕго опыт перенимают Челябинская область и Башкортостан.',
      practices: [{ name: 'Многофункциональный миграционный центр' }],
      regions: [{ code: 'RU-MOW', name: 'Москва', role: 'origin' }, { code: 'RU-CHE', name: 'Челябинская область', role: 'adopter' }],
      organisations: [{ id: 'minek', name: 'Минэкономразвития России' }, { id: 'asi', name: 'АСИ' }],
      people: [{ name: 'Мария Багреева', role: 'министр Правительства Москвы' }],
      platforms: [{ id: 'smarteka', name: 'Смартека' }],
      figures: [{ value: 1000, text: 'более 1000 практик в базе' }],
      topics: ['regional-and-municipal-management'],
      sources: [{ sourceId: 'mos-ru-news', url: 'https://www.mos.ru/news/item/1/', title: 'Новость на mos.ru', publishedAt: '2026-11-20T09:00:00+03:00', fetchedAt: '2026-11-20T10:00:00Z', rawKey: 'raw/mos-ru-news/1', rawUrl: '/practices/mfc/raw/0' }],
      change: { detectedAt: '2026-11-21T08:00:00Z', previousTitle: 'Опыт Москвы по созданию миграционного центра', previousBodyText: 'Мультифункциональный миграционный центр работает по принципу «одного окна».' },
    }, '2026-11-20T10:00:00Z'),
    view('hostile', {
      title: XSS_IMG,
      lead: '<svg onload=window.__xss=1>',
      bodyText: `${XSS_SCRIPT}\n<iframe src="javascript:window.__xss=1"></iframe>`,
      url: XSS_URL,
      practices: [{ name: '<b onmouseover=window.__xss=1>практика</b>' }],
      regions: [{ code: 'RU-TA', name: '<img src=x onerror=window.__xss=1>', role: 'origin' }],
      people: [{ name: XSS_SCRIPT, role: '"><script>window.__xss=1</script>' }],
      reasons: ['<img src=x onerror=window.__xss=1>'],
      sources: [{ sourceId: 'mos-ru-news', url: XSS_URL, title: 'Ссылка-ловушка', publishedAt: null, fetchedAt: '2026-11-20T10:00:00Z', rawKey: 'raw/x', rawUrl: 'data:text/html,<script>window.__xss=1</script>' }],
    }, '2026-11-20T11:00:00Z'),
    view('negative', {
      title: 'Рейтинг инвестиционного климата регионов опубликован',
      isPracticeAnnouncement: false,
      confidence: 0.31,
      reasons: ['no replication cue'],
      regions: [{ code: 'RU-MOS', name: 'Московская область', role: 'mentioned' }],
    }, '2026-11-20T12:00:00Z'),
  ];
}

/**
 * A sample of public XSS payloads used as titles (every n-th line across the corpus files), or
 * a built-in handful when the corpus folder is absent.
 */
export function payloadSample(count: number): string[] {
  const fallback = [XSS_IMG, XSS_SCRIPT, '"><svg/onload=window.__xss=1>', "'-alert(1)-'", '<a href="javascript:alert(1)">x</a>'];
  if (!existsSync(CORPUS)) return fallback;
  const lines: string[] = [];
  const stack = [CORPUS];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.name.endsWith('.txt')) lines.push(...readFileSync(full, 'utf8').split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== ''));
    }
  }
  lines.sort();
  const step = Math.max(1, Math.floor(lines.length / count));
  const sample: string[] = [];
  for (let i = 0; i < lines.length && sample.length < count; i += step) sample.push(lines[i]!);
  return [...fallback, ...sample];
}

/** Source health as `GET /sources` returns it: one failing, one fine. */
export const SOURCES = [
  {
    id: 'mos-ru-news', name: 'mos.ru — новости', homepage: 'https://www.mos.ru/news/', jurisdiction: 'RU-MOW', language: 'ru', scheduleMinutes: 60,
    entryPoints: [{ url: 'https://www.mos.ru/news/rss/', kind: 'rss', label: 'новости' }],
    health: { sourceId: 'mos-ru-news', lastNewItemCount: 3, status: 'ok', lastAttemptAt: '2026-11-26T08:00:00Z', lastSuccessAt: '2026-11-26T08:00:00Z', lastNewItemAt: '2026-11-26T07:00:00Z', consecutiveFailures: 0, lastErrorCode: null, lastErrorMessage: null, lastItemCount: 40, expectedCadenceHours: 24, backoffUntil: null },
  },
  {
    id: 'gov74-news', name: 'gov74.ru <b>новости</b>', homepage: 'javascript:window.__xss=1', jurisdiction: 'RU-CHE', language: 'ru', scheduleMinutes: 120,
    entryPoints: [{ url: 'https://gov74.ru/news/', kind: 'html-list', label: 'новости' }],
    health: { sourceId: 'gov74-news', lastNewItemCount: 0, status: 'failing', lastAttemptAt: '2026-11-26T08:00:00Z', lastSuccessAt: '2026-11-24T06:00:00Z', lastNewItemAt: '2026-11-23T06:00:00Z', consecutiveFailures: 4, lastErrorCode: 'layout_changed', lastErrorMessage: 'listing parsed to zero items <img src=x onerror=window.__xss=1>', lastItemCount: 0, expectedCadenceHours: 48, backoffUntil: '2026-11-26T16:00:00Z' },
  },
];
