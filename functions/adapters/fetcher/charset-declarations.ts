// Where a document says its charset: a byte-order mark, the HTTP Content-Type, the XML
// declaration, or an HTML <meta> (the WHATWG prescan), and the labels those may use.

/**
 * WHATWG Encoding Standard labels for the encodings this project can meet, plus IBM855, which
 * WHATWG lacks but Russian sites of the 2000s used. Keys are lower-case labels.
 */
const LABELS: Record<string, string> = {};
function labels(name: string, ...aliases: string[]): void {
  for (const alias of [name, ...aliases]) LABELS[alias] = name;
}
labels('utf-8', 'unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf8', 'x-unicode20utf8');
labels('utf-16le', 'csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16');
labels('utf-16be', 'unicodefffe');
labels('windows-1251', 'cp1251', 'x-cp1251', 'win-1251', 'win1251');
labels('koi8-r', 'cskoi8r', 'koi', 'koi8', 'koi8_r');
labels('koi8-u', 'koi8-ru');
labels('ibm866', '866', 'cp866', 'csibm866');
labels('ibm855', '855', 'cp855', 'csibm855');
labels('iso-8859-5', 'csisolatincyrillic', 'cyrillic', 'iso-ir-144', 'iso8859-5', 'iso88595', 'iso_8859-5', 'iso_8859-5:1988');
labels('x-mac-cyrillic', 'x-mac-ukrainian', 'maccyrillic', 'mac-cyrillic');
labels(
  'windows-1252',
  'ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100', 'iso8859-1',
  'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'x-cp1252',
);
labels('iso-8859-2', 'csisolatin2', 'iso-ir-101', 'iso8859-2', 'iso88592', 'iso_8859-2', 'iso_8859-2:1987', 'l2', 'latin2');
labels('iso-8859-15', 'csisolatin9', 'iso8859-15', 'iso885915', 'iso_8859-15', 'l9');
labels('windows-1250', 'cp1250', 'x-cp1250');
labels('shift_jis', 'csshiftjis', 'ms932', 'ms_kanji', 'shift-jis', 'sjis', 'windows-31j', 'x-sjis');
labels('euc-jp', 'cseucpkdfmtjapanese', 'x-euc-jp');
labels('iso-2022-jp', 'csiso2022jp');
labels('gbk', 'chinese', 'csgb2312', 'csiso58gb231280', 'gb2312', 'gb_2312', 'gb_2312-80', 'iso-ir-58', 'x-gbk');
labels('gb18030');
labels('big5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5');
labels('euc-kr', 'cseuckr', 'csksc56011987', 'iso-ir-149', 'korean', 'ks_c_5601-1987', 'ks_c_5601-1989', 'ksc5601', 'ksc_5601', 'windows-949');

/** Single-byte Cyrillic encodings the detector chooses among. */
export const CYRILLIC_SINGLE_BYTE = ['windows-1251', 'koi8-r', 'ibm866', 'iso-8859-5', 'x-mac-cyrillic', 'ibm855'] as const;

/**
 * Resolves a charset label to its canonical lower-case name, or null when neither the table above
 * nor the platform's WHATWG `TextDecoder` knows it.
 */
export function normalizeCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const key = label.trim().toLowerCase();
  if (!key) return null;
  const known = LABELS[key];
  if (known) return known;
  if (!/^[a-z0-9._:-]+$/.test(key)) return null;
  try {
    return new TextDecoder(key).encoding;
  } catch {
    return null;
  }
}

/** The charset named by a BOM, and the BOM's length. */
export function sniffBom(bytes: Uint8Array): { charset: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { charset: 'utf-8', length: 3 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: 'utf-16be', length: 2 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: 'utf-16le', length: 2 };
  return null;
}

/** The `charset` parameter of a Content-Type value (raw label), if any. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("([^"]*)"|'([^']*)'|[^\s;]+)/i.exec(contentType);
  if (!match) return null;
  return (match[2] ?? match[3] ?? match[1] ?? '').trim() || null;
}

const latin1 = (bytes: Uint8Array, end = bytes.length) => Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(end, bytes.length)).toString('latin1');

/** The `encoding` pseudo-attribute of an XML declaration at the start of the document (raw label). */
export function xmlDeclaredEncoding(bytes: Uint8Array): string | null {
  const head = latin1(bytes, 1024);
  const match = /^\s*<\?xml\s[^?>]*?encoding\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(head);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

const isSpace = (b: number | undefined) => b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d || b === 0x20;
const lower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 0x20 : b);

