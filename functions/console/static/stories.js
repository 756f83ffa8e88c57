// Stories: the review queue grouped by story (#/stories), one story's articles side by side with
// one decision for all of them (keep or drop each article), split and merge, the practice's
// timeline and the story's history. Every API value is text; nothing reaches the page as HTML.
// @ts-check

import { ApiError } from './api.js';
import { append, clear, el, externalLink, formatMoscow, list, plain } from './dom.js';
import { LANGUAGE_LABELS, ROLE_LABELS, STATUS_LABELS, label } from './labels.js';

/** @import { EditorStory, ReviewFilters, StoryActionBody, StoryHistoryAction, Timeline, TimelineEventKind } from '../console-types.js' */
/** @import { Notify } from './queue.js' */

/**
 * What the stories page is given.
 * @typedef {{api: import('./api.js').Api, filters: ReviewFilters, selected: string|null, navigate: (story: string|null) => void, onAuthError: (e: ApiError) => void, notify: Notify}} StoriesContext
 */

/** @satisfies {Record<TimelineEventKind, string>} */
const EVENT_LABELS = { selected: 'отобрана / рекомендована', awarded: 'награждена', library: 'в библиотеке практик', adopted: 'перенята регионом' };
/** @satisfies {Record<StoryHistoryAction, string>} */
const STORY_ACTION_LABELS = { created: 'сюжет создан', linked: 'добавлена статья', merged: 'влит в другой сюжет', timeline: 'привязан к практике', approve: 'одобрен', reject: 'отклонён', split: 'разделён', merge: 'объединён' };
const PAGE_SIZE = 20;

/**
 * Renders the story queue page.
 * @param {HTMLElement} main
 * @param {StoriesContext} ctx
 * @returns {() => void} what undoes the page (nothing to undo)
 */
export function renderStories(main, ctx) {
  /** @type {{stories: EditorStory[], nextCursor: string|null, loading: boolean}} */
  const state = { stories: [], nextCursor: null, loading: false };
  const listNode = el('ol', { class: 'queue-list story-list', ariaLabel: 'Сюжеты на проверке' });
  const counts = el('p', { class: 'counts', role: 'status' });
  const more = el('button', { type: 'button', class: 'btn', text: 'Загрузить ещё', hidden: true, on: { click: () => load(false) } });
  const detail = el('div', { class: 'detail story-detail', tabIndex: -1 }, el('p', { class: 'muted', text: 'Выберите сюжет слева.' }));
  const open = el('form', { class: 'story-open', on: { submit: (event) => {
    event.preventDefault();
    const value = String(new FormData(open).get('story') ?? '').trim();
    if (value) ctx.navigate(value);
  } } }, el('label', { for: 'story-open-id', text: 'Открыть сюжет по id' }), el('input', { id: 'story-open-id', name: 'story', type: 'text', placeholder: 'st-…' }), el('button', { type: 'submit', class: 'btn btn-small', text: 'Открыть' }));

  clear(main);
  append(main, el('section', { class: 'queue-page' },
    el('p', { class: 'muted', text: 'Статьи об одной новости из разных источников и на разных языках собраны в сюжет: решение принимается один раз для всего сюжета.' }),
    open,
    el('div', { class: 'split' },
      el('div', { class: 'queue-column' }, counts, listNode, more),
      detail)));

  /** @param {EditorStory} story */
  const rowFor = (story) => {
    const articles = list(story.articles);
    const languages = [...new Set(articles.map((a) => String(a.language ?? '')))].filter(Boolean).join(' + ');
    const row = el('li', { class: 'queue-item', dataset: { id: String(story.id) }, tabIndex: 0, on: {
      click: () => ctx.navigate(story.id),
      keydown: (event) => { if (event.key === 'Enter') ctx.navigate(story.id); },
    } },
    el('div', { class: 'queue-title', text: story.title || '(без заголовка)' }),
    el('div', { class: 'queue-meta' },
      el('span', { class: 'badge', text: `статей: ${articles.length}` }), ' ',
      languages ? el('span', { class: 'badge badge-yes', text: languages }) : null, ' ',
      el('span', { class: 'muted', text: `${[...new Set(articles.map((a) => String(a.sourceId ?? '')))].join(', ')} · ${formatMoscow(story.publishedAt, { dateOnly: true })}` })));
    if (story.id === ctx.selected) row.classList.add('selected');
    return row;
  };

  const redraw = () => {
    clear(listNode);
    for (const story of state.stories) listNode.append(rowFor(story));
    counts.textContent = state.stories.length === 0 ? 'Сюжетов на проверке нет.' : `Сюжетов: ${state.stories.length}${state.nextCursor ? ' (есть ещё)' : ''}`;
    more.hidden = !state.nextCursor;
  };

  /** @param {boolean} reset */
  const load = async (reset) => {
    if (state.loading) return;
    state.loading = true;
    try {
      const page = await ctx.api.reviewStories({ ...ctx.filters, limit: String(PAGE_SIZE) }, reset ? null : state.nextCursor);
      const known = new Set(state.stories.map((s) => s.id));
      state.stories.push(...list(page?.items).filter((s) => s && typeof s.id === 'string' && !known.has(s.id)));
      state.nextCursor = typeof page?.nextCursor === 'string' && page.nextCursor ? page.nextCursor : null;
      redraw();
      if (!ctx.selected && state.stories[0]) ctx.navigate(state.stories[0].id);
    } catch (error) {
      counts.textContent = 'Сюжеты не загружены.';
      if (error instanceof ApiError && error.status === 401) ctx.onAuthError(error);
      else ctx.notify(error instanceof Error ? error.message : String(error), 'error');
    } finally {
      state.loading = false;
    }
  };

  load(true);
  if (ctx.selected) showStory(detail, ctx.selected, ctx, () => load(true));
  return () => {};
}

