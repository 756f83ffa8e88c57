import { describe, expect, it } from 'vitest';
import { opinionMark } from '../../functions/core/extraction/genre.js';
import { foldText } from '../../functions/core/extraction/normalise.js';

const mark = (page: { section?: string | null; title?: string; url?: string; text?: string }): string | null =>
  opinionMark({ section: page.section ?? null, title: page.title ?? 'Заголовок', url: page.url ?? 'https://example.org/news/1', folded: foldText(page.text ?? '') });

describe('opinionMark: the page files itself as opinion', () => {
  it('by its rubric, as the page writes it', () => {
    expect(mark({ section: 'МУНИЦИПАЛЬНАЯ РОССИЯ · Мнения · Колонка эксперта' })).toBe('Мнения');
    expect(mark({ section: 'ROSSIYSKAYA GAZETA Opinion' })).toBe('Opinion');
    expect(mark({ section: 'Op-ed' })).toBe('Op-ed');
    expect(mark({ section: 'Колонки' })).toBe('Колонки');
  });

  it('by a headline that opens with the rubric', () => {
    expect(mark({ title: 'Opinion: why copying Moscow does not always work' })).toBe('Opinion');
    expect(mark({ title: 'Мнение | Чужой опыт не пересаживается' })).toBe('Мнение');
  });

  it('by its address', () => {
    expect(mark({ url: 'https://www.vedomosti.ru/opinion/articles/2024/03/12/practices' })).toBe('/opinion/');
    expect(mark({ url: 'https://example.ru/mneniya/12345' })).toBe('/mneniya/');
  });

  it('by the disclaimer that the views are the author’s', () => {
    expect(mark({ text: 'The views expressed in this column are the author’s own and do not necessarily reflect those of the editorial board.' })).not.toBeNull();
    expect(mark({ text: 'Мнение автора может не совпадать с позицией редакции.' })).not.toBeNull();
  });

  it('not by news that reports an opinion, a rubric of news, or a word inside another', () => {
    expect(mark({ section: 'Главная · Новости · Экономика', title: 'Эксперт: опыт Татарстана стоит перенять', text: 'По мнению эксперта, опыт стоит перенять. В опросе мнений участвовали 500 человек.' })).toBeNull();
    expect(mark({ title: 'Opinion poll shows support for the Kazan model', url: 'https://example.org/news/opinionated-1' })).toBeNull();
    expect(mark({ section: 'Колонковое бурение' })).toBeNull();
    // An official's blog may announce a practice: no mark.
    expect(mark({ section: 'Блог губернатора', url: 'https://example.ru/blogs/governor/12' })).toBeNull();
    expect(mark({ url: 'file:///tmp/opinion/text.txt' })).toBeNull();
  });
});
