import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticlePage, type ArticleRules } from '../../../functions/sources/shared/article.js';
import { extractGenericArticle } from '../../../functions/sources/shared/generic-extractor.js';

const fixture = (name: string): string => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');
const ctx = { url: 'https://example.ru/news/8123/', dates: { timeZone: 'Europe/Moscow' } };

/** Furniture that official pages put around the text; none of it belongs in a body. */
const FURNITURE = /Подписывайтесь|Telegram|Источник:|Фото:|Теги:|Поделиться|Версия для печати|Другие новости|Новости по теме|Возврат к списку|Все права защищены|ссылка на источник|Read more|Author:|Share:|Read also|#regions/;

describe('extractGenericArticle on pages in the markup official sites use', () => {
  it('reads a 1C-Bitrix news.detail page: bare text with <br>, date label, share block, source line, other news', () => {
    const article = extractGenericArticle(fixture('bitrix-news-detail.html'), ctx)!;
    expect(article.title).toBe('Практику района по поддержке фермеров рекомендовали к тиражированию');
    expect(article.publishedAt).toBe('2024-03-14T00:00:00+03:00');
    const paragraphs = article.bodyText.split('\n\n');
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[0]).toMatch(/^Практика Заречного района «Фермерский старт» вошла/);
    expect(paragraphs[3]).toMatch(/будут разосланы в администрации районов до конца апреля\.$/);
    expect(article.bodyText).not.toMatch(FURNITURE);
    expect(article.bodyText).not.toContain('14.03.2024');
  });

  it('reads a regional government page: menus, breadcrumbs, caption credit, tags, share, print link, sidebar', () => {
    const article = extractGenericArticle(fixture('region-news-detail.html'), ctx)!;
    expect(article.title).toBe('В области заработает нижегородская система записи к врачу');
    expect(article.publishedAt).toBe('2024-04-02T11:30:00+03:00');
    const paragraphs = article.bodyText.split('\n\n');
    expect(paragraphs.map((p) => p.split(' ').slice(0, 3).join(' '))).toEqual(['Соглашение о передаче', 'Нижегородская система позволяет', '«Мы изучили несколько', 'Первыми к системе']);
    expect(article.bodyText).not.toMatch(FURNITURE);
    expect(article.lead).toBe('Регион перенимает опыт Нижегородской области по электронной записи в поликлиники.');
  });

  it('reads a ministry press release whose text ends with a photo credit, "Читайте также" and a call to follow the channel', () => {
    const article = extractGenericArticle(fixture('ministry-press-release.html'), ctx)!;
    expect(article.title).toBe('Минэкономразвития отобрало 40 региональных практик для массового внедрения');
    expect(article.publishedAt).toBe('2024-02-20T15:00:00+03:00');
    const paragraphs = article.bodyText.split('\n\n');
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[3]).toBe('Описания всех 40 практик размещены на платформе «Смартека». Регионы, которые примут решение о внедрении, получат методическое сопровождение от команд-разработчиков.');
    expect(article.bodyText).not.toMatch(FURNITURE);
  });

  it('reads an English retelling whose body ends "Read more … Telegram channel", "Author: …", share links', () => {
    const article = extractGenericArticle(fixture('retelling-en.html'), { ...ctx, language: 'en' })!;
    expect(article.title).toBe("Tatarstan's investor navigator to be adopted by three more regions");
    const paragraphs = article.bodyText.split('\n\n');
    expect(paragraphs).toHaveLength(4);
    expect(paragraphs[3]).toMatch(/^The Investor Navigator was included in the list of best regional practices/);
    expect(article.bodyText).not.toMatch(FURNITURE);
  });
});

describe('extractGenericArticle on a page whose markup gives no date', () => {
  const paragraph = (n: number): string =>
    `<p>Абзац ${n}: практику района по поддержке фермеров рекомендовали к тиражированию в других регионах, и три района уже готовят её внедрение у себя.</p>`;
  const page = (between: string): string =>
    `<html><head><title>Новость</title></head><body>
      <aside><ul><li>12.03.2024 Другая новость о дорогах района</li><li>11.03.2024 Ещё одна новость о школах</li></ul></aside>
      <main><h1>Практику района рекомендовали к тиражированию</h1>${between}<div>${[1, 2, 3, 4].map(paragraph).join('')}</div></main>
    </body></html>`;

  it('reads the date line printed between the headline and the text', () => {
    const article = extractGenericArticle(page('<div>Общество · 22 мая 2025, 15:25</div>'), ctx)!;
    expect(article.publishedAt).toBe('2025-05-22T15:25:00+03:00');
    expect(article.bodyText).not.toContain('22 мая 2025');
  });

  it('takes no date from a list of other news elsewhere on the page', () => {
    expect(extractGenericArticle(page(''), ctx)!.publishedAt).toBeNull();
  });
});

describe('parseArticlePage with a source’s own rules', () => {
  const rules: ArticleRules = { title: ['h1.news-detail__title'], body: ['div.news-detail__text'], date: ['time'] };

  it('trims the furniture that trails the body the rules select, in Russian and English', () => {
    const html = fixture('region-news-detail.html').replace(
      '</p>\n          </div>\n          <div class="news-detail__tags">',
      '</p>\n<p>Фото: пресс-служба минздрава</p><p>Подписывайтесь на наш Telegram-канал</p><p>Read more interesting news in our Telegram channel</p>\n          </div>\n          <div class="news-detail__tags">',
    );
    expect(html).toContain('Подписывайтесь на наш Telegram-канал</p>');
    const article = parseArticlePage(html, rules, { sourceId: 'test', url: ctx.url, dates: ctx.dates, language: 'ru' });
    expect(article.extractedBy).toBe('source');
    expect(article.bodyText.split('\n\n')).toHaveLength(4);
    expect(article.bodyText).not.toMatch(FURNITURE);
  });
});