/**
 * Loads one story into `container`: its articles side by side, the decision form, the timeline and
 * the history.
 * @param {HTMLElement} container @param {string} id
 * @param {Omit<StoriesContext, 'filters' | 'selected'>} ctx
 * @param {() => void} refreshList
 */
async function showStory(container, id, ctx, refreshList) {
  clear(container);
  container.append(el('p', { class: 'muted', text: 'Загрузка сюжета…' }));
  try {
    const story = await ctx.api.story(id);
    renderStory(container, story, ctx, refreshList);
  } catch (error) {
    clear(container);
    if (error instanceof ApiError && error.status === 401) ctx.onAuthError(error);
    else container.append(el('p', { class: 'field-error', role: 'alert', text: error instanceof Error ? error.message : String(error) }));
  }
}

/**
 * @param {HTMLElement} container @param {EditorStory} story
 * @param {Omit<StoriesContext, 'filters' | 'selected'>} ctx
 * @param {() => void} refreshList
 */
function renderStory(container, story, ctx, refreshList) {
  clear(container);
  const articles = list(story.articles);
  const message = el('div', { class: 'item-message', role: 'status' });
  /** @type {Map<string, HTMLInputElement>} */
  const keep = new Map();

  /** @param {StoryActionBody} action @param {string} done */
  const act = async (action, done) => {
    message.className = 'item-message';
    message.textContent = 'Сохранение…';
    try {
      const updated = await ctx.api.actStory(story.id, story.version, action);
      ctx.notify(done, 'ok');
      renderStory(container, updated, ctx, refreshList);
      refreshList();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return ctx.onAuthError(error);
      clear(message);
      message.className = 'item-message item-message-error';
      if (error instanceof ApiError && error.status === 412) {
        append(message, el('span', { text: 'Сюжет уже изменил другой редактор. Ваше решение не сохранено.' }), ' ',
          el('button', { type: 'button', class: 'btn', text: 'Загрузить актуальную версию', on: { click: () => showStory(container, story.id, ctx, refreshList) } }));
      } else message.textContent = error instanceof Error ? error.message : String(error);
    }
  };

  const columns = el('div', { class: 'story-articles' });
  for (const article of articles) {
    const box = el('input', { type: 'checkbox', name: 'keep', value: String(article.id), checked: article.status !== 'rejected', id: `keep-${article.id}` });
    keep.set(String(article.id), /** @type {HTMLInputElement} */ (box));
    columns.append(el('article', { class: 'story-article', dataset: { id: String(article.id) } },
      el('div', { class: 'story-article-head' },
        el('label', { for: `keep-${article.id}`, class: 'keep' }, box, ' оставить в сюжете'), ' ',
        el('span', { class: `badge badge-status-${String(article.status ?? '')}`, text: label(STATUS_LABELS, String(article.status ?? '')) })),
      el('div', { class: 'item-meta' },
        el('span', { class: 'badge', text: label(LANGUAGE_LABELS, String(article.language ?? '')) }), ' ',
        el('span', { class: 'muted', text: `${article.sourceId ?? ''} · ${formatMoscow(article.publishedAt)}` })),
      el('h3', { text: article.title ?? '' }),
      el('p', {}, externalLink(article.url, 'открыть на сайте')),
      article.lead ? el('p', { class: 'lead', text: article.lead }) : null,
      el('p', { class: 'story-body', text: String(article.bodyText ?? '').slice(0, 1200) }),
      el('p', { class: 'item-meta' }, 'Регионы: ', list(article.regions).map((r) => `${r.name} (${label(ROLE_LABELS, r.role)})`).join(', ') || '—'),
      el('p', { class: 'item-meta' }, 'Люди: ', list(article.people).map((p) => p.name).join(', ') || '—'),
      el('p', { class: 'item-meta' }, 'Цифры: ', list(article.figures).map((f) => String(f.value)).join(', ') || '—')));
  }

  const dropped = () => [...keep].filter(([, box]) => !box.checked).map(([articleId]) => articleId);
  const reason = el('input', { type: 'text', name: 'reason', id: 'story-reject-reason', placeholder: 'причина отклонения сюжета' });
  const mergeFrom = el('input', { type: 'text', name: 'from', id: 'story-merge-from', placeholder: 'st-…' });
  const actions = el('div', { class: 'actions story-actions' },
    el('button', { type: 'button', class: 'btn btn-primary', id: 'story-approve', text: 'Одобрить сюжет (без снятых статей)', on: { click: () => act({ action: 'approve', drop: dropped() }, 'Сюжет одобрен.') } }),
    el('button', { type: 'button', class: 'btn', id: 'story-split', text: 'Вынести снятые статьи в отдельный сюжет', on: { click: () => {
      const articlesToMove = dropped();
      if (articlesToMove.length === 0) return void (message.textContent = 'Снимите отметку у статей, которые нужно вынести.');
      act({ action: 'split', articles: articlesToMove }, 'Сюжет разделён.');
    } } }),
    el('span', { class: 'inline-form' }, reason, el('button', { type: 'button', class: 'btn btn-danger', id: 'story-reject', text: 'Отклонить сюжет', on: { click: () => {
      const text = reason.value.trim();
      if (!text) return void (message.textContent = 'Укажите причину отклонения.');
      act({ action: 'reject', reason: text }, 'Сюжет отклонён.');
    } } })),
    el('span', { class: 'inline-form' }, mergeFrom, el('button', { type: 'button', class: 'btn', id: 'story-merge', text: 'Влить сюжет сюда', on: { click: () => {
      const from = mergeFrom.value.trim();
      if (!from) return void (message.textContent = 'Укажите id сюжета, который нужно влить.');
      act({ action: 'merge', from }, 'Сюжеты объединены.');
    } } })));

  const regions = list(story.regions).map((r) => `${r.name} — ${label(ROLE_LABELS, r.role)}`).join('; ');
  append(container,
    el('h2', { text: story.title || '(без заголовка)' }),
    el('p', { class: 'item-meta' }, el('code', { text: story.id }), ` · версия ${story.version} · статей: ${articles.length}`),
    el('p', { class: 'item-meta' }, 'Регионы сюжета: ', regions || '—'),
    el('p', { class: 'item-meta' }, 'Организации: ', list(story.organisations).map((o) => o.name).join(', ') || '—'),
    story.keptApart?.length ? el('p', { class: 'item-meta' }, 'Разделён с: ', list(story.keptApart).join(', ')) : null,
    actions, message,
    columns,
    el('h3', { text: 'Почему статьи объединены' }),
    linksList(story.links),
    el('h3', { text: 'Путь практики' }),
    timelineView(story.timeline),
    el('h3', { text: 'История сюжета' }),
    historyView(story.id, ctx));
}

