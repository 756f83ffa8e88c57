import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, normalizeCharset, prescanMetaCharset, sniffBom, xmlDeclaredEncoding } from '../../../functions/adapters/fetcher/charset-declarations.js';
import { decodeWith } from '../../../functions/adapters/fetcher/charset-detection.js';
import { decodeBody } from '../../../functions/adapters/fetcher/decode.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const corpora = path.resolve(repoRoot, '..', 'shared', 'corpora');
const hasCorpora = existsSync(corpora);

const SAMPLE =
  'Правительство области отобрало практику поддержки сельских библиотек для тиражирования в других регионах. ' +
  'Опыт признан лучшим, его рекомендуют применять на местах.';
const feed = (encodingDecl: string | null) =>
  `${encodingDecl ? `<?xml version="1.0" encoding="${encodingDecl}"?>` : ''}<rss version="2.0"><channel><title>Новости</title>` +
  `<item><title>Практика</title><description>${SAMPLE}</description></item></channel></rss>`;
const encode = (text: string, charset: string) => new Uint8Array(iconv.encode(text, charset));

const RUSSIAN_WORDS = /(?<![а-яё])(и|в|на|не|что|с|по|для|от|из|это|как|к|о|за|у|а)(?![а-яё])/gi;

/** Readable Russian: no U+FFFD, no mojibake runs, almost only Russian letters outside ASCII, mostly lower case. */
export function readableRussian(text: string): boolean {
  if (text.includes('\uFFFD')) return false;
  if (/(?:[ÐÑ][\u0080-\u00BF]){3,}|(?:[РС][\u0402-\u040F\u0452-\u045F\u2018-\u203A\u00A0-\u00BF]){3,}/.test(text)) return false;
  const letters = text.match(/[^\P{L}a-zA-Z]/gu) ?? [];
  const russian = letters.filter((c) => /[а-яёА-ЯЁ]/.test(c));
  const lower = russian.filter((c) => /[а-яё]/.test(c)).length;
  return russian.length >= 20 && russian.length / letters.length >= 0.9 && lower / russian.length >= 0.5 && (text.match(RUSSIAN_WORDS) ?? []).length >= 1;
}

describe('decode: declarations', () => {
  it('normalises WHATWG labels and rejects unknown ones', () => {
    expect(normalizeCharset('CP1251')).toBe('windows-1251');
    expect(normalizeCharset('ISO-8859-1')).toBe('windows-1252');
    expect(normalizeCharset('MacCyrillic')).toBe('x-mac-cyrillic');
    expect(normalizeCharset('IBM855')).toBe('ibm855');
    expect(normalizeCharset('no-such-charset')).toBeNull();
    expect(normalizeCharset('iso8859-2"')).toBeNull();
  });

  it('reads BOM, header charset and XML declaration', () => {
    expect(sniffBom(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c]))).toEqual({ charset: 'utf-8', length: 3 });
    expect(sniffBom(new Uint8Array([0xff, 0xfe, 0x3c, 0]))?.charset).toBe('utf-16le');
    expect(charsetFromContentType('text/html; charset="Windows-1251"')).toBe('Windows-1251');
    expect(charsetFromContentType('application/rss+xml')).toBeNull();
    expect(xmlDeclaredEncoding(Buffer.from("<?xml version='1.0' encoding='koi8-r'?><rss/>"))).toBe('koi8-r');
  });

  it('finds <meta charset> and http-equiv within the first 1024 bytes only', () => {
    expect(prescanMetaCharset(Buffer.from('<html><head><meta charset="windows-1251"></head>'))).toBe('windows-1251');
    expect(prescanMetaCharset(Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'))).toBe('koi8-r');
    expect(prescanMetaCharset(Buffer.from('<meta content="text/html; charset=koi8-r">'))).toBeNull();
    expect(prescanMetaCharset(Buffer.from(`<!-- ${'x'.repeat(1100)} --><meta charset="koi8-r">`))).toBeNull();
    expect(prescanMetaCharset(Buffer.from('<!-- <meta charset="koi8-r"> --><meta charset="utf-16">'))).toBe('utf-8');
  });
});

