import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getSource } from '../../../functions/sources/registry.js';
import { describeSourceFixtures, fixtureDir } from '../support/fixtures.js';
import { hasShared, sharedDir } from '../support/paths.js';

const asiRu = getSource('asi-ru');

describeSourceFixtures(asiRu, [
  { file: 'garbled-page.html', url: asiRu.entryPoints[0]!.url, as: 'listing' },
  { file: 'garbled-page.html', url: 'https://asi.ru/news/201500/', as: 'article' },
]);

describe('asi-ru', () => {
  it('keeps its fixtures in windows-1251, as the site declares, and defaults to that charset', () => {
    const bytes = readFileSync(path.join(fixtureDir('asi-ru'), 'news-list.html'));
    expect(bytes.includes(Buffer.from('Новости', 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from([0xcd, 0xee, 0xe2, 0xee, 0xf1, 0xf2, 0xe8]))).toBe(true);
    expect(asiRu.charsetDefault).toBe('windows-1251');
  });

  const capture = path.join(sharedDir, 'realdata', 'asi', 'asi.ru_homepage_2018-03-17_HEAD_EXCERPT.html');
  it.skipIf(!hasShared('realdata', 'asi', path.basename(capture)))('matches the charset the real 2018 capture declares', () => {
    const declared = /<meta[^>]+charset="?([\w-]+)/i.exec(readFileSync(capture, 'utf8'))?.[1];
    expect(declared?.toLowerCase()).toBe(asiRu.charsetDefault);
  });
});
