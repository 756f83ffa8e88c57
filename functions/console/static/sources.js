// @ts-check
// Source health: failing sources first and highlighted, with the error, backoff and last success;
// above the table, health at a glance: per source, a bar chart of new public items per day
// (GET /sources/activity) and the time since its last successful run.

import { append, clear, el, externalLink, formatMoscow, list } from './dom.js';
import { HEALTH_LABELS, LANGUAGE_LABELS, label } from './labels.js';

/** @import { HealthStatus, SourceActivity, SourceList, SourceView } from '../console-types.js' */

const SVG = 'http://www.w3.org/2000/svg';
const CHART_DAYS = 30;

/** "3 ч 5 мин назад", "2 дн назад", "никогда". @param {unknown} iso @param {number} now */
export function sinceText(iso, now) {
  const at = typeof iso === 'string' ? Date.parse(iso) : NaN;
  if (Number.isNaN(at)) return 'никогда';
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 60) return `${minutes} мин назад`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ч ${minutes % 60} мин назад`;
  return `${Math.floor(hours / 24)} дн назад`;
}

/**
 * Health at a glance: a row per source with its bars of new items per day and the time since its
 * last success. The bars are an image with a text summary; the numbers are in each bar's title.
 * @param {SourceView[]} sources @param {SourceActivity|null} activity @param {number} now
 */
function activityChart(sources, activity, now) {
  const days = list(activity?.days).map(String);
  const byId = new Map(list(activity?.items).map((item) => [String(item?.sourceId), item]));
  const max = Math.max(1, ...list(activity?.items).flatMap((item) => list(item?.counts).map(Number)));
  const rows = sources.map((source) => {
    const id = String(source?.id ?? '');
    // A source the activity does not list (added since) gets empty days rather than no chart.
    const listed = list(byId.get(id)?.counts).map(Number);
    const counts = days.map((_, i) => listed[i] ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    const peak = Math.max(0, ...counts);
    const width = Math.max(1, days.length) * 6;
    const chart = document.createElementNS(SVG, 'svg');
    chart.setAttribute('viewBox', `0 0 ${width} 24`);
    chart.setAttribute('class', 'activity-bars');
    chart.setAttribute('preserveAspectRatio', 'none');
    chart.setAttribute('role', 'img');
    chart.setAttribute('aria-label', `${source?.name ?? id}: ${total} за ${days.length} дн., в лучший день ${peak}`);
    counts.forEach((n, i) => {
      const h = n === 0 ? 1 : Math.max(3, Math.round((n / max) * 22));
      const bar = document.createElementNS(SVG, 'rect');
      bar.setAttribute('x', String(i * 6));
      bar.setAttribute('y', String(24 - h));
      bar.setAttribute('width', '5');
      bar.setAttribute('height', String(h));
      bar.setAttribute('class', n === 0 ? 'bar bar-empty' : 'bar');
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${days[i] ?? ''}: ${n}`;
      bar.append(title);
      chart.append(bar);
    });
    const status = String(source?.health?.status ?? 'never-run');
    return el('li', { class: `activity-row source-${status}`, dataset: { id } },
      el('span', { class: 'activity-name', text: String(source?.name ?? id) }),
      chart,
      el('span', { class: 'activity-total', text: `${total}${byId.get(id)?.truncated ? '+' : ''}` }),
      el('span', { class: `activity-since badge badge-health-${status}`, text: `успех: ${sinceText(source?.health?.lastSuccessAt, now)}` }));
  });
  return el('section', { class: 'activity', ariaLabel: 'Новые материалы по дням и время с последнего успеха' },
    el('h3', { text: days.length ? `Новые материалы по дням: ${days[0]} — ${days.at(-1)} (одобренные, по дате публикации, Москва)` : 'Новые материалы по дням недоступны' }),
    el('ul', { class: 'activity-list' }, ...rows));
}

/** Listings and search behind the stored records by more than this are a warning (the projector runs within seconds). */
const LAG_WARNING_SECONDS = 15 * 60;