/** @param {EditorStory['links']} links */
function linksList(links) {
  const items = list(links);
  if (items.length === 0) return el('p', { class: 'muted', text: 'Сюжет из одной статьи или объединён вручную.' });
  return el('ul', { class: 'story-links' }, ...items.map((note) => el('li', {},
    el('code', { text: String(note.recordId) }), ' ↔ ', el('code', { text: String(note.linkedTo) }), ` (вероятность ${Number(note.probability).toFixed(2)}): `,
    list(note.reasons).join('; '))));
}

/**
 * A practice's timeline: where it came from, who recognised it, who adopted it, and every event.
 * @param {Timeline | null} timeline
 */
export function timelineView(timeline) {
  if (!timeline || typeof timeline !== 'object') return el('p', { class: 'muted', text: 'Нет данных.' });
  const events = list(timeline.events);
  return el('div', { class: 'timeline' },
    el('p', { class: 'item-meta' }, 'Откуда: ', list(timeline.origins).join(', ') || '—'),
    el('p', { class: 'item-meta' }, 'Кто отобрал или наградил: ', list(timeline.recognitions).map((r) => `${label(EVENT_LABELS, r.kind)} ${formatMoscow(r.date, { dateOnly: true })} (${list(r.organisations).join(', ') || '—'})`).join('; ') || '—'),
    el('p', { class: 'item-meta' }, 'Кто перенял: ', list(timeline.adopters).map((a) => `${a.region} с ${formatMoscow(a.date, { dateOnly: true })}`).join('; ') || 'пока никто'),
    el('ol', { class: 'timeline-events' }, ...events.map((event) => el('li', { class: `timeline-event timeline-${String(event.kind)}`, dataset: { story: String(event.storyId) } },
      el('span', { class: 'timeline-date', text: formatMoscow(event.date, { dateOnly: true }) }), ' ',
      el('span', { class: 'badge', text: label(EVENT_LABELS, String(event.kind)) }), ' ',
      el('span', { text: String(event.title ?? '') }), ' ',
      el('span', { class: 'muted', text: `${list(event.sources).join(', ')}${list(event.adopters).length ? ` · перенимает: ${list(event.adopters).join(', ')}` : ''}` })))));
}

/**
 * @param {string} id
 * @param {{api: import('./api.js').Api, onAuthError: (e: ApiError) => void}} ctx
 */
function historyView(id, ctx) {
  const box = el('ol', { class: 'history' }, el('li', { class: 'muted', text: 'Загрузка…' }));
  ctx.api.storyHistory(id, null).then((page) => {
    clear(box);
    for (const entry of list(page?.items)) {
      box.append(el('li', {}, `${formatMoscow(entry.at)} · ${entry.actor} · ${label(STORY_ACTION_LABELS, String(entry.action))} (v${entry.version})`,
        entry.reason ? ` · ${entry.reason}` : '',
        ...Object.entries(entry.changes ?? {}).map(([field, change]) => el('div', { class: 'muted', text: `${field}: ${plain(change?.from)} → ${plain(change?.to)}` }))));
    }
    if (!box.firstChild) box.append(el('li', { class: 'muted', text: 'Решений по сюжету ещё не было.' }));
  }, (error) => {
    clear(box);
    if (error instanceof ApiError && error.status === 401) ctx.onAuthError(error);
    else box.append(el('li', { class: 'field-error', text: error instanceof Error ? error.message : String(error) }));
  });
  return box;
}
