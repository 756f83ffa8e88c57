import { describe, expect, it } from 'vitest';
import { fragmentToText, isHeadChrome, normaliseText, readPlainText, readSavedPage, sectionOf, trailerKind, trimTrailingBoilerplate } from '../../../functions/sources/shared/text.js';

describe('normaliseText', () => {
  it('removes soft hyphens, word joiners, zero-width spaces and BOMs, and turns no-break spaces into spaces', () => {
    expect(normaliseText('\uFEFFтира\u00ADжирование\u2060 практик\u200B\u00A0Москвы ')).toBe('тиражирование практик Москвы');
  });

  it('drops control characters and lone surrogates that storage would reject', () => {
    expect(normaliseText('a\u0000b\u001Bc\uD800d')).toBe('abcd');
    expect(normaliseText('emoji \uD83D\uDE00 kept')).toBe('emoji \uD83D\uDE00 kept');
  });
});

describe('fragmentToText', () => {
  it('strips tags and decodes entities, twice-escaped feeds included', () => {
    expect(fragmentToText('<p>Практика&nbsp;<b>Москвы</b></p>')).toBe('Практика Москвы');
    expect(fragmentToText('&amp;laquo;Смартека&amp;raquo;')).toBe('«Смартека»');
    expect(fragmentToText('<script>alert(1)</script>Текст')).toBe('Текст');
  });
});

