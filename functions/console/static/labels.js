// Russian labels for the API's codes, in one place so the wording stays consistent.

export const STATUS_LABELS = { pending: 'на проверке', approved: 'одобрено', rejected: 'отклонено' };

export const CLASSIFIED_LABELS = {
  positive: 'классификатор: объявление',
  negative: 'классификатор: не объявление',
  all: 'любой вердикт',
};

export const ROLE_LABELS = { origin: 'источник практики', adopter: 'перенимает', mentioned: 'упомянут' };

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

export const ACTION_LABELS = {
  created: 'создано',
  'machine-update': 'обновлено извлечением',
  changed: 'изменено на источнике',
  merged: 'объединено с дублем',
  approve: 'одобрено',
  reject: 'отклонено',
  edit: 'правка',
  'set-announcement': 'отметка «объявление»',
};

export const HEALTH_LABELS = { ok: 'в норме', failing: 'сбой', stale: 'нет новых материалов', 'never-run': 'ещё не запускался' };

export const LANGUAGE_LABELS = { ru: 'русский', en: 'английский' };

/** Organisation catalogue ids of EXTRACTION.md, offered as suggestions in the filter. */
export const ORGANISATIONS = [
  ['minek', 'Минэкономразвития России'],
  ['asi', 'АСИ'],
  ['gossovet', 'Госсовет'],
  ['government-rf', 'Правительство РФ'],
  ['president-rf', 'Президент России'],
  ['moscow-government', 'Правительство Москвы'],
  ['moscow-depr', 'ДЭПР Москвы'],
  ['mvd', 'МВД России'],
  ['minstroy', 'Минстрой России'],
  ['minfin', 'Минфин России'],
];

/** Frequently used region codes, offered as suggestions; any ISO 3166-2:RU code may be typed. */
export const REGIONS = [
  ['RU-MOW', 'Москва'],
  ['RU-MOS', 'Московская область'],
  ['RU-SPE', 'Санкт-Петербург'],
  ['RU-LEN', 'Ленинградская область'],
  ['RU-CHE', 'Челябинская область'],
  ['RU-BA', 'Республика Башкортостан'],
  ['RU-TA', 'Республика Татарстан'],
  ['RU-NIZ', 'Нижегородская область'],
  ['RU-SVE', 'Свердловская область'],
  ['RU-NVS', 'Новосибирская область'],
  ['RU-KDA', 'Краснодарский край'],
  ['RU-TYU', 'Тюменская область'],
];

/**
 * A label for a code, falling back to the code itself for values this console does not know yet.
 * @param {Record<string, string>} labels @param {unknown} code
 */
export function label(labels, code) {
  const key = String(code ?? '');
  return Object.hasOwn(labels, key) ? labels[key] : key;
}
