import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTRACTOR_VERSION, extractPractice } from '../../functions/core/extraction/extract-practice.js';
import type { ExtractionInput } from '../../functions/core/model.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const seedFile = path.resolve(repoRoot, '..', 'shared', 'seed', 'madeinrussia-en-news-14040.txt');

function input(title: string, bodyText: string, extra: Partial<ExtractionInput> = {}): ExtractionInput {
  return { sourceId: 'test-source', url: 'https://example.org/news/1', title, publishedAt: null, author: null, lead: null, bodyText, tags: [], images: [], ...extra };
}

/** The seed split as a source parser would: the title line, the body up to the boilerplate. */
function seedInput(): ExtractionInput {
  const raw = readFileSync(seedFile, 'utf8');
  const lines = raw.split('\n').map((line) => line.trim());
  const titleIndex = lines.findIndex((line) => /offered for replication/i.test(line));
  const rest = lines.slice(titleIndex + 1);
  const end = rest.findIndex((line) => /^Read more/i.test(line));
  return input(lines[titleIndex]!, rest.slice(0, end).join('\n').trim(), { sourceId: 'madeinrussia-ru', url: 'https://madeinrussia.ru/en/news/14040' });
}

describe.skipIf(!existsSync(seedFile))('extractPractice on the seed article (skipped: ../shared/seed is absent)', () => {
  it('comes out as EXTRACTION.md describes', () => {
    const record = extractPractice(seedInput());

    expect(record.isPracticeAnnouncement).toBe(true);
    expect(record.confidence).toBeGreaterThan(0.8);
    expect(record.reasons.some((reason) => reason.includes('replication'))).toBe(true);
    expect(record.language).toBe('en');
    expect(record.practices.map((p) => p.name)).toContainEqual(expect.stringMatching(/^multifunctional migration cent/i));
    expect(record.regions.map((r) => r.code).sort()).toEqual(['RU-BA', 'RU-CHE', 'RU-MOS', 'RU-MOW']);
    expect(record.regions.find((r) => r.code === 'RU-MOW')?.role).toBe('origin');
    for (const code of ['RU-CHE', 'RU-MOS', 'RU-BA']) expect(record.regions.find((r) => r.code === code)?.role).toBe('mentioned');
    expect(record.organisations.map((o) => o.id).sort()).toEqual(['asi', 'gossovet', 'minek', 'moscow-depr', 'moscow-government']);
    expect(record.people).toEqual([
      { name: 'Maria Bagreeva', role: 'Minister of the Government of Moscow, head of the City Department of Economic Policy and Development' },
    ]);
    expect(record.platforms).toEqual([{ id: 'smarteka', name: 'Смартека' }]);
    expect(record.figures.map((f) => f.value).sort((a, b) => a - b)).toEqual([8, 35, 121, 1000]);
    expect(record.figures.find((f) => f.value === 1000)?.text).toBe('more than 1,000 practices presented in the database');
    expect(record.figures.find((f) => f.value === 121)?.text).toMatch(/^121 practices have been developed in Moscow/);
    expect(record.topics).toContain('regional-and-municipal-management');
    expect(record.extractorVersion).toBe(EXTRACTOR_VERSION);
  });
});

const RU_TITLE = 'Опыт Казани по цифровому сопровождению инвесторов рекомендован для тиражирования';
const RU_BODY = `Практика «Инвестиционный навигатор» Республики Татарстан вошла в перечень лучших региональных практик, рекомендованных Минэкономразвития России и Агентством стратегических инициатив к внедрению в других регионах страны.

Как рассказал заместитель премьер-министра Республики Татарстан, министр экономики Олег Коробченко, за три года через сервис прошли более 1 200 инвесторов, а срок подбора площадки сократился с 30 до 7 дней.

По словам генерального директора АСИ Светланы Чупшевой, решение уже заинтересовало Челябинскую и Курганскую области. Опыт республики планируют перенять в Нижнем Новгороде и Подмосковье.

Описание практики размещено на платформе «Смартека», где собрано более 1 тыс. решений регионов.`;

