import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../../functions/core/model.js';
import { extractGenericArticle } from '../../../functions/sources/shared/generic-extractor.js';
import { fixtureDir } from '../support/fixtures.js';

const dates = { timeZone: 'Europe/Moscow' };

/** A fixture with every class attribute removed: the source's own selectors can no longer match. */
function withoutClasses(sourceId: string, file: string): string {
  return readFileSync(path.join(fixtureDir(sourceId), file), 'utf8').replace(/\sclass\s*=\s*"[^"]*"/g, '');
}

function golden(sourceId: string, file: string): Article {
  return JSON.parse(readFileSync(path.join(fixtureDir(sourceId), file.replace(/\.html$/, '.expected.json')), 'utf8')) as Article;
}

describe('extractGenericArticle on source fixtures stripped of their classes', () => {
  it.each([
    ['mos-ru-news', 'article-page-120003050.html', 'https://www.mos.ru/mayor/themes/12299/120003050/'],
    ['kremlin-ru', 'article-72799.html', 'http://kremlin.ru/events/president/news/72799'],
    ['kremlin-ru', 'article-72770.html', 'http://kremlin.ru/events/state-council/72770'],
  ])('still finds the title, body and date of %s %s', (sourceId, file, url) => {
    const expected = golden(sourceId, file);
    const article = extractGenericArticle(withoutClasses(sourceId, file), { url, dates, language: 'ru' });
    expect(article).not.toBeNull();
    expect(article!.title).toBe(expected.title);
    expect(article!.extractedBy).toBe('generic');
    const firstParagraph = expected.bodyText.split('\n\n')[0]!;
    expect(article!.bodyText).toContain(firstParagraph);
    // Metadata without a clock time (kremlin's microdata) still gives the right day.
    expect(article!.publishedAt?.slice(0, 10)).toBe(expected.publishedAt?.slice(0, 10));
  });

  it('reads the government.ru reader page without its classes: title and body', () => {
    const expected = golden('government-ru', 'article-50101.html');
    const article = extractGenericArticle(withoutClasses('government-ru', 'article-50101.html'), { url: 'http://government.ru/news/50101/', dates });
    expect(article?.title).toBe(expected.title);
    expect(article?.bodyText).toContain(expected.bodyText.split('\n\n')[0]!);
  });
});

describe('extractGenericArticle metadata precedence', () => {
  const jsonLd = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Из JSON-LD","datePublished":"2023-01-01T10:00:00+03:00","author":{"@type":"Person","name":"Автор JSON-LD"},"description":"Лид JSON-LD"}</script>`;
  const openGraph = `<meta property="og:title" content="Из OpenGraph"><meta property="article:published_time" content="2023-02-02T10:00:00+03:00"><meta property="article:author" content="Автор OG"><meta property="og:description" content="Лид OG">`;
  const microdata = `<div itemscope itemtype="https://schema.org/NewsArticle"><h2 itemprop="headline">Из микроразметки</h2><time itemprop="datePublished" datetime="2023-03-03T10:00:00+03:00">3 марта</time><span itemprop="author">Автор микроразметки</span>`;
  const body = `<h1>Из заголовка страницы</h1><div class="article-text"><p>Основной текст статьи достаточно длинный, чтобы его можно было счесть телом публикации, а не подписью к фотографии.</p><p>Второй абзац продолжает рассказ о практике, рекомендованной к тиражированию в регионах.</p></div>`;
  const page = (head: string, inBody: string): string => `<html><head>${head}</head><body>${inBody}${body}${inBody ? '</div>' : ''}</body></html>`;
  const run = (html: string) => extractGenericArticle(html, { url: 'https://example.ru/a', dates })!;

  it('prefers JSON-LD to OpenGraph to microdata to the page itself', () => {
    expect(run(page(jsonLd + openGraph, microdata))).toMatchObject({ title: 'Из JSON-LD', publishedAt: '2023-01-01T10:00:00+03:00', author: 'Автор JSON-LD', lead: 'Лид JSON-LD' });
    expect(run(page(openGraph, microdata))).toMatchObject({ title: 'Из OpenGraph', publishedAt: '2023-02-02T10:00:00+03:00', author: 'Автор OG', lead: 'Лид OG' });
    expect(run(page('', microdata))).toMatchObject({ title: 'Из микроразметки', publishedAt: '2023-03-03T10:00:00+03:00', author: 'Автор микроразметки' });
    expect(run(page('', ''))).toMatchObject({ title: 'Из заголовка страницы', publishedAt: null, author: null, lead: null });
  });

  it('keeps the section the metadata files the article under, and none when it names none', () => {
    const section = jsonLd.replace('"headline"', '"articleSection":["Мнения","Колонки"],"headline"');
    expect(run(page(section, '')).section).toBe('Мнения · Колонки');
    expect(run(page(`<meta property="article:section" content="Opinion">${openGraph}`, '')).section).toBe('Opinion');
    expect(run(page(jsonLd + openGraph, ''))).not.toHaveProperty('section');
  });

  it('takes the body from readability scoring, not from longer link-heavy chrome', () => {
    const nav = `<div class="sidebar-menu">${Array.from({ length: 30 }, (_, i) => `<p><a href="/n/${i}">Ссылка на другой материал номер ${i}, очень интересный</a></p>`).join('')}</div>`;
    const article = run(`<html><body>${nav}${body}</body></html>`);
    expect(article.bodyText).toMatch(/^Основной текст статьи/);
    expect(article.bodyText).not.toContain('Ссылка на другой материал');
  });

  it('returns null when the page has no body worth the name', () => {
    expect(extractGenericArticle('<html><head><title>Ошибка</title></head><body><p>Нет</p></body></html>', { url: 'https://example.ru/', dates })).toBeNull();
  });

  it('survives broken JSON-LD and deep nesting within the depth limit', () => {
    const deep = `${'<div>'.repeat(900)}${body}${'</div>'.repeat(900)}`;
    const html = `<html><head><script type="application/ld+json">{not json</script></head><body>${deep}</body></html>`;
    expect(run(html).title).toBe('Из заголовка страницы');
  });
});
