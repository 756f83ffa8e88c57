// @ts-check
// Source health: failing sources first and highlighted, with the error, backoff and last success.

import { append, clear, el, externalLink, formatMoscow, list } from './dom.js';
import { HEALTH_LABELS, LANGUAGE_LABELS, label } from './labels.js';

/** @import { HealthStatus, SourceView } from '../console-types.js' */

/** Failing sources first; every status the API has is ranked (the type check says so). @satisfies {Record<HealthStatus, number>} */
const ORDER = { failing: 0, stale: 1, degraded: 2, 'never-run': 3, ok: 4 };
/** A status this console does not know yet goes last. @param {string} status */
const rank = (status) => (Object.hasOwn(ORDER, status) ? ORDER[/** @type {HealthStatus} */ (status)] : 9);

/**
 * Renders the sources page from `GET /sources`.
 * @param {HTMLElement} main
 * @param {{api: import('./api.js').Api, notify: import('./queue.js').Notify}} ctx
 * @returns {Promise<SourceView[]>}
 */
export async function renderSources(main, ctx) {
  clear(main);
  const summary = el('p', { class: 'counts', role: 'status', text: 'Загрузка…' });
  const body = el('div');
  append(main, el('section', { class: 'sources-page' }, el('h2', { text: 'Источники и их состояние' }), summary, body));
  let sources;
  try {
    sources = list((await ctx.api.sources())?.items);
  } catch (error) {
    summary.textContent = 'Список источников не загружен.';
    ctx.notify(error instanceof Error ? error.message : String(error), 'error');
    return [];
  }
  /** @param {SourceView} s */
  const statusOf = (s) => String(s?.health?.status ?? 'never-run');
  sources.sort((a, b) => rank(statusOf(a)) - rank(statusOf(b)) || String(a?.id).localeCompare(String(b?.id)));
  const byStatus = new Map();
  for (const s of sources) byStatus.set(statusOf(s), (byStatus.get(statusOf(s)) ?? 0) + 1);
  summary.textContent = `Всего ${sources.length}: ${[...byStatus].map(([status, n]) => `${label(HEALTH_LABELS, status)} — ${n}`).join(', ')}`;

  body.append(el('table', { class: 'grid sources-table' },
    el('thead', {}, el('tr', {}, ...['Источник', 'Состояние', 'Последняя ошибка', 'Последний успех', 'Последняя попытка', 'Новое было', 'Отложен до', 'Материалов', 'Расписание'].map((t) => el('th', { text: t })))),
    el('tbody', {}, ...sources.map((source) => {
      const health = source?.health ?? {};
      const status = statusOf(source);
      const failures = Number(health.consecutiveFailures ?? 0);
      return el('tr', { class: `source-row source-${status}`, dataset: { id: String(source?.id ?? '') } },
        el('td', {},
          source?.homepage ? externalLink(source.homepage, source.name || source.id) : el('span', { text: source?.name ?? source?.id ?? '' }),
          el('div', { class: 'muted', text: `${source?.id ?? ''} · ${source?.jurisdiction ?? ''} · ${label(LANGUAGE_LABELS, source?.language ?? '')}` })),
        el('td', {}, el('span', { class: `badge badge-health-${status}`, text: label(HEALTH_LABELS, status) }),
          failures > 0 ? el('div', { class: 'muted', text: `сбоев подряд: ${failures}` }) : null,
          // Why it is degraded (a fallback entry point, the generic extractor): English, as the server words it.
          ...(Array.isArray(health.degradedReasons) ? health.degradedReasons.map((reason) => el('div', { class: 'muted degraded-reason', text: String(reason) })) : [])),
        el('td', {}, health.lastErrorCode ? [el('code', { text: String(health.lastErrorCode) }), el('div', { class: 'error-message', text: String(health.lastErrorMessage ?? '') })] : '—'),
        el('td', { text: formatMoscow(health.lastSuccessAt) }),
        el('td', { text: formatMoscow(health.lastAttemptAt) }),
        el('td', { text: formatMoscow(health.lastNewItemAt) }),
        el('td', { text: health.backoffUntil ? formatMoscow(health.backoffUntil) : '—' }),
        el('td', { text: health.lastItemCount === null || health.lastItemCount === undefined ? '—' : String(health.lastItemCount) }),
        el('td', { text: `каждые ${source?.scheduleMinutes ?? '?'} мин; новое ожидается раз в ${health.expectedCadenceHours ?? '?'} ч` }));
    }))));
  return sources;
}
