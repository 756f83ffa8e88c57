import { describe, expect, it } from 'vitest';
import { LOCAL_FILE_DATES, dateOfLine, printedDate } from '../../../functions/sources/shared/printed-date.js';

describe('dateOfLine', () => {
  it.each<[string, string, string]>([
    ['a date line with its time', '22 мая 2025, 15:25', '2025-05-22T15:25:00+03:00'],
    ['"года" and a time', '21 апреля 2021 года, 13:30', '2021-04-21T13:30:00+03:00'],
    ['a numeric date and a view count', '15.12.2022 г. | Просмотров: 431', '2022-12-15T00:00:00+03:00'],
    ['a clock time before the date, a count and a login after it', '01:12 22.02.2017 0 admin', '2017-02-22T01:12:00+03:00'],
    ['an English date with its weekday', '24 October 2019, Thursday', '2019-10-24T00:00:00+03:00'],
    ['time | month day | year', '00:46 | Jan 18 | 2013', '2013-01-18T00:46:00+04:00'],
    ['a label', 'Дата публикации: 20.06.2025', '2025-06-20T00:00:00+03:00'],
    ['an English label', 'Date of publication: 02.09.2024', '2024-09-02T00:00:00+03:00'],
    ['a machine translation\'s label', 'Date of the publication: 22.05.2023', '2023-05-22T00:00:00+03:00'],
    ['a messenger copy\'s channel and time', 'Олег Мельниченко, [14.06.2023 12:41]', '2023-06-14T12:41:00+03:00'],
    ['an American date with slashes', '07/16/2021', '2021-07-16T00:00:00+03:00'],
    ["a news app's copy with spaces before the stops", '14 .10.2022 , 12:40', '2022-10-14T12:40:00+03:00'],
    ['a European date with slashes', 'Опубликовано: 16/07/2021 10:15', '2021-07-16T10:15:00+03:00'],
    ["a date with slashes year first, as Chinese outlets print it, with seconds", 'Published: 2019/9/24 21:18:40', '2019-09-24T21:18:00+03:00'],
    ["a messenger copy's stamp in brackets on a line of its own", '[17.04.2024 12:41]', '2024-04-17T12:41:00+03:00'],
    ["a messenger copy's stamp after a view count", '👁 12,0K · [24.05.2023 14:02]', '2023-05-24T14:02:00+03:00'],
    ["a messenger copy's stamp after a view count and spaces alone", '👁 18.3K    12.09.2023 19:05', '2023-09-12T19:05:00+03:00'],
    ["a messenger copy's header with the stamp first", '[16.03.2023 10:12] Владислав Шапша:', '2023-03-16T10:12:00+03:00'],
    ['"Published" of two dates', 'Опубликовано: 07.09.2021, 16:30 · Обновлено: 07.09.2021, 18:02', '2021-09-07T16:30:00+03:00'],
    ['an ISO date before a dateline', 'date 2025-12-04 ТЮМЕНЬ, 4 дек – РИА Новости. В Тобольске заработала новая поликлиника', '2025-12-04T00:00:00+03:00'],
    ['a breadcrumb ending in the date', 'Общество · Новости · 11.10.2016, 6:25', '2016-10-11T06:25:00+03:00'],
    ['a rubric and the date after a slash', 'Власть / 02.11.2023, 15:21', '2023-11-02T15:21:00+03:00'],
    ['a rubric word before the date', 'Новости 24.09.2024', '2024-09-24T00:00:00+03:00'],
    ['a rubric of two words before the date and time', 'Главные новости 14.02.2024 10:15', '2024-02-14T10:15:00+03:00'],
    ["a dateline's place before the date", 'Kazan, 11 April 2024', '2024-04-11T00:00:00+03:00'],
    ['a transcript line: date, time, place', 'September 25, 2021, Novo-Ogaryovo, Moscow Region', '2021-09-25T00:00:00+03:00'],
    ['a date and a time after a bar', '25.11.2021 | 11:40', '2021-11-25T11:40:00+03:00'],
    ['a date and a press service after a bar', '06.12.2023 | Пресс-служба Правительства области', '2023-12-06T00:00:00+03:00'],
    ['a date and a credit after a comma', '12.12.2022, пресс-служба Главы КЧР', '2022-12-12T00:00:00+03:00'],
    ['a dateline with its year, the lead running on', 'Chita, 18 March 2024. Zabaykalsky Krai has submitted applications from four municipalities to the contest', '2024-03-18T00:00:00+03:00'],
    ['a Russian one in capitals', 'РОСТОВ-НА-ДОНУ, 28 августа 2023 года. Министерство образования области провело коллегию и обсудило итоги года', '2023-08-28T00:00:00+03:00'],
  ])('reads %s', (_, line, expected) => {
    expect(dateOfLine(line, LOCAL_FILE_DATES)).toBe(expected);
  });

  it.each<[string, string]>([
    ["an event's date opening a sentence", '15 сентября 2025 года в Казани пройдёт форум лучших практик'],
    ['the same with a time', '1 сентября 2025 года в 10:00 откроется новая школа'],
    ['a deadline', 'Срок – 1 февраля 2024 г., далее – ежегодно.'],
    ['a deadline inside a line', 'Срок подачи заявок — до 15.09.2025'],
    ['a deadline after a preposition', 'Приём заявок до 01.02.2024'],
    ['a rubric word before an event told in a sentence', 'Новости 24.09.2024 в Кургане прошёл форум'],
    ['a dateline without a year (never guessed)', 'МОСКВА, 17 ноя — РИА Новости.'],
    ['a page clock without a year', 'Понедельник, 20 октября, 20:38 | 16+'],
    ['an update', 'Обновлено 12.03.2024'],
    ['a year alone', 'В 2024 году 15 регионов внедрили практику'],
    ["a preposition's place before an event's date", 'В Казани, 15 сентября 2025 года — форум открылся, и в нём участвуют делегации из двадцати регионов страны'],
    ['an event with a comma after its date', '15 сентября 2025 года, в день города, откроется новая школа'],
    ['a numeric date running into more digits', '1.2.2018.5'],
    ['a date with slashes whose order is not plain', '05/06/2021'],
    ['a view count before an event told in a sentence', '👁 18.3K 12.09.2023 в Саранске прошёл форум'],
  ])('reads no date in %s', (_, line) => {
    expect(dateOfLine(line, LOCAL_FILE_DATES)).toBeNull();
  });
});

