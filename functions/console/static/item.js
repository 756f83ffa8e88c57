// @ts-check
// One record: what was extracted, where it came from, what changed, its history, and the
// editor's actions on it (approve, reject, edit overrides, mark as (not) an announcement).

import { ApiError } from './api.js';
import { renderDiff } from './diff.js';
import { append, clear, el, externalLink, formatMoscow, list, plain } from './dom.js';
import { ACTION_LABELS, FIELD_LABELS, LANGUAGE_LABELS, ROLE_LABELS, STATUS_LABELS, label } from './labels.js';

/** @import { EditorActionBody, EditorPractice, HistoryRow, PracticeField } from '../console-types.js' */
/** @typedef {Extract<EditorActionBody, {action: 'edit'}>['overrides']} OverridesBody */

/**
 * @typedef {object} ItemContext
 * @property {import('./api.js').Api} api
 * @property {(item: EditorPractice, message: string) => void} onUpdated  the API returned a new version
 * @property {(error: ApiError) => void} onAuthError          401: the editor must sign in again
 * @property {(id: string) => Promise<EditorPractice|null>} reload  fetches the current version
 */

/** @typedef {{approve: () => void, openReject: () => void, openEdit: () => void, verdict: (value: boolean) => void}} ItemKeys keyboard entry points */

/**
 * Renders a record into `container` and wires its actions.
 * @param {HTMLElement} container
 * @param {EditorPractice} item
 * @param {ItemContext} ctx
 * @returns {ItemKeys}
 */
