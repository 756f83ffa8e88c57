import { describe, expect, it } from 'vitest';
import { fragmentToText, normaliseText, trailerKind, trimTrailingBoilerplate } from '../../../functions/sources/shared/text.js';

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