describe('decode: single-byte tables', () => {
  const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const codePoints = (text: string) => [...text].map((ch) => ch.codePointAt(0)!);

  // iconv-lite is an independent reference here; where it departs from the WHATWG Encoding
  // Standard (undefined bytes as U+FFFD, the older Mac Cyrillic), WHATWG wins.
  it.each([
    ['ibm855', 'cp855', {}],
    ['ibm866', 'cp866', {}],
    ['koi8-r', 'koi8-r', {}],
    ['koi8-u', 'koi8-u', {}],
    ['iso-8859-5', 'iso-8859-5', {}],
    ['windows-1251', 'windows-1251', { 0x98: 0x98 }],
    ['x-mac-cyrillic', 'maccyrillic', { 0xa2: 0x490, 0xb6: 0x491, 0xff: 0x20ac }],
    ['windows-1252', 'windows-1252', { 0x81: 0x81, 0x8d: 0x8d, 0x8f: 0x8f, 0x90: 0x90, 0x9d: 0x9d }],
  ] as const)('decodes all 256 bytes of %s as the reference does', (charset, reference, whatwg: Record<number, number>) => {
    const expected = codePoints(iconv.decode(Buffer.from(allBytes), reference)).map((cp, byte) => whatwg[byte] ?? cp);
    expect(codePoints(decodeWith(allBytes, charset))).toEqual(expected);
  });

  it('reads windows-1252 0x80–0x9F as punctuation, not as C1 controls', () => {
    expect(decodeWith(new Uint8Array([0x80, 0x85, 0x92, 0x93, 0x94, 0x96, 0x99, 0x9f]), 'windows-1252')).toBe('€…’“”–™Ÿ');
    expect(decodeBody(new Uint8Array([0x93, 0x61, 0x94]), { contentType: 'text/html; charset=ISO-8859-1', defaultCharset: 'windows-1251' }).text).toBe('“a”');
  });

  it('knows WHATWG labels beyond its own table through TextDecoder', () => {
    expect(normalizeCharset('ISO-8859-7')).toBe('iso-8859-7');
    expect(normalizeCharset('windows-874')).toBe('windows-874');
    expect(normalizeCharset('x-mac-roman')).toBe('macintosh');
    expect(decodeWith(new Uint8Array([0xe1, 0xe2]), 'iso-8859-7')).toBe('αβ');
    expect(decodeWith(new Uint8Array([0x82, 0xa0]), 'shift_jis')).toBe('あ');
  });
});

describe('decode: bytes to text', () => {
  it('decodes windows-1251 with no declaration using the source default', () => {
    const decoded = decodeBody(encode(feed(null), 'windows-1251'), { defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'windows-1251', source: 'default', encodingSuspect: false });
    expect(decoded.text).toContain(SAMPLE);
  });

  it('prefers the HTTP charset over the default', () => {
    const decoded = decodeBody(encode(feed(null), 'koi8-r'), { contentType: 'text/xml; charset=KOI8-R', defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'koi8-r', source: 'http', encodingSuspect: false });
    expect(decoded.text).toContain(SAMPLE);
  });

  it('lets the BOM win over a contradicting declaration', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(feed('windows-1251'))]);
    const decoded = decodeBody(bytes, { contentType: 'text/xml; charset=windows-1251', defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'utf-8', source: 'bom' });
    expect(decoded.text.startsWith('<?xml')).toBe(true);
    expect(decoded.text).toContain(SAMPLE);
  });

  it('falls back to the document declaration and flags when a UTF-8 header lies about cp1251 bytes', () => {
    const decoded = decodeBody(encode(feed('windows-1251'), 'windows-1251'), { contentType: 'application/rss+xml; charset=utf-8', defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'windows-1251', encodingSuspect: true });
    expect(decoded.text).toContain(SAMPLE);
  });

  it('detects cp1251 bytes declared as UTF-8 with no other declaration, and flags it', () => {
    const decoded = decodeBody(encode(feed('utf-8'), 'windows-1251'), { defaultCharset: 'utf-8' });
    expect(decoded).toMatchObject({ charset: 'windows-1251', source: 'detected', encodingSuspect: true });
    expect(decoded.text).toContain(SAMPLE);
  });

  it('reads UTF-8 bytes declared as windows-1251 as UTF-8, flagged', () => {
    const decoded = decodeBody(Buffer.from(feed('windows-1251')), { defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'utf-8', encodingSuspect: true });
    expect(decoded.text).toContain(SAMPLE);
  });

  it('replaces a Cyrillic declaration that reads worse than another Cyrillic encoding, flagged', () => {
    const decoded = decodeBody(encode(feed(null), 'koi8-r'), { contentType: 'text/xml; charset=windows-1251', defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'koi8-r', source: 'detected', encodingSuspect: true });
    expect(decoded.text).toContain(SAMPLE);
  });

  it('keeps broken UTF-8 without Cyrillic as UTF-8 with replacement characters, flagged', () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?><rss><title>ok '), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('</title></rss>')]);
    const decoded = decodeBody(bytes, { defaultCharset: 'windows-1251' });
    expect(decoded).toMatchObject({ charset: 'utf-8', encodingSuspect: true });
    expect(decoded.text).toContain('\uFFFD');
  });
});