export function renderItem(container, item, ctx) {
  clear(container);
  const overrides = item.overrides && typeof item.overrides === 'object' ? item.overrides : {};
  const message = el('div', { class: 'item-message', role: 'status' });
  const panel = el('div', { class: 'action-panel' });
  let busy = false;

  /** @param {string} text @param {'info'|'error'|'conflict'} [kind] @param {...import('./dom.js').Children} extra */
  const showMessage = (text, kind = 'info', ...extra) => {
    clear(message);
    message.className = `item-message item-message-${kind}`;
    append(message, el('span', { text }), ...extra);
    if (kind !== 'info') message.scrollIntoView({ block: 'nearest' });
  };

  /** @param {EditorActionBody} action @param {string} done */
  const act = async (action, done) => {
    if (busy) return;
    busy = true;
    container.classList.add('busy');
    showMessage('Сохранение…');
    try {
      const updated = await ctx.api.act(item.id, item.version, action);
      if (!updated || updated.id !== item.id || typeof updated.version !== 'number') {
        showMessage('Действие выполнено, но ответ API неполон — загрузите запись заново.', 'error', ' ',
          el('button', { type: 'button', class: 'btn', text: 'Загрузить заново', on: { click: () => reloadItem() } }));
        return;
      }
      ctx.onUpdated(updated, done);
    } catch (error) {
      handleError(error);
    } finally {
      busy = false;
      container.classList.remove('busy');
    }
  };

  /** @param {unknown} error */
  const handleError = (error) => {
    if (error instanceof ApiError && error.status === 412) {
      const current = typeof error.problem?.currentVersion === 'number' ? ` (сейчас версия ${error.problem.currentVersion}, у вас была ${item.version})` : '';
      const reload = el('button', { type: 'button', class: 'btn', text: 'Загрузить актуальную версию', on: { click: () => reloadItem() } });
      showMessage(`Конфликт: запись уже изменил другой редактор${current}. Ваше действие не сохранено — загрузите актуальную версию и повторите.`, 'conflict', ' ', reload);
      return;
    }
    if (error instanceof ApiError && error.status === 401) {
      ctx.onAuthError(error);
      return;
    }
    showMessage(error instanceof Error ? error.message : String(error), 'error');
  };

  const reloadItem = async () => {
    showMessage('Загрузка актуальной версии…');
    try {
      const fresh = await ctx.reload(item.id);
      if (fresh) ctx.onUpdated(fresh, `Загружена актуальная версия ${fresh.version}.`);
      else showMessage('Запись не найдена при текущих фильтрах. Обновите очередь.', 'error');
    } catch (error) {
      handleError(error);
    }
  };

  const approve = () => {
    if (item.status === 'approved') {
      showMessage('Запись уже одобрена.');
      return;
    }
    act({ action: 'approve' }, 'Одобрено.');
  };

  const openReject = () => {
    clear(panel);
    const reason = el('textarea', { id: 'reject-reason', name: 'reason', rows: 3, required: true, placeholder: 'Например: это рейтинг инвестклимата, а не практика для тиражирования' });
    const error = el('p', { class: 'field-error', role: 'alert', hidden: true });
    const form = el('form', { class: 'reject-form', noValidate: true, on: {
      submit: (/** @type {SubmitEvent} */ event) => {
        event.preventDefault();
        const text = reason.value.trim();
        if (!text) {
          error.textContent = 'Укажите причину отклонения.';
          error.hidden = false;
          reason.focus();
          return;
        }
        act({ action: 'reject', reason: text }, 'Отклонено.');
      },
    } },
    el('label', { for: 'reject-reason', text: 'Причина отклонения (обязательно; Ctrl+Enter — отправить, Esc — закрыть)' }),
    reason,
    error,
    el('div', { class: 'buttons' },
      el('button', { type: 'submit', class: 'btn btn-danger', text: 'Отклонить' }),
      el('button', { type: 'button', class: 'btn', text: 'Отмена', on: { click: () => clear(panel) } })));
    panel.append(form);
    reason.focus();
  };

  // Inside the reject and edit forms: Escape closes, Ctrl+Enter submits.
  panel.addEventListener('keydown', (event) => {
    const form = panel.querySelector('form');
    if (!form) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      clear(panel);
    } else if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  const openEdit = () => {
    clear(panel);
    panel.append(editForm(item, (changed) => {
      if (Object.keys(changed).length === 0) {
        showMessage('Изменений нет.');
        return;
      }
      act({ action: 'edit', overrides: changed }, 'Правка сохранена.');
    }, () => clear(panel)));
    /** @type {HTMLElement|null} */ (panel.querySelector('input, textarea'))?.focus();
  };

  /** @param {keyof OverridesBody} field */
  const removeOverride = (field) => act({ action: 'edit', overrides: { [field]: null } }, `Правка поля «${label(FIELD_LABELS, field)}» снята.`);

  const isAnnouncement = item.isPracticeAnnouncement === true;
  const actions = el('div', { class: 'actions' },
    el('button', { type: 'button', class: 'btn btn-primary', text: 'Одобрить', title: 'Клавиша a', disabled: item.status === 'approved', on: { click: approve } }),
    el('button', { type: 'button', class: 'btn btn-danger', text: 'Отклонить…', title: 'Клавиша r', on: { click: openReject } }),
    el('button', { type: 'button', class: 'btn', text: 'Редактировать…', title: 'Клавиша e', on: { click: openEdit } }),
    el('button', {
      type: 'button',
      class: 'btn',
      text: isAnnouncement ? 'Это не объявление' : 'Это объявление',
      title: isAnnouncement ? 'Отметить, что это не объявление о практике' : 'Отметить как объявление о практике (классификатор ошибся)',
      on: { click: () => act({ action: 'set-announcement', value: !isAnnouncement }, isAnnouncement ? 'Отмечено: не объявление.' : 'Отмечено: объявление.') },
    }));

  /**
   * A section heading with the override marker and the button that removes the override.
   * @param {keyof OverridesBody} field @param {string} [text]
   */
  const heading = (field, text = label(FIELD_LABELS, field)) => {
    const h = el('h3', { text });
    if (Object.hasOwn(overrides, field)) {
      append(h, ' ', el('span', { class: 'badge badge-override', text: 'правка редактора' }), ' ',
        el('button', { type: 'button', class: 'btn btn-small', text: 'Снять правку', on: { click: () => removeOverride(field) } }));
    }
    return h;
  };

  /**
   * The machine value of an overridden field, shown for comparison.
   * @param {keyof OverridesBody} field @param {(value: any) => Node} render
   */
  const machineValue = (field, render) => {
    if (!Object.hasOwn(overrides, field) || !item.machine || !Object.hasOwn(item.machine, field)) return null;
    return el('div', { class: 'machine-value' }, el('span', { class: 'muted', text: 'Извлечено машиной: ' }), render(/** @type {Record<string, unknown>} */ (item.machine)[field]));
  };

  const status = String(item.status ?? '');
  const confidence = typeof item.confidence === 'number' ? `${Math.round(item.confidence * 100)} %` : '—';

  append(container,
    el('article', { class: 'item', dataset: { id: String(item.id ?? '') } },
      el('div', { class: 'item-head' },
        el('h2', { class: 'item-title', text: item.title ?? '(без заголовка)' }),
        Object.hasOwn(overrides, 'title') ? heading('title', 'Заголовок') : null,
        machineValue('title', (v) => el('span', { text: plain(v) })),
        el('p', { class: 'item-meta' },
          el('span', { class: `badge badge-status-${status}`, text: label(STATUS_LABELS, status) }), ' ',
          el('span', { class: `badge ${isAnnouncement ? 'badge-yes' : 'badge-no'}`, text: isAnnouncement ? 'объявление о практике' : 'не объявление' }), ' ',
          Object.hasOwn(overrides, 'isPracticeAnnouncement')
            ? [el('span', { class: 'badge badge-override', text: 'отмечено редактором' }), ' ',
              el('button', { type: 'button', class: 'btn btn-small', text: 'Вернуть вердикт классификатора', on: { click: () => removeOverride('isPracticeAnnouncement') } })]
            : null, ' ',
          el('span', { text: `уверенность классификатора ${confidence}` }), ' · ',
          el('span', { text: `версия ${item.version ?? '—'}` })),
        status === 'rejected' && item.rejectReason ? el('p', { class: 'reject-reason' }, el('strong', { text: 'Причина отклонения: ' }), el('span', { text: item.rejectReason })) : null,
        item.reviewer ? el('p', { class: 'muted', text: `Проверил: ${item.reviewer}, ${formatMoscow(item.reviewedAt)}` }) : null),
      actions,
      message,
      panel,
      item.change ? changeSection(item, item.change) : null,
      el('dl', { class: 'facts' },
        fact('Опубликовано', formatMoscow(item.publishedAt)),
        fact('Источник', item.sourceId ?? '—'),
        fact('Оригинал', externalLink(item.url)),
        fact('Язык', label(LANGUAGE_LABELS, item.language ?? '—')),
        fact('Автор', item.author ?? '—'),
        fact('Добавлено', formatMoscow(item.createdAt)),
        fact('Обновлено', formatMoscow(item.updatedAt)),
        item.machine?.extractorVersion ? fact('Версия извлечения', String(item.machine.extractorVersion)) : null),
      section(el('h3', { text: 'Почему классификатор так решил' }), bullets(list(item.reasons).map((r) => plain(r)), 'Причины не указаны.')),
      section(heading('practices'), bullets(list(item.practices).map((p) => p?.name ?? plain(p)), 'Практики не извлечены.'), machineValue('practices', (v) => el('span', { text: list(v).map((p) => p?.name).join('; ') || '—' }))),
      section(heading('regions'), regionsTable(list(item.regions)), machineValue('regions', (v) => el('span', { text: list(v).map((r) => `${r?.code} ${r?.name} (${label(ROLE_LABELS, r?.role)})`).join('; ') || '—' }))),
      section(heading('organisations'), bullets(list(item.organisations).map((o) => `${o?.name ?? ''} (${o?.id ?? '—'})`), 'Организации не извлечены.'), machineValue('organisations', (v) => el('span', { text: list(v).map((o) => o?.name).join('; ') || '—' }))),
      section(heading('people'), bullets(list(item.people).map((p) => (p?.role ? `${p?.name} — ${p.role}` : String(p?.name ?? ''))), 'Люди не извлечены.'), machineValue('people', (v) => el('span', { text: list(v).map((p) => p?.name).join('; ') || '—' }))),
      section(heading('platforms'), bullets(list(item.platforms).map((p) => `${p?.name ?? ''} (${p?.id ?? '—'})`), 'Платформы не извлечены.')),
      section(heading('figures'), bullets(list(item.figures).map((f) => `${f?.value ?? ''} — ${f?.text ?? ''}`), 'Цифры не извлечены.')),
      section(heading('topics'), bullets(list(item.topics).map((t) => plain(t)), 'Темы не указаны.'), machineValue('topics', (v) => el('span', { text: list(v).join('; ') || '—' }))),
      section(heading('lead'), item.lead ? el('p', { class: 'lead', text: item.lead }) : el('p', { class: 'muted', text: 'Лида нет.' }), machineValue('lead', (v) => el('span', { text: plain(v) }))),
      section(el('h3', { text: 'Текст' }), el('div', { class: 'body-text', text: item.bodyText ?? '' })),
      section(el('h3', { text: 'Где опубликовано' }), sourcesList(list(item.sources), ctx.api)),
      historySection(item, ctx)));

  /** One keystroke (y / n): this is, or is not, an announcement; kept as a labelled example for the classifier. @param {boolean} value */
  const verdict = (value) => act({ action: 'set-announcement', value }, value ? 'Отмечено: объявление.' : 'Отмечено: не объявление.');

  return { approve, openReject, openEdit, verdict };
}

/** @param {string} term @param {Node|string} value */
function fact(term, value) {
  return [el('dt', { text: term }), el('dd', {}, value)];
}

/** @param {...import('./dom.js').Children} children */
function section(...children) {
  return el('section', { class: 'item-section' }, ...children);
}

/** @param {string[]} items @param {string} empty */
function bullets(items, empty) {
  if (items.length === 0) return el('p', { class: 'muted', text: empty });
  return el('ul', { class: 'bullets' }, ...items.map((text) => el('li', { text })));
}

/** @param {EditorPractice['regions']} regions */
function regionsTable(regions) {
  if (regions.length === 0) return el('p', { class: 'muted', text: 'Регионы не извлечены.' });
  return el('table', { class: 'grid' },
    el('thead', {}, el('tr', {}, el('th', { text: 'Код' }), el('th', { text: 'Регион' }), el('th', { text: 'Роль' }))),
    el('tbody', {}, ...regions.map((r) => el('tr', {}, el('td', { text: r?.code ?? '' }), el('td', { text: r?.name ?? '' }), el('td', { class: `role role-${r?.role}`, text: label(ROLE_LABELS, r?.role) })))));
}

/** @param {EditorPractice['sources']} sources @param {import('./api.js').Api} api */
function sourcesList(sources, api) {
  if (sources.length === 0) return el('p', { class: 'muted', text: 'Нет сведений о публикациях.' });
  return el('ul', { class: 'sources-list' }, ...sources.map((s) => el('li', {},
    externalLink(s?.url, s?.title || s?.url), ' ',
    el('span', { class: 'muted', text: `${s?.sourceId ?? ''} · опубликовано ${formatMoscow(s?.publishedAt)} · получено ${formatMoscow(s?.fetchedAt)}` }),
    s?.rawUrl ? [' · ', externalLink(api.resolve(s.rawUrl), 'сохранённая копия')] : null)));
}

/**
 * The "changed since last review" block: previous vs current title and body.
 * @param {EditorPractice} item
 * @param {NonNullable<EditorPractice['change']>} change
 */
function changeSection(item, change) {
  return el('section', { class: 'item-section change' },
    el('h3', { text: `Изменено на источнике после проверки (${formatMoscow(change.detectedAt)})` }),
    el('p', { class: 'muted', text: 'Удалённое зачёркнуто, добавленное выделено.' }),
    el('h4', { text: 'Заголовок' }),
    // Against the machine title: the change is the source's, not an editor's override.
    renderDiff(String(change.previousTitle ?? ''), String(item.machine?.title ?? item.title ?? '')),
    el('h4', { text: 'Текст' }),
    renderDiff(String(change.previousBodyText ?? ''), String(item.bodyText ?? '')));
}

/** @param {EditorPractice} item @param {ItemContext} ctx */
function historySection(item, ctx) {
  const body = el('div', { class: 'history' }, el('p', { class: 'muted', text: 'Загрузка истории…' }));
  const table = el('tbody');
  const more = el('button', { type: 'button', class: 'btn', text: 'Показать ещё', hidden: true });
  /** @type {string|null} */
  let cursor = null;
  const load = async () => {
    more.disabled = true;
    try {
      const page = await ctx.api.history(item.id, cursor);
      if (!table.isConnected) {
        clear(body);
        body.append(el('table', { class: 'grid' },
          el('thead', {}, el('tr', {}, ...['Когда', 'Кто', 'Действие', 'Изменения', 'Версия'].map((t) => el('th', { text: t })))),
          table), more);
      }
      for (const entry of list(page?.items)) table.append(historyRow(entry));
      if (table.rows.length === 0) table.append(el('tr', {}, el('td', { colSpan: 5, text: 'Записей нет.' })));
      cursor = page?.nextCursor ?? null;
      more.hidden = !cursor;
    } catch (error) {
      clear(body);
      body.append(el('p', { class: 'field-error', text: `История недоступна: ${error instanceof Error ? error.message : String(error)}` }));
      if (error instanceof ApiError && error.status === 401) ctx.onAuthError(error);
    } finally {
      more.disabled = false;
    }
  };
  more.addEventListener('click', load);
  load();
  return section(el('h3', { text: 'История' }), body);
}

/** @param {HistoryRow} entry */
function historyRow(entry) {
  const changes = entry?.changes && typeof entry.changes === 'object' ? Object.entries(entry.changes) : [];
  return el('tr', {},
    el('td', { class: 'nowrap', text: formatMoscow(entry?.at) }),
    el('td', { class: 'nowrap', text: entry?.actor ?? '' }),
    el('td', {}, label(ACTION_LABELS, entry?.action), entry?.reason ? el('div', { class: 'muted', text: `Причина: ${entry.reason}` }) : null),
    el('td', {}, changes.length === 0 ? '—' : el('ul', { class: 'changes' }, ...changes.map(([field, change]) => el('li', {},
      el('strong', { text: `${label(FIELD_LABELS, field)}: ` }),
      el('span', { class: 'from', text: plain(change?.from) }), ' → ',
      el('span', { class: 'to', text: plain(change?.to) }))))),
    el('td', { text: String(entry?.version ?? '') }));
}

/**
 * The edit form. Calls `onSave` with the overrides that differ from what is shown now.
 * @param {EditorPractice} item @param {(overrides: OverridesBody) => void} onSave @param {() => void} onCancel
 */
function editForm(item, onSave, onCancel) {
  const title = el('input', { id: 'edit-title', name: 'title', type: 'text', value: item.title ?? '' });
  const lead = el('textarea', { id: 'edit-lead', name: 'lead', rows: 3, value: item.lead ?? '' });
  const practices = el('textarea', { id: 'edit-practices', name: 'practices', rows: 3, value: list(item.practices).map((p) => p?.name ?? '').join('\n') });
  const topics = el('textarea', { id: 'edit-topics', name: 'topics', rows: 2, value: list(item.topics).join('\n') });
  const regions = rowsEditor('regions', [
    { key: 'code', label: 'Код', placeholder: 'RU-MOW', list: 'region-codes' },
    { key: 'name', label: 'Регион', placeholder: 'Москва' },
    { key: 'role', label: 'Роль', options: ROLE_LABELS },
  ], list(item.regions));
  const organisations = rowsEditor('organisations', [
    { key: 'id', label: 'Код', placeholder: 'minek', list: 'organisation-ids' },
    { key: 'name', label: 'Название', placeholder: 'Минэкономразвития России' },
  ], list(item.organisations));
  const people = rowsEditor('people', [
    { key: 'name', label: 'Имя', placeholder: 'Мария Багреева' },
    { key: 'role', label: 'Должность', placeholder: 'министр Правительства Москвы' },
  ], list(item.people));
  const error = el('p', { class: 'field-error', role: 'alert', hidden: true });

  /** @param {HTMLTextAreaElement} textarea */
  const lines = (textarea) => textarea.value.split('\n').map((s) => s.trim()).filter(Boolean);
  /** @param {unknown} a @param {unknown} b */
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  const form = el('form', { class: 'edit-form', on: {
    submit: (/** @type {SubmitEvent} */ event) => {
      event.preventDefault();
      const proposed = {
        title: title.value.trim(),
        // A cleared lead is sent as '', since null would mean "remove the override" to the API.
        lead: lead.value.trim(),
        practices: lines(practices).map((name) => ({ name })),
        regions: regions.value().map((r) => ({ code: String(r.code ?? '').toUpperCase(), name: String(r.name ?? ''), role: /** @type {import('../console-types.js').RegionRole} */ (r.role || 'mentioned') })),
        organisations: organisations.value().map((o) => ({ id: String(o.id ?? ''), name: String(o.name ?? '') })),
        people: people.value().map((p) => ({ name: String(p.name ?? ''), role: p.role || null })),
        topics: lines(topics),
      };
      if (!proposed.title) {
        error.textContent = 'Заголовок не может быть пустым.';
        error.hidden = false;
        return;
      }
      const badRegion = proposed.regions.find((r) => !/^RU-[A-Z]{2,3}$/.test(r.code));
      if (badRegion) {
        error.textContent = `Код региона «${badRegion.code}» не похож на код ISO 3166-2:RU (например, RU-MOW).`;
        error.hidden = false;
        return;
      }
      /** @type {Record<string, unknown>} */
      const current = {
        title: item.title ?? '',
        lead: item.lead ?? '',
        practices: list(item.practices).map((p) => ({ name: p?.name ?? '' })),
        regions: list(item.regions).map((r) => ({ code: r?.code, name: r?.name, role: r?.role })),
        organisations: list(item.organisations).map((o) => ({ id: o?.id, name: o?.name })),
        people: list(item.people).map((p) => ({ name: p?.name, role: p?.role ?? null })),
        topics: list(item.topics),
      };
      /** @type {Record<string, unknown>} */
      const changed = {};
      for (const [field, value] of Object.entries(proposed)) if (!same(value, current[field])) changed[field] = value;
      onSave(/** @type {OverridesBody} */ (changed));
    },
  } },
  el('h3', { text: 'Правка (сохраняется поверх извлечённого, машинные значения не теряются)' }),
  el('label', { for: 'edit-title', text: 'Заголовок' }), title,
  el('label', { for: 'edit-lead', text: 'Лид' }), lead,
  el('label', { for: 'edit-practices', text: 'Практики (по одной в строке)' }), practices,
  el('fieldset', {}, el('legend', { text: 'Регионы' }), regions.node),
  el('fieldset', {}, el('legend', { text: 'Организации' }), organisations.node),
  el('fieldset', {}, el('legend', { text: 'Люди' }), people.node),
  el('label', { for: 'edit-topics', text: 'Темы (по одной в строке)' }), topics,
  error,
  el('div', { class: 'buttons' },
    el('button', { type: 'submit', class: 'btn btn-primary', text: 'Сохранить правку' }),
    el('button', { type: 'button', class: 'btn', text: 'Отмена', on: { click: onCancel } })));
  return form;
}

/**
 * A small table editor for lists of objects (regions, organisations, people).
 * @param {string} name
 * @param {{key: string, label: string, placeholder?: string, list?: string, options?: Record<string,string>}[]} columns
 * @param {ReadonlyArray<Record<string, unknown>>} initial
 */
function rowsEditor(name, columns, initial) {
  const rows = el('tbody');
  /** @param {Record<string, unknown>} [values] */
  const addRow = (values = {}) => {
    const cells = columns.map((column) => {
      let input;
      if (column.options) {
        input = el('select', { name: `${name}-${column.key}`, ariaLabel: column.label },
          ...Object.entries(column.options).map(([value, text]) => el('option', { value, text, selected: values[column.key] === value })));
      } else {
        input = el('input', { type: 'text', name: `${name}-${column.key}`, ariaLabel: column.label, placeholder: column.placeholder, list: column.list, value: String(values[column.key] ?? '') });
      }
      input.dataset.key = column.key;
      return el('td', {}, input);
    });
    /** @type {HTMLTableRowElement} */
    const row = el('tr', {}, ...cells, el('td', {}, el('button', { type: 'button', class: 'btn btn-small', text: 'Удалить', ariaLabel: 'Удалить строку', on: { click: () => row.remove() } })));
    rows.append(row);
  };
  for (const value of initial) addRow(value ?? {});
  const node = el('div', { class: 'rows-editor', dataset: { field: name } },
    el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { text: c.label })), el('th'))), rows),
    el('button', { type: 'button', class: 'btn btn-small', text: 'Добавить строку', on: { click: () => addRow() } }));
  /** @returns {Array<Record<string, string>>} */
  const value = () => [...rows.rows].map((row) => {
    /** @type {Record<string, string>} */
    const out = {};
    for (const input of /** @type {NodeListOf<HTMLInputElement|HTMLSelectElement>} */ (row.querySelectorAll('[data-key]'))) out[String(input.dataset.key)] = input.value.trim();
    return out;
  }).filter((row) => Object.values(row).some((v, i) => v && !columns[i]?.options));
  return { node, value };
}
