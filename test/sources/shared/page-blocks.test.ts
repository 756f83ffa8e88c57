import { load } from 'cheerio/slim';
import { describe, expect, it } from 'vitest';
import { segmentBlocks } from '../../../functions/sources/shared/page-blocks.js';

const blocksOf = (html: string, options = {}) => {
  const $ = load(html);
  return segmentBlocks($('body').get(0)!, options);
};

describe('segmentBlocks', () => {
  it('cuts text at block elements and <br>, keeps inline elements in their paragraph and joins table cells with a space', () => {
    const blocks = blocksOf('<body><div>Текст <b>жирный</b> и <a href="/x">ссылка</a><br>после<p>абзац</p><table><tr><td>HD</td><td>225.86</td></tr></table></div></body>');
    expect(blocks.map((b) => b.text)).toEqual(['Текст жирный и ссылка', 'после', 'абзац', 'HD 225.86']);
    expect(blocks[0]!.linkChars).toBe('ссылка'.length);
    expect(blocks.map((b) => b.element.name)).toEqual(['div', 'div', 'p', 'tr']);
  });

  it('leaves out invisible and hidden elements and whatever `skip` says', () => {
    const blocks = blocksOf(
      '<body><p>видно<script>var x</script></p><p hidden>скрыто</p><p style="display: none">скрыто</p><div aria-hidden="true">скрыто</div><p>имя<span class="tooltip">подсказка</span></p></body>',
      { skip: (e: { attribs: Record<string, string> }) => e.attribs.class === 'tooltip' },
    );
    expect(blocks.map((b) => b.text)).toEqual(['видно', 'имя']);
  });

  it('sets `standalone` inline elements apart as their own paragraph', () => {
    const blocks = blocksOf('<body><div><span class="news-date-time">14.03.2024</span> Текст новости.</div></body>', {
      standalone: (e: { attribs: Record<string, string> }) => /date/.test(e.attribs.class ?? ''),
    });
    expect(blocks.map((b) => b.text)).toEqual(['14.03.2024', 'Текст новости.']);
  });

  it('walks 20,000 nested elements without overflowing the stack', () => {
    const blocks = blocksOf(`<body>${'<div>'.repeat(20_000)}глубоко${'</div>'.repeat(20_000)}</body>`);
    expect(blocks.map((b) => b.text)).toEqual(['глубоко']);
  });
});
