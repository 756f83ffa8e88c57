import { describe, expect, it } from 'vitest';
import { fragmentToText, normaliseText } from '../../../functions/sources/shared/text.js';

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
