import { describe, expect, it } from 'vitest';
import { load } from 'cheerio/slim';
import { absoluteUrl, blockText, loadHtml, MAX_HTML_DEPTH } from '../../../functions/sources/shared/html.js';

describe('blockText', () => {
  it('separates block elements into paragraphs and skips scripts and styles', () => {
    const $ = loadHtml('<div><p>Первый&nbsp;абзац</p><script>var x = 1;</script><style>p{}</style><ul><li>пункт</li></ul>текст<br>после</div>');
    expect(blockText($.root())).toBe('Первый абзац\n\nпункт\n\nтекст\n\nпосле');
  });

  it('walks 20,000 nested elements without overflowing the stack', () => {
    const depth = 20_000;
    const $ = load(`${'<div>'.repeat(depth)}глубоко${'</div>'.repeat(depth)}`);
    expect(blockText($.root())).toBe('глубоко');
  });

  it('leaves out the elements it is told to skip', () => {
    const $ = loadHtml('<div><p>оставить</p><p class="share">убрать</p></div>');
    expect(blockText($('div'), new Set($('.share').toArray()))).toBe('оставить');
  });
});

describe('loadHtml', () => {
  it('accepts ordinary nesting and refuses documents deeper than any real page as illformed', () => {
    const nested = (depth: number): string => `${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}`;
    expect(blockText(loadHtml(nested(MAX_HTML_DEPTH - 5)).root())).toBe('x');
    expect(() => loadHtml(nested(MAX_HTML_DEPTH + 5))).toThrow(expect.objectContaining({ code: 'illformed' }));
  });
});

describe('absoluteUrl', () => {
  it('resolves relative links, drops fragments and refuses non-http schemes', () => {
    expect(absoluteUrl('/news/1/#top', 'http://government.ru/news/')).toBe('http://government.ru/news/1/');
    expect(absoluteUrl('javascript:alert(1)', 'https://x.ru/')).toBeNull();
    expect(absoluteUrl('data:text/html,x', 'https://x.ru/')).toBeNull();
    expect(absoluteUrl('  ', 'https://x.ru/')).toBeNull();
  });
});
