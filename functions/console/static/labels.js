// @ts-check
// Russian labels for the API's codes, in one place so the wording stays consistent. Each table is
// checked against the enumeration it labels (from the API's schemas or core, see console-types.ts):
// a code the API gains without a label here, or a label for a code it no longer has, fails the
// type check. Region and organisation names come from the catalogues (catalogues.json).

/** @import { ClassifiedFilter, HealthStatus, HistoryAction, Language, PracticeField, RegionRole, ReviewStatus } from '../console-types.js' */

/** @satisfies {Record<ReviewStatus, string>} */
export const STATUS_LABELS = { pending: 'на проверке', approved: 'одобрено', rejected: 'отклонено' };

/** @satisfies {Record<ClassifiedFilter, string>} */
export const CLASSIFIED_LABELS = {
  positive: 'классификатор: объявление',
  negative: 'классификатор: не объявление',
  all: 'любой вердикт',
  uncertain: 'классификатор не уверен (учит модель)',
};

/** @satisfies {Record<RegionRole, string>} */
export const ROLE_LABELS = { origin: 'источник практики', adopter: 'перенимает', mentioned: 'упомянут' };

/** Fields shown in history and edits (not every field of a practice has a label). @satisfies {Partial<Record<PracticeField, string>>} */
export const FIELD_LABELS = {
  title: 'Заголовок',
  lead: 'Лид',
  isPracticeAnnouncement: 'Объявление о практике',
  practices: 'Практики',
  regions: 'Регионы',
  organisations: 'Организации',
  people: 'Люди',
  platforms: 'Платформы',
  figures: 'Цифры',
  topics: 'Темы',
  publishedAt: 'Дата публикации',
  bodyText: 'Текст',
  status: 'Статус',
  rejectReason: 'Причина отклонения',
  reviewer: 'Редактор',
};

/** @satisfies {Record<HistoryAction, string>} */
export const ACTION_LABELS = {
  created: 'создано',
  'machine-update': 'обновлено извлечением',
  changed: 'изменено на источнике',
  merged: 'объединено с дублем',
  approve: 'одобрено',
  reject: 'отклонено',
  edit: 'правка',
  'set-announcement': 'отметка «объявление»',
  story: 'сюжет изменён',
};

/** @satisfies {Record<HealthStatus, string>} */
export const HEALTH_LABELS = { ok: 'в норме', degraded: 'работает в обход', failing: 'сбой', stale: 'нет новых материалов', 'never-run': 'ещё не запускался' };

/** @satisfies {Record<Language, string>} */
export const LANGUAGE_LABELS = { ru: 'русский', en: 'английский' };

/**
 * A label for a code, falling back to the code itself for values this console does not know yet.
 * @param {Record<string, string>} labels @param {unknown} code
 */
export function label(labels, code) {
  const key = String(code ?? '');
  return Object.hasOwn(labels, key) ? labels[key] : key;
}