/**
 * How far listings and search are behind what was stored (the projector's outbox), when the API
 * says: a stuck projector shows here as well as in its alarm.
 * @param {SourceList['projection']} projection
 */
function projectionLine(projection) {
  if (!projection || typeof projection.depth !== 'number') return null;
  if (projection.depth === 0) return el('p', { class: 'projection-lag muted', text: 'Списки и поиск не отстают от сохранённых материалов.' });
  const age = projection.oldestAgeSeconds ?? 0;
  const oldest = projection.oldestSince ? `, самый давний сохранён ${sinceText(projection.oldestSince, Date.now())}` : '';
  return el('p', {
    class: `projection-lag${age > LAG_WARNING_SECONDS ? ' projection-lag-stuck' : ''}`,
    role: age > LAG_WARNING_SECONDS ? 'alert' : undefined,
    text: `В списки и поиск ещё не попали: ${projection.depth}${projection.truncated ? '+' : ''}${oldest}.`,
  });
}

/** The review listings a re-extraction job walks, in its order (functions/core/ingest/reextract.ts REEXTRACT_STATUS_ORDER). */
const REEXTRACT_PHASES = /** @type {const} */ (['approved', 'rejected', 'pending']);
const PHASE_LABELS = { approved: 'одобренные', rejected: 'отклонённые', pending: 'на проверке' };
/**
 * A running job whose state has not changed for this long has stopped (a step takes at most 2 min,
 * retries included about 15): its execution failed or timed out, which is alarmed; the state
 * itself cannot say so.
 */
const REEXTRACT_STALLED_MS = 30 * 60_000;

/**
 * What the latest re-extraction job (stored records rebuilt after a model promotion or rollback)
 * is doing, from `GET /sources` → `reextraction`: its state in words (never colour alone; a failed
 * or stalled job as an alert), the
 * model, the listing it walks as a `<progress>` of the three listings, the counts, the times and
 * the latest record it could not rebuild. Every value reaches the page as text.
 * @param {SourceList['reextraction']} job @param {number} now
 */