describe('printedDate', () => {
  it('finds the date line after the headline, and one after a repeat of the headline below the chrome', () => {
    expect(printedDate('Конкурс проходит в девятый раз\n22 мая 2025, 15:25\nВсероссийский конкурс устраивают девятый год подряд.', LOCAL_FILE_DATES)).toBe('2025-05-22T15:25:00+03:00');
    const page = ['Приморье попало в перечень лучших практик', 'Новости свободного порта', '+12', 'Макс.:+8', 'Вт', '', 'Приморье попало в перечень лучших практик', 'Рубрика: Общество', '30.09.2022', '', 'Экономические предложения края включены в список лучших практик.'];
    expect(printedDate(page.join('\n'), LOCAL_FILE_DATES)).toBe('2022-09-30T00:00:00+03:00');
  });

  it('reads past a long headline and a one-paragraph lead to the date line under them (kremlin.ru, government.ru)', () => {
    const text = [
      'Dmitry Chernyshenko: the Pskov Region’s single register of rural guest houses will be recommended to other regions',
      '',
      'Deputy Prime Minister Dmitry Chernyshenko held a meeting of the working group on rural tourism in the regions.',
      '',
      '14 March 2024 17:40',
      '',
      'The Pskov Region Governor reported on the register.',
    ].join('\n');
    expect(printedDate(text, LOCAL_FILE_DATES)).toBe('2024-03-14T17:40:00+03:00');
  });

  it('takes a short date line at the end, but no date from the prose', () => {
    const prose = 'Губернатор рассказал, что 12 марта 2024 года область подала заявки на конкурс лучших муниципальных практик и ждёт итогов.';
    expect(printedDate(`Заявки поданы\n\n${prose}\n\n${prose}\n\n20.06.2025`, LOCAL_FILE_DATES)).toBe('2025-06-20T00:00:00+03:00');
    expect(printedDate(`Заявки поданы\n\n${prose}\n\n${prose}`, LOCAL_FILE_DATES)).toBeNull();
    const meta = 'Дата публикации: 21.06.2025 · Раздел: Экономика и предпринимательство · Теги: малый бизнес, муниципальные практики, конкурс, итоги года';
    expect(printedDate(`Заявки поданы\n\n${prose}\n\n${prose}\n\n${meta}`, LOCAL_FILE_DATES)).toBe('2025-06-21T00:00:00+03:00');
    // A practice card's labelled date above its buttons and share row, deeper than the last three lines.
    expect(printedDate(`QR-паспорт площадки\n\n${prose}\n\n${prose}\n\nДата публикации: 05.03.2024\n\nХочу внедрить\nЗадать вопрос автору\nПоделиться`, LOCAL_FILE_DATES)).toBe('2024-03-05T00:00:00+03:00');
    // But no unlabelled date there: it may be an event's.
    expect(printedDate(`QR-паспорт площадки\n\n${prose}\n\n${prose}\n\n05.03.2024\n\nХочу внедрить\nЗадать вопрос автору\nПоделиться`, LOCAL_FILE_DATES)).toBeNull();
  });

  it("reads a paper's issue line as the page's date", () => {
    expect(printedDate('Коммерсантъ\nВоронеж\nГазета «Коммерсантъ» (Воронеж) №56 от 31.03.2021\n\nОрловщина позеленеет по-белгородски', LOCAL_FILE_DATES)).toBe('2021-03-31T00:00:00+03:00');
  });

  it('stops looking once the body has begun: a date line deep in the text is no page date', () => {
    const prose = 'Область вошла в число лидеров рейтинга и поделилась своей практикой поддержки малого бизнеса с соседними регионами.';
    expect(printedDate(`Область в лидерах\n\n${prose}\n\n${prose}\n\n12.03.2024\n\n${prose}\n\n${prose}\n\n${prose}\n\n${prose}`, LOCAL_FILE_DATES)).toBeNull();
  });

  it('gives null for a text without lines', () => {
    expect(printedDate('', LOCAL_FILE_DATES)).toBeNull();
    expect(printedDate('\n \n', LOCAL_FILE_DATES)).toBeNull();
  });
});
