// @ts-check
// The HTTP API client. Problems (RFC 9457 problem+json) become ApiError with the status kept,
// so that views can react to 401 (sign in again), 403 and 412 (someone else changed the item).

import { currentSession } from './auth.js';

/** @import { EditorActionBody, EditorPractice, EditorPracticeList, EditorStory, EditorStoryList, HistoryList, Problem, ReviewFilters, SourceList, StoryActionBody, StoryHistoryList } from '../console-types.js' */

/** An API failure: HTTP status (0 for network errors) and the problem document when there is one. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   * @param {Partial<Problem>|null} problem
   */
  constructor(message, status, problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export class Api {
  /** @param {string} baseUrl '' for the console's own origin */
  constructor(baseUrl) {
    this.baseUrl = String(baseUrl ?? '').replace(/\/+$/, '');
  }

  /**
   * Sends a request; the answer's body is typed by the caller, which names the route it asked.
   * @template T
   * @param {string} method
   * @param {string} path
   * @param {{auth?: boolean, body?: unknown, headers?: Record<string,string>, query?: Record<string, string|undefined|null>}} [options]
   * @returns {Promise<{body: T, headers: Headers}>}
   */
  async request(method, path, options = {}) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json', ...(options.headers ?? {}) };
    if (options.auth !== false) {
      const session = currentSession();
      if (!session) throw new ApiError('Сеанс истёк или вход не выполнен — войдите снова.', 401, null);
      headers.Authorization = `Bearer ${session.token}`;
    }
    let url = `${this.baseUrl}${path}`;
    if (options.query) {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(options.query)) if (value !== undefined && value !== null && value !== '') query.set(key, value);
      const text = query.toString();
      if (text) url += `?${text}`;
    }
    let body;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    let response;
    try {
      response = await fetch(url, { method, headers, body, credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new ApiError('Нет связи с API. Проверьте сеть и повторите.', 0, null);
    }
    const type = response.headers.get('Content-Type') ?? '';
    let parsed = null;
    if (/json/i.test(type)) {
      try {
        parsed = await response.json();
      } catch {
        parsed = null;
      }
    }
    if (!response.ok) {
      const problem = parsed && typeof parsed === 'object' ? parsed : null;
      throw new ApiError(describeProblem(response.status, problem), response.status, problem);
    }
    return { body: parsed, headers: response.headers };
  }

  /**
   * Resolves an API-relative path (such as a raw snapshot's `/practices/…/raw/0`) against the API's
   * base; anything else is returned unchanged for the caller's http(s) check.
   * @param {unknown} path
   */
  resolve(path) {
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return path;
    return new URL(`${this.baseUrl}${path}`, location.href).href;
  }

  /**
   * @param {ReviewFilters} filters @param {string|null} cursor
   * @returns {Promise<EditorPracticeList>}
   */
  review(filters, cursor) {
    return this.request('GET', '/review', { query: { ...filters, cursor: cursor ?? undefined } }).then((r) => /** @type {EditorPracticeList} */ (r.body));
  }

  /**
   * Applies an editor action under optimistic locking (If-Match with the version the editor saw).
   * @param {string} id @param {number} version @param {EditorActionBody} action
   * @returns {Promise<EditorPractice>}
   */
  act(id, version, action) {
    return this.request('PATCH', `/practices/${encodeURIComponent(id)}`, { body: action, headers: { 'If-Match': `"${version}"` } }).then((r) => /** @type {EditorPractice} */ (r.body));
  }

  /**
   * @param {string} id @param {string|null} cursor
   * @returns {Promise<HistoryList>}
   */
  history(id, cursor) {
    return this.request('GET', `/practices/${encodeURIComponent(id)}/history`, { query: { cursor: cursor ?? undefined } }).then((r) => /** @type {HistoryList} */ (r.body));
  }

  /** @returns {Promise<SourceList>} */
  sources() {
    return this.request('GET', '/sources', { auth: false }).then((r) => /** @type {SourceList} */ (r.body));
  }

  /**
   * The review queue grouped by story.
   * @param {ReviewFilters & {limit?: string}} filters @param {string|null} cursor
   * @returns {Promise<EditorStoryList>}
   */
  reviewStories(filters, cursor) {
    return this.request('GET', '/review/stories', { query: { ...filters, cursor: cursor ?? undefined } }).then((r) => /** @type {EditorStoryList} */ (r.body));
  }

  /** One story with every article (editors). @param {string} id @returns {Promise<EditorStory>} */
  story(id) {
    return this.request('GET', `/review/stories/${encodeURIComponent(id)}`).then((r) => /** @type {EditorStory} */ (r.body));
  }

  /**
   * A decision on a whole story under optimistic locking (If-Match with the story version the editor saw).
   * @param {string} id @param {number} version @param {StoryActionBody} action
   * @returns {Promise<EditorStory>}
   */
  actStory(id, version, action) {
    return this.request('PATCH', `/stories/${encodeURIComponent(id)}`, { body: action, headers: { 'If-Match': `"${version}"` } }).then((r) => /** @type {EditorStory} */ (r.body));
  }

  /** @param {string} id @param {string|null} cursor @returns {Promise<StoryHistoryList>} */
  storyHistory(id, cursor) {
    return this.request('GET', `/stories/${encodeURIComponent(id)}/history`, { query: { cursor: cursor ?? undefined } }).then((r) => /** @type {StoryHistoryList} */ (r.body));
  }
}

/**
 * A Russian message for an API failure; the problem's own detail is shown as text after it.
 * @param {number} status @param {Partial<Problem>|null} problem
 */
function describeProblem(status, problem) {
  const detail = typeof problem?.detail === 'string' ? problem.detail : typeof problem?.title === 'string' ? problem.title : '';
  /** @type {Record<number, string>} */
  const known = {
    400: 'Запрос отклонён как неверный',
    401: 'Сеанс истёк или токен недействителен — войдите снова',
    403: 'Недостаточно прав: нужна роль редактора',
    404: 'Не найдено',
    409: 'Конфликт записи',
    412: 'Запись уже изменил кто-то другой',
    428: 'API требует версию записи (If-Match)',
    429: 'Слишком много запросов — подождите и повторите',
  };
  const base = known[status] ?? (status >= 500 ? 'Ошибка сервера API' : `Ошибка API (HTTP ${status})`);
  return detail ? `${base}. ${detail}` : `${base}.`;
}