describe('extractPractice on a Russian announcement', () => {
  const record = extractPractice(input(RU_TITLE, RU_BODY, { sourceId: 'asi-ru' }));

  it('classifies it as an announcement and says why', () => {
    expect(record.isPracticeAnnouncement).toBe(true);
    expect(record.language).toBe('ru');
    // The cues of the title, quoted, with their contributions to the log-odds, strongest first.
    expect(record.reasons.join('\n')).toMatch(/^replication cue \(title\): «тиражирования» \(\+\d\.\d\)$/m);
    expect(record.reasons.join('\n')).toMatch(/^selection cue(?: \(title\))?: «рекомендован» \(\+\d\.\d\)$/m);
    const contributions = record.reasons.map((reason) => Math.abs(Number(/\(([+-]\d+\.\d)\)$/.exec(reason)![1])));
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
  });

  it('finds regions in all their forms, coordinated lists and cities, with roles', () => {
    const roles = Object.fromEntries(record.regions.map((r) => [r.code, r.role]));
    expect(Object.keys(roles).sort()).toEqual(['RU-CHE', 'RU-KGN', 'RU-MOS', 'RU-NIZ', 'RU-TA']);
    expect(roles['RU-TA']).toBe('origin');
    expect(roles['RU-NIZ']).toBe('adopter');
  });

  it('finds organisations, people in the nominative with their titles, platforms and figures', () => {
    expect(record.organisations.map((o) => o.id).sort()).toEqual(['asi', 'minek']);
    expect(record.people).toEqual([
      { name: 'Олег Коробченко', role: 'заместитель премьер-министра Республики Татарстан, министр экономики' },
      { name: 'Светлана Чупшева', role: 'генеральный директор АСИ' },
    ]);
    expect(record.platforms.map((p) => p.id)).toEqual(['smarteka']);
    expect(record.figures.map((f) => f.value)).toEqual(expect.arrayContaining([1200, 1000, 30, 7]));
    expect(record.practices.map((p) => p.name)).toContain('Инвестиционный навигатор');
    expect(record.topics).toContain('investment');
  });
});

describe('extractPractice on a near-miss', () => {
  it('does not take an investment rating for an announcement', () => {
    const record = extractPractice(
      input(
        'Татарстан вошел в тройку лидеров Национального рейтинга инвестиционного климата',
        'Агентство стратегических инициатив подвело итоги Национального рейтинга состояния инвестиционного климата в регионах. Республика Татарстан заняла второе место, Москва сохранила первую позицию. Рейтинг оценивает условия ведения бизнеса по 50 показателям.',
      ),
    );
    expect(record.isPracticeAnnouncement).toBe(false);
    expect(record.reasons.some((reason) => reason.startsWith('rating cue'))).toBe(true);
    expect(record.regions.map((r) => r.code).sort()).toEqual(['RU-MOW', 'RU-TA']);
  });

  it('does not take a contest call for an announcement', () => {
    const record = extractPractice(
      input(
        'Стартовал прием заявок на конкурс «Лучшая муниципальная практика»',
        'Муниципальные образования могут подать заявки до 15 марта. Положение о конкурсе размещено на сайте Минэкономразвития России.',
      ),
    );
    expect(record.isPracticeAnnouncement).toBe(false);
    expect(record.reasons.some((reason) => reason.startsWith('contest call cue'))).toBe(true);
  });
});

describe('extractPractice text noise', () => {
  it('reads through soft hyphens, zero-width spaces, NBSP and ё', () => {
    const record = extractPractice(input('Новости', 'Опыт Чел\u00ADябинской\u00A0области и Республики Башкор\u200Bтостан, а также Подмосковья учтён.'));
    expect(record.regions.map((r) => r.code).sort()).toEqual(['RU-BA', 'RU-CHE', 'RU-MOS']);
  });

  it('detects the language when the source does not give it', () => {
    expect(extractPractice(input('Moscow news', 'The Moscow Government presented a project.')).language).toBe('en');
    expect(extractPractice(input('Новости', 'Правительство Москвы представило проект.')).language).toBe('ru');
  });
});