export function reextractionSection(job, now) {
  const heading = el('h3', { id: 'reextraction-heading', text: 'Переизвлечение сохранённых материалов' });
  const section = el('section', { class: 'reextraction', role: 'region' }, heading);
  section.setAttribute('aria-labelledby', 'reextraction-heading');
  if (!job || typeof job !== 'object') {
    section.dataset['state'] = 'none';
    return append(section, el('p', { class: 'muted reextraction-none', text: 'Переизвлечение ещё не запускалось.' }));
  }
  const totals = job.totals ?? {};
  const waitingUntil = typeof job.waitingUntil === 'string' ? Date.parse(job.waitingUntil) : NaN;
  const lastMove = Math.max(Date.parse(String(job.updatedAt)) || 0, Number.isNaN(waitingUntil) ? 0 : waitingUntil);
  /** @type {'done'|'waiting'|'stalled'|'running'|string} */
  let state = String(job.status);
  if (job.status === 'running') {
    if (waitingUntil > now) state = 'waiting';
    else if (now - lastMove > REEXTRACT_STALLED_MS) state = 'stalled';
  }
  section.dataset['state'] = state;
  const phase = job.phase ? REEXTRACT_PHASES.indexOf(job.phase) : -1;
  const where = phase >= 0 ? `${job.secondWalk ? 'повторный проход по списку' : `список ${phase + 1} из ${REEXTRACT_PHASES.length}`} «${PHASE_LABELS[job.phase ?? 'pending']}»` : '';
  /** @type {Record<string, string>} */
  const words = {
    running: `идёт: ${where}`,
    waiting: `ждёт до ${formatMoscow(job.waitingUntil)}, затем ${where} (материалы, сохранённые прежней моделью, пока её использовал сбор)`,
    stalled: `не продвигается с ${formatMoscow(new Date(lastMove).toISOString())}: выполнение, вероятно, прервалось (сигнал ReextractExecutionFailedAlarm); запустите заново — готовые записи будут пропущены`,
    done: `завершено ${formatMoscow(job.finishedAt)}`,
    failed: `прервано ${formatMoscow(job.finishedAt)}: шаг ${job.failure ? String(job.failure.step) : '?'} не удался после всех попыток (${job.failure ? String(job.failure.error) : 'ошибка неизвестна'}); запустите заново — готовые записи будут пропущены`,
  };
  append(section,
    el('p', { class: `reextraction-status reextraction-${state}`, role: state === 'stalled' || state === 'failed' ? 'alert' : undefined },
      'Состояние: ', el('strong', { class: 'reextraction-state', text: words[state] ?? state })));
  if (job.status === 'running') {
    // Listings done so far, the current one counted as half: the job knows no record total in advance.
    const progress = el('progress', { class: 'reextraction-progress', max: REEXTRACT_PHASES.length });
    progress.value = job.secondWalk ? REEXTRACT_PHASES.length - 0.5 : Math.max(0, phase) + 0.5;
    progress.setAttribute('aria-label', `Пройдено списков: ${job.secondWalk ? 'все, идёт повторный проход' : `${Math.max(0, phase)} из ${REEXTRACT_PHASES.length}`}`);
    append(section, progress);
  }
  const n = (/** @type {unknown} */ value) => (typeof value === 'number' ? value : 0);
  const failed = n(totals.failed);
  /** @type {Array<[string, import('./dom.js').Children]>} */
  const rows = [
    ['Модель', `${job.modelVersion === 'shipped' ? 'поставляемая' : String(job.modelVersion)} (версия извлечения ${String(job.extractorVersion)})`],
    // Per record: rebuilt, skipped (at the target version already), failed (keeps its old extraction).
    ['Записи', `${job.status === 'done' ? 'всего' : 'пройдено'} ${n(totals.records)}: переизвлечено ${Math.max(0, n(totals.records) - n(totals.skipped) - failed)}, пропущено (уже в этой версии) ${n(totals.skipped)}, не удалось ${failed}`],
    ['Начато', formatMoscow(job.startedAt)],
    ['Обновлено', formatMoscow(job.updatedAt)],
  ];
  if (job.finishedAt) rows.push(['Завершено', formatMoscow(job.finishedAt)]);
  if (n(job.handovers) > 0) rows.push(['Новых выполнений', `${n(job.handovers)} (после каждых 1 000 шагов задание продолжается в новом выполнении)`]);
  if (job.lastFailure) {
    rows.push(['Последний сбой', [el('code', { class: 'reextraction-failure-code', text: String(job.lastFailure.code) }), ' — ', externalLink(job.lastFailure.url), el('span', { class: 'muted', text: ` (запись ${String(job.lastFailure.id)} сохраняет прежнее извлечение)` })]]);
  }
  append(section, el('dl', { class: 'reextraction-facts' }, ...rows.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', {}, value)])));
  return section;
}

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
  /** @type {SourceList['projection']} */
  let projection;
  /** @type {SourceList['reextraction']} */
  let reextraction;
  try {
    const answer = await ctx.api.sources();
    sources = list(answer?.items);
    projection = answer?.projection;
    reextraction = answer?.reextraction;
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
  const lag = projectionLine(projection);
  if (lag) summary.after(lag);
  body.append(reextractionSection(reextraction, Date.now()));

  /** @type {SourceActivity|null} */
  let activity = null;
  try {
    activity = /** @type {SourceActivity} */ ((await ctx.api.request('GET', '/sources/activity', { auth: false, query: { days: String(CHART_DAYS) } })).body);
  } catch {
    // The chart is a glance; the table below still tells every source's health.
    activity = null;
  }
  body.append(activityChart(sources, activity, Date.now()));
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
          ...(Array.isArray(health.degradedReasons) ? health.degradedReasons.map((/** @type {unknown} */ reason) => el('div', { class: 'muted degraded-reason', text: String(reason) })) : [])),
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
