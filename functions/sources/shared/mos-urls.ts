import type { ListingEntry } from '../../core/model.js';

/** mos.ru's origin; pages and API items of every mos.ru source live under it. */
export const MOS_ORIGIN = 'https://www.mos.ru';
const API_ARTICLE = `${MOS_ORIGIN}/api/newsfeed/v4/frontend/json/ru/articles`;
const API_ITEM_FIELDS = 'id,title,full_text,preview_text,published_at,date,tags,spheres,image';
const ITEM_PATH = /^\/news\/item\/(\d+)\/?$/;

/** Canonical page URL of a news item, e.g. `https://www.mos.ru/news/item/110547073/`. */
export function mosNewsPageUrl(id: string | number): string {
  return `${MOS_ORIGIN}/news/item/${id}/`;
}

/** The API item URL for a `/news/item/<id>/` entry (full text as JSON), or the entry URL itself for other pages. */
export function mosArticleFetchUrl(entry: ListingEntry): string {
  const url = new URL(entry.url);
  const match = ITEM_PATH.exec(url.pathname);
  if (!match || !url.hostname.endsWith('mos.ru')) return entry.url;
  return `${API_ARTICLE}/${match[1]}?fields=${API_ITEM_FIELDS}`;
}
