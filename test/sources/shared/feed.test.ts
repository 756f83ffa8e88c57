import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../functions/core/errors.js';
import { parseFeed } from '../../../functions/sources/shared/feed.js';

async function codeOf(text: string): Promise<string> {
  try {
    await parseFeed(text, { sourceId: 'test' });
    return 'ok';
  } catch (error) {
    return error instanceof PipelineError ? error.code : `unlabelled ${String(error)}`;
  }
}

describe('parseFeed', () => {
  it('reads RSS 2.0 items as text, keeping the printed date', async () => {
    const feed = await parseFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
      <item><title>A &amp;laquo;b&amp;raquo;\u00AD</title><link> https://x.ru/1 </link><description><![CDATA[<p>Lead&nbsp;<i>text</i></p>]]></description>
      <pubDate>Tue, 10 Oct 2023 14:30:00 +0300</pubDate><category>Экономика</category><enclosure url="https://x.ru/1.jpg" type="image/jpeg"/></item></channel></rss>`);
    expect(feed.items).toEqual([
      {
        link: 'https://x.ru/1',
        title: 'A «b»',
        summary: 'Lead text',
        contentHtml: null,
        publishedRaw: 'Tue, 10 Oct 2023 14:30:00 +0300',
        author: null,
        categories: ['Экономика'],
        enclosures: ['https://x.ru/1.jpg'],
        id: null,
      },
    ]);
  });

  it('reads Atom entries with raw offsets and full content, and survives a bad date', async () => {
    const feed = await parseFeed(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>E</title><link href="http://kremlin.ru/a/1"/>
      <published>2018-03-16T14:00:00+04:00</published><content type="html">&lt;p&gt;Body&lt;/p&gt;</content><summary>S</summary><category term="Госсовет"/></entry>
      <entry><title>Bad date</title><link href="http://kremlin.ru/a/2"/><published>not a date</published></entry></feed>`);
    expect(feed.items[0]).toMatchObject({ publishedRaw: '2018-03-16T14:00:00+04:00', contentHtml: '<p>Body</p>', summary: 'S', categories: ['Госсовет'] });
    expect(feed.items[1]).toMatchObject({ title: 'Bad date', publishedRaw: 'not a date' });
  });

  it('reads RSS without a version attribute and RSS 1.0', async () => {
    expect((await parseFeed('<rss><channel><item><title>x</title><link>https://x.ru/</link></item></channel></rss>')).items).toHaveLength(1);
    const rdf = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>c</title></channel><item><title>i</title><link>https://x.ru/i</link></item></rdf:RDF>`;
    expect((await parseFeed(rdf)).items[0]?.link).toBe('https://x.ru/i');
  });

  it('treats an empty but valid RSS document as a feed without items (rss-parser throws a TypeError there)', async () => {
    expect(await parseFeed('<rss version="2.0"></rss>')).toEqual({ title: null, items: [] });
  });

  it.each([
    ['an empty body', ''],
    ['whitespace only', '  \n '],
    ['an HTML error page served with 200', '<!DOCTYPE html><html><head><title>503</title></head><body>Maintenance</body></html>'],
    ['an HTML page after an XML declaration', '<?xml version="1.0"?>\n<html><body>x</body></html>'],
    ['plain text', 'Service unavailable'],
    ['JSON', '{"items": []}'],
    ['another XML vocabulary', '<?xml version="1.0"?><sitemap><url/></sitemap>'],
  ])('labels %s not_a_feed', async (_label, text) => {
    expect(await codeOf(text)).toBe('not_a_feed');
  });

  it.each([
    ['truncated XML', '<rss version="2.0"><channel><item><title>a</title>'],
    ['mismatched tags', '<rss version="2.0"><channel><item></channel></item></rss>'],
    ['an entity neither XML nor HTML defines', '<rss version="2.0"><channel><title>a &foo; b</title></channel></rss>'],
    ['an entity expansion bomb', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title></channel></rss>'],
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>'],
  ])('labels %s illformed', async (_label, text) => {
    expect(await codeOf(text)).toBe('illformed');
  });

  it('decodes HTML entities that XML does not define, as Russian feeds use them', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><item><title>a &nbsp; &laquo;b&raquo;</title><link>https://x.ru/</link></item></channel></rss>');
    expect(feed.items[0]?.title).toBe('a «b»');
  });

  it('does not pollute Object.prototype through __proto__ element names', async () => {
    await parseFeed('<rss version="2.0"><channel><item><__proto__><polluted>yes</polluted></__proto__><title>t</title><link>https://x.ru/</link></item></channel></rss>').catch(() => undefined);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps the context on the error for the boundary log', async () => {
    await expect(parseFeed('<html></html>', { sourceId: 'kremlin-ru', url: 'http://kremlin.ru/events/all/feed' })).rejects.toMatchObject({
      code: 'not_a_feed',
      context: { sourceId: 'kremlin-ru', url: 'http://kremlin.ru/events/all/feed' },
    });
  });
});