describe.skipIf(!hasCorpora)('decode: third-party corpora (../shared/corpora)', () => {
  const chardet = path.join(corpora, 'chardet', 'tests');
  const cyrillicFolders = ['windows-1251-russian', 'KOI8-R', 'IBM866', 'IBM855', 'iso-8859-5-russian', 'MacCyrillic'];

  it('reads ≥ 98 of the non-UTF-8 Russian chardet samples, and flags every other one', () => {
    let total = 0;
    let feeds = 0;
    let readable = 0;
    let readableFeeds = 0;
    let flagged = 0;
    const unflaggedFailures: string[] = [];
    for (const folder of cyrillicFolders) {
      for (const name of readdirSync(path.join(chardet, folder))) {
        const decoded = decodeBody(readFileSync(path.join(chardet, folder, name)), { defaultCharset: 'windows-1251' });
        const ok = readableRussian(decoded.text);
        total++;
        if (name.endsWith('.xml')) feeds++;
        if (ok) {
          readable++;
          if (name.endsWith('.xml')) readableFeeds++;
        } else if (decoded.encodingSuspect) flagged++;
        else unflaggedFailures.push(`${folder}/${name} → ${decoded.charset}`);
      }
    }
    console.info(`chardet Russian non-UTF-8: ${readable}/${total} files readable (${readableFeeds}/${feeds} XML feeds), ${flagged} unreadable but flagged`);
    expect(feeds).toBeGreaterThanOrEqual(100);
    expect(readableFeeds).toBeGreaterThanOrEqual(feeds - 3);
    expect(unflaggedFailures).toEqual([]);
  });

  it('reads the same samples with their declarations removed (detector alone), flagging every override', () => {
    let total = 0;
    let readable = 0;
    const unflaggedFailures: string[] = [];
    for (const folder of cyrillicFolders) {
      for (const name of readdirSync(path.join(chardet, folder)).filter((n) => n.endsWith('.xml'))) {
        const raw = readFileSync(path.join(chardet, folder, name));
        const stripped = Buffer.from(raw.toString('latin1').replace(/\sencoding\s*=\s*["'][^"']*["']/, ''), 'latin1');
        const decoded = decodeBody(stripped, { defaultCharset: 'windows-1251' });
        total++;
        if (readableRussian(decoded.text)) readable++;
        else if (!decoded.encodingSuspect) unflaggedFailures.push(`${folder}/${name} → ${decoded.charset}`);
        if (folder !== 'windows-1251-russian' && decoded.charset !== 'windows-1251') expect(decoded.encodingSuspect).toBe(true);
      }
    }
    console.info(`chardet Russian non-UTF-8 without declarations: ${readable}/${total} readable`);
    expect(readable).toBeGreaterThanOrEqual(total - 3);
    expect(unflaggedFailures).toEqual([]);
  });

  it('decodes the UTF-8 chardet samples as UTF-8', () => {
    const names = readdirSync(path.join(chardet, 'utf-8'));
    const charsets = names.map((name) => decodeBody(readFileSync(path.join(chardet, 'utf-8', name)), { defaultCharset: 'windows-1251' }).charset);
    expect(charsets.filter((c) => c !== 'utf-8')).toEqual([]);
  });

  it('handles the generated ru_* cases as MANIFEST.tsv expects', () => {
    const generated = path.join(corpora, 'generated');
    const manifest = readFileSync(path.join(generated, 'MANIFEST.tsv'), 'utf8').split('\n').slice(1).filter(Boolean);
    const headerOf = (file: string) => {
      const row = manifest.find((line) => line.startsWith(`${file}\t`));
      const header = row?.split('\t')[2] ?? '';
      return /^Content-Type:\s*(.*)$/i.exec(header)?.[1];
    };
    const results = readdirSync(generated)
      .filter((name) => name.startsWith('ru_'))
      .map((name) => ({ name, decoded: decodeBody(readFileSync(path.join(generated, name)), { contentType: headerOf(name), defaultCharset: 'windows-1251' }) }));
    expect(results.length).toBe(6);
    for (const { name, decoded } of results) {
      expect(readableRussian(decoded.text), name).toBe(true);
    }
    const byName = Object.fromEntries(results.map((r) => [r.name, r.decoded]));
    expect(byName['ru_cp1251_no_decl.xml']).toMatchObject({ charset: 'windows-1251', encodingSuspect: false });
    expect(byName['ru_utf8_bom_then_cp1251_decl.xml']).toMatchObject({ charset: 'utf-8', source: 'bom' });
    for (const conflicted of ['ru_cp1251_bytes_declared_utf8.xml', 'ru_utf8_bytes_declared_cp1251.xml', 'ru_cp1251_header_says_utf8.xml', 'ru_koi8r_header_says_cp1251.xml']) {
      expect(byName[conflicted]?.encodingSuspect, conflicted).toBe(true);
    }
    console.info(`generated ru_*: ${results.filter((r) => readableRussian(r.decoded.text)).length}/${results.length} readable`);
  });

  it("decodes Miniflux's windows-1251 feed", () => {
    const decoded = decodeBody(readFileSync(path.join(corpora, 'miniflux', 'internal', 'reader', 'parser', 'testdata', 'encoding_WINDOWS-1251.xml')), { defaultCharset: 'windows-1251' });
    expect(decoded.charset).toBe('windows-1251');
    expect(readableRussian(decoded.text)).toBe(true);
  });

  it('agrees with html5lib-tests encoding prescan cases (except >1024-byte and scripted ones)', () => {
    let pass = 0;
    let total = 0;
    const failures: string[] = [];
    for (const file of ['tests1.dat', 'tests2.dat', 'test-yahoo-jp.dat']) {
      const raw = readFileSync(path.join(corpora, 'html5lib-tests', 'encoding', file), 'latin1');
      for (const block of raw.split(/^#data\n/m).slice(1)) {
        const [data = '', encoding = ''] = block.split(/^#encoding\n/m);
        const expected = normalizeCharset(encoding.trim().split('\n')[0]);
        const bytes = Buffer.from(data.replace(/\n$/, ''), 'latin1');
        const got = sniffBom(bytes)?.charset ?? prescanMetaCharset(bytes) ?? 'windows-1252';
        total++;
        if (got === expected) pass++;
        else failures.push(data.slice(0, 40));
      }
    }
    console.info(`html5lib encoding prescan: ${pass}/${total} (failures need more than 1024 bytes or a script: ${failures.length})`);
    // The misses declare the charset after 1024 bytes (browsers may scan further) or inside a script.
    expect(failures.every((head) => /^<!-- (\d+) characters|multi-script/.test(head))).toBe(true);
    expect(pass).toBeGreaterThanOrEqual(total - 7);
  });
});