describe('extractPractice on a practice page of a best-practice library', () => {
  // A practice card as a library shows it: the practice, its region and its results, no word of any library.
  const card = [
    'Народная дружина в каждом дворе',
    'Регион: Тамбовская область\nАвтор практики: администрация города Тамбова\nПроблема\nЖители не знали, к кому обращаться по вопросам двора.\nРешение\nВ каждом микрорайоне выбран старший по двору, встречи проходят раз в месяц.\nРезультаты\nЧисло обращений в управу выросло вдвое.',
  ] as const;

  it('is an announcement from the library the page belongs to, with the reason first', () => {
    const plain = extractPractice(input(...card));
    const fromLibrary = extractPractice(input(...card, { sourceId: 'smarteka', libraryPractice: true }));
    expect(fromLibrary.isPracticeAnnouncement).toBe(true);
    expect(fromLibrary.confidence).toBeGreaterThanOrEqual(Math.max(0.9, plain.confidence));
    expect(fromLibrary.reasons[0]).toMatch(/best-practice library/);
    expect(fromLibrary.regions.map((r) => r.code)).toEqual(plain.regions.map((r) => r.code));
  });

  it('knows a card copied without its source by its headings, and no prose that opens with one of the words', () => {
    const copied = extractPractice(input(...card));
    expect(copied.isPracticeAnnouncement).toBe(true);
    expect(copied.reasons[0]).toMatch(/best-practice library/);
    // Headings run into their text when a copy joins the lines ('Решение В каждом …'), after the stop of the text before.
    const joined = card[1].replace(/(Проблема|Решение|Результаты)\n/g, '$1 ').replace(/\.\n/g, '. ');
    expect(joined).toContain('двора. Решение В каждом');
    expect(extractPractice(input(card[0], joined)).reasons[0]).toMatch(/best-practice library/);
    const prose = extractPractice(input('Совещание в мэрии', 'Проблема в том, что дворы не убраны.\nРешение принято на совещании.\nРезультаты будут через месяц.'));
    expect(prose.reasons[0] ?? '').not.toMatch(/best-practice library/);
  });

  it('is not, while the library still reviews it', () => {
    const pending = extractPractice(input(card[0], `Статус заявки: на экспертизе\n${card[1]}`, { sourceId: 'smarteka', libraryPractice: true }));
    expect(pending.reasons[0]).not.toMatch(/best-practice library/);
  });
});

describe('extractPractice on a page its publisher files as opinion', () => {
  const column = [
    'Почему хорошие практики не переезжают',
    'Каждый год «Смартека» пополняется сотнями решений, а опыт Татарстана по народному бюджету рекомендован для тиражирования в других регионах. Но победители конкурса «Лучшая муниципальная практика» редко находят последователей.',
  ] as const;

  it('is no announcement, whatever its vocabulary, with the mark as the first reason', () => {
    const news = extractPractice(input(...column));
    const filed = extractPractice(input(...column, { section: 'Мнение' }));
    expect(news.confidence).toBeGreaterThan(0.04);
    expect(filed.isPracticeAnnouncement).toBe(false);
    expect(filed.confidence).toBeLessThanOrEqual(0.04);
    expect(filed.reasons[0]).toMatch(/filed as opinion \(«Мнение»\)/);
    expect(filed.reasons.slice(1)).toEqual(news.reasons);
    expect(extractPractice(input(...column, { url: 'https://example.ru/opinion/2024/why' })).isPracticeAnnouncement).toBe(false);
  });

  it('leaves a library’s own practice page to the library', () => {
    expect(extractPractice(input(...column, { section: 'Мнение', sourceId: 'smarteka', libraryPractice: true })).isPracticeAnnouncement).toBe(true);
  });
});

describe('extractPractice: a town named like a given name', () => {
  it('reads «во Владимире» as the Vladimir Region and «Владимир Путин» in the same text as a person', () => {
    const record = extractPractice(input('Форум муниципальных практик', 'Форум прошёл во Владимире. Владимир Путин направил участникам приветствие.'));
    expect(record.regions.map((region) => region.code)).toEqual(['RU-VLA']);
    expect(record.people.map((person) => person.name)).toEqual(['Владимир Путин']);
  });
});