describe('fragmentToText on hostile input', () => {
  it('stays linear on unclosed scripts, comments and tags', () => {
    const hostile = '<script>'.repeat(50_000) + '<!--'.repeat(50_000) + '<a'.repeat(50_000) + ' текст';
    const started = performance.now();
    expect(fragmentToText(hostile)).toContain('текст');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('keeps text between inline tags joined and separates blocks', () => {
    expect(fragmentToText('тира<b>ж</b>ирование<br>практик<!-- x --><script>bad()</script><style>p{}</style><![CDATA[ и опыта]]>')).toBe('тиражирование практик и опыта');
  });
});

describe('trailerKind', () => {
  it.each([
    ['Read more interesting news in our Telegram channel', 'call-to-action'],
    ['Подписывайтесь на наш Telegram-канал', 'call-to-action'],
    ['Подписывайтесь на наш Telegram-канал, чтобы первыми узнавать новости района.', 'call-to-action'],
    ['Читайте нас в Дзене и ВКонтакте', 'call-to-action'],
    ['Следите за новостями министерства в нашем канале в Telegram', 'call-to-action'],
    ['Follow us on Twitter', 'call-to-action'],
    ['Поделиться:', 'share'],
    ['Share this article', 'share'],
    ['Источник: пресс-служба администрации района', 'credit'],
    ['Фото: пресс-служба Минэкономразвития России', 'credit'],
    ['Photo: Reuters', 'credit'],
    ['Теги: экономика, лучшие практики', 'tags'],
    ['#made by Russia', 'tags'],
    ['Author: Natalia Alyoshina', 'author'],
    ['Автор: Иван Петров', 'author'],
    ['Читайте также: Регионы поделились опытом', 'related'],
    ['© 2024 Правительство области. Все права защищены.', 'copyright'],
    ['Дата публикации: 12.03.2024', 'date'],
    ['Версия для печати', 'print'],
  ])('classes «%s» as %s', (paragraph, kind) => {
    expect(trailerKind(paragraph)).toBe(kind);
  });

  it.each([
    'Министерство запустило телеграм-канал для предпринимателей, где публикует меры поддержки и отвечает на вопросы о грантах.',
    'Подробнее о программе можно узнать на сайте министерства.',
    'The ministry said the practice had been adopted by three regions.',
    'Источником финансирования стал областной бюджет.',
    'By the end of the year the service will work in every district hospital.',
  ])('leaves text alone: «%s»', (paragraph) => {
    expect(trailerKind(paragraph)).toBeNull();
  });

  it('leaves a long paragraph alone whatever it mentions', () => {
    const long = `${'Регион внедряет практику соседей, и это уже заметно по срокам. '.repeat(4)}Подписывайтесь на наш Telegram-канал.`;
    expect(trailerKind(long)).toBeNull();
  });
});

describe('trimTrailingBoilerplate', () => {
  it('cuts the run of furniture that ends an article, signature lines after it included', () => {
    const body = [
      'Практика рекомендована к тиражированию.',
      'Её уже внедрили три региона.',
      'Read more interesting news in our Telegram channel',
      'Author: Natalia Alyoshina',
      'Made in Russia // Made in Russia',
      '#made by Russia',
    ].join('\n\n');
    expect(trimTrailingBoilerplate(body)).toBe('Практика рекомендована к тиражированию.\n\nЕё уже внедрили три региона.');
  });

  it('keeps a short last line of the text when no furniture follows it, and furniture in the middle', () => {
    expect(trimTrailingBoilerplate('Первый абзац.\n\nФото: пресс-служба\n\nПоследний абзац.\n\nСпасибо всем')).toBe('Первый абзац.\n\nФото: пресс-служба\n\nПоследний абзац.\n\nСпасибо всем');
  });

  it('keeps a signature line above the furniture (it may be the text’s own last line)', () => {
    expect(trimTrailingBoilerplate('Текст новости.\n\nПресс-служба губернатора\n\nПодписывайтесь на наш Telegram-канал')).toBe('Текст новости.\n\nПресс-служба губернатора');
  });

  it('never empties a text that is all furniture', () => {
    expect(trimTrailingBoilerplate('Фото: mos.ru')).toBe('Фото: mos.ru');
  });
});

describe('a plain text’s headline after the chrome of a copied page', () => {
  it('tells chrome lines from headlines', () => {
    for (const chrome of ['Новости дня', 'Главная / Новости / Муниципалитеты', 'Общество · Новости · 11.10.2016, 6:25', '19 августа 2025, 22:06', 'БЕЛГОРОД, 14 марта.', 'ТЮМЕНЬ', 'Курсы валют: 76.04 / 88.79', 'Баннер 990x90px ban-1 (реклама)', 'Post supported by NewzEngine.com', 'Display settings', '• Home', 'Фото: пресс-служба губернатора', 'Источник снимка: пресс-служба МИМП МО', 'Official website of the President of Russia', 'TheMoneytizer рекомендует', 'President of Russia', 'Agency for Strategic Initiatives', 'Правительство Челябинской области', 'Министерство финансов Республики Башкортостан'])
      expect(isHeadChrome(chrome), chrome).toBe(true);
    for (const headline of ['Оксана Лут посетила Оренбуржье', 'Mikhail Mishustin’s introductory remarks', 'Совещание по экономическим вопросам', 'Итоги недели: что сделано.', '(KZN.RU,', 'Russia’s regions in brief', 'Что Минздрав рекомендует', 'Правительство продлило программу', 'Министерство финансов: итоги года', 'Government Approves New Rules', 'President Putin Meets Governors'])
      expect(isHeadChrome(headline), headline).toBe(false);
  });

  it('takes the first line that is not chrome as the title, drops a repeat of it, and keeps the rest as the body', () => {
    const text = ['Баннер (реклама)', 'Курс: USD 80,98 · EUR 94,58', '', 'Награда конкурса досталась Марий Эл', '', 'Награда конкурса досталась Марий Эл', '', 'Поселение попало в пятёрку лучших.'].join('\n');
    expect(readPlainText(text)).toEqual({ title: 'Награда конкурса досталась Марий Эл', body: 'Поселение попало в пятёрку лучших.', section: null });
  });

  it('keeps the first line when it is the headline, and when the chrome is followed by a paragraph, not a headline', () => {
    expect(readPlainText('Тула переняла калужскую модель\n\nТекст.')).toEqual({ title: 'Тула переняла калужскую модель', body: 'Текст.', section: null });
    const lead = 'Губернатор провёл совещание по работе паромной линии, на которой с весны выйдут два новых судна, а расписание станет удобнее для жителей области и туристов, сообщили в правительстве региона вчера вечером. Паром будет ходить ежедневно, билеты можно купить заранее на сайте перевозчика.';
    expect(readPlainText(`Итоги недели\n\n${lead}`)).toEqual({ title: 'Итоги недели', body: lead, section: null });
    expect(readPlainText('\n  \n')).toEqual({ title: '', body: '', section: null });
  });

  it("takes the headline under a site's or an outlet's name line, and a breadcrumb with › as chrome", () => {
    expect(isHeadChrome('Главная › Новости › Образование')).toBe(true);
    const outlet = ['Столица на Онего', '25.06.2024 09:12', '', 'Путепровод на Северной промзоне в Петрозаводске закроют на ремонт', '', 'С 1 июля движение будет закрыто.'].join('\n');
    expect(readPlainText(outlet).title).toBe('Путепровод на Северной промзоне в Петрозаводске закроют на ремонт');
    expect(readPlainText('The Russian Government\n\nPrimorye Territory to receive funds for flood payments\n\nThe Government has allocated funds.').title).toBe('Primorye Territory to receive funds for flood payments');
    // A short headline has a verb, and a line of prose or an author's line under it is no headline.
    expect(readPlainText('Парклеты уходят в регионы\n\nЛетние мини-скверы на месте парковочных мест появятся в пяти городах\n\nТекст.').title).toBe('Парклеты уходят в регионы');
    expect(readPlainText('Почему победители остаются дома\n\nМарина Кольцова, эксперт по муниципальному управлению\n\nТекст.').title).toBe('Почему победители остаются дома');
  });
});

describe('the section a copied page files its item under', () => {
  it('is the rubric and breadcrumb lines over the headline, without date lines, widgets and credits', () => {
    const column = ['МУНИЦИПАЛЬНАЯ РОССИЯ · Мнения', '12.03.2024', 'Колонка эксперта', '', 'Почему хорошие практики не переезжают', '', 'Текст колонки.'].join('\n');
    expect(readPlainText(column)).toEqual({ title: 'Почему хорошие практики не переезжают', body: 'Текст колонки.', section: 'МУНИЦИПАЛЬНАЯ РОССИЯ · Мнения · Колонка эксперта' });
    // An outlet's name line over the headline is part of it too.
    expect(readPlainText('ROSSIYSKAYA GAZETA Opinion\n\nWhy good ideas stop at the regional border\n\nText.').section).toBe('ROSSIYSKAYA GAZETA Opinion');
    expect(sectionOf(['Главная', 'Новости'])).toBe('Главная · Новости');
    expect(sectionOf(['19 августа 2025, 22:06'])).toBeNull();
    expect(sectionOf(['Меню '.repeat(40)])).toBeNull();
  });

  it('is read from a saved page the same way', () => {
    expect(readSavedPage('Opinion\nWhy a best practice rarely travels across Russia\nText of the column, long enough.')?.section).toBe('Opinion');
    expect(readSavedPage('Why a best practice rarely travels across Russia\nText.')?.section).toBeNull();
  });
});