/** HTML "get an attribute" from the prescan algorithm; returns the attribute and the next position. */
function getAttribute(bytes: Uint8Array, start: number, end: number): { name: string; value: string; pos: number } | null {
  let pos = start;
  while (pos < end && (isSpace(bytes[pos]) || bytes[pos] === 0x2f)) pos++;
  if (pos >= end || bytes[pos] === 0x3e) return null;
  let name = '';
  let value = '';
  for (;;) {
    if (pos >= end) return null;
    const b = bytes[pos]!;
    if (b === 0x3d && name !== '') {
      pos++;
      break;
    }
    if (isSpace(b)) {
      while (pos < end && isSpace(bytes[pos])) pos++;
      if (bytes[pos] !== 0x3d) return { name, value: '', pos };
      pos++;
      break;
    }
    if (b === 0x2f || b === 0x3e) return { name, value: '', pos };
    name += String.fromCharCode(lower(b));
    pos++;
  }
  while (pos < end && isSpace(bytes[pos])) pos++;
  if (pos >= end) return null;
  const quote = bytes[pos]!;
  if (quote === 0x22 || quote === 0x27) {
    pos++;
    while (pos < end && bytes[pos] !== quote) value += String.fromCharCode(lower(bytes[pos++]!));
    if (pos >= end) return null;
    return { name, value, pos: pos + 1 };
  }
  if (quote === 0x3e) return { name, value: '', pos };
  while (pos < end && !isSpace(bytes[pos]) && bytes[pos] !== 0x3e) value += String.fromCharCode(lower(bytes[pos++]!));
  if (pos >= end) return null;
  return { name, value, pos };
}

/** HTML "extract a character encoding from a meta element" (the `content` attribute's charset). */
function charsetFromMetaContent(content: string): string | null {
  let from = 0;
  for (;;) {
    const at = content.indexOf('charset', from);
    if (at < 0) return null;
    let pos = at + 7;
    while (pos < content.length && /[\t\n\f\r ]/.test(content[pos]!)) pos++;
    if (content[pos] !== '=') {
      from = pos;
      continue;
    }
    pos++;
    while (pos < content.length && /[\t\n\f\r ]/.test(content[pos]!)) pos++;
    const q = content[pos];
    if (q === '"' || q === "'") {
      const close = content.indexOf(q, pos + 1);
      return close < 0 ? null : content.slice(pos + 1, close);
    }
    const rest = content.slice(pos);
    const token = /^[^\t\n\f\r ;]+/.exec(rest);
    return token ? token[0] : null;
  }
}

/**
 * The HTML5 prescan (WHATWG "prescan a byte stream to determine its encoding") over the first
 * 1024 bytes: returns the canonical charset named by a `<meta>` element, or null.
 */
export function prescanMetaCharset(bytes: Uint8Array): string | null {
  const end = Math.min(bytes.length, 1024);
  let pos = 0;
  const startsWith = (p: number, s: string) => {
    for (let i = 0; i < s.length; i++) if (p + i >= end || lower(bytes[p + i]!) !== s.charCodeAt(i)) return false;
    return true;
  };
  while (pos < end) {
    if (startsWith(pos, '<!--')) {
      let close = pos + 2;
      while (close < end && !(bytes[close] === 0x2d && bytes[close + 1] === 0x2d && bytes[close + 2] === 0x3e)) close++;
      pos = close + 3;
      continue;
    }
    if (startsWith(pos, '<meta') && (isSpace(bytes[pos + 5]) || bytes[pos + 5] === 0x2f)) {
      pos += 6;
      const seen = new Set<string>();
      let gotPragma = false;
      let needPragma: boolean | null = null;
      let charset: string | null = null;
      for (;;) {
        const attr = getAttribute(bytes, pos, end);
        if (!attr) break;
        pos = attr.pos;
        if (seen.has(attr.name)) continue;
        seen.add(attr.name);
        if (attr.name === 'http-equiv') {
          if (attr.value === 'content-type') gotPragma = true;
        } else if (attr.name === 'content') {
          const found = charsetFromMetaContent(attr.value);
          if (found !== null && charset === null) {
            charset = found;
            needPragma = true;
          }
        } else if (attr.name === 'charset') {
          charset = attr.value;
          needPragma = false;
        }
      }
      if (needPragma === null || (needPragma && !gotPragma) || charset === null) continue;
      let resolved = normalizeCharset(charset);
      if (resolved === null) continue;
      if (resolved === 'utf-16le' || resolved === 'utf-16be') resolved = 'utf-8';
      return resolved;
    }
    if (bytes[pos] === 0x3c && ((bytes[pos + 1] === 0x2f && isLetter(bytes[pos + 2])) || isLetter(bytes[pos + 1]))) {
      pos += bytes[pos + 1] === 0x2f ? 2 : 1;
      while (pos < end && !isSpace(bytes[pos]) && bytes[pos] !== 0x3e) pos++;
      for (;;) {
        const attr = getAttribute(bytes, pos, end);
        if (!attr) break;
        pos = attr.pos;
      }
      pos++;
      continue;
    }
    if (bytes[pos] === 0x3c && (bytes[pos + 1] === 0x21 || bytes[pos + 1] === 0x2f || bytes[pos + 1] === 0x3f)) {
      while (pos < end && bytes[pos] !== 0x3e) pos++;
      pos++;
      continue;
    }
    pos++;
  }
  return null;
}

function isLetter(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
}
