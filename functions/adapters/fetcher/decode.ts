/** Where the charset of a decoded body came from. */
export type CharsetSource = 'bom' | 'http' | 'xml-prolog' | 'meta' | 'detected' | 'default';

/** A body decoded from bytes. */
export interface DecodedBody {
  text: string;
  /** Canonical (WHATWG-style, lower case) name of the charset actually used. */
  charset: string;
  source: CharsetSource;
  /**
   * True when the result is doubtful: the declared charset produced replacement characters or
   * mojibake, declarations disagree, or the detector overrode what was declared or assumed.
   */
  encodingSuspect: boolean;
}

export interface DecodeOptions {
  /** The HTTP `Content-Type` header value, if any. */
  contentType?: string | undefined;
  /** Charset assumed when nothing is declared (the source's `charsetDefault`). */
  defaultCharset: string;
}

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
const CYRILLIC_SINGLE_BYTE = ['windows-1251', 'koi8-r', 'ibm866', 'iso-8859-5', 'x-mac-cyrillic', 'ibm855'] as const;

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

/** True when the bytes are well-formed UTF-8. */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function hasHighBytes(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return true;
  return false;
}

/**
 * Bytes 0x80–0xFF of single-byte encodings that are decoded by table: IBM855, which WHATWG (and so
 * `TextDecoder`) lacks, and windows-1252, whose 0x80–0x9F Node 20 decodes as C1 controls (it
 * treats the label as Latin-1).
 */
const HAND_TABLES: Record<string, string> = {
  ibm855:
    'ђЂѓЃёЁєЄѕЅіІїЇјЈљЉњЊћЋќЌўЎџЏюЮъЪаАбБцЦдДеЕфФгГ«»░▒▓│┤хХиИ╣║╗╝йЙ┐' +
    '└┴┬├─┼кК╚╔╩╦╠═╬¤лЛмМнНоОп┘┌█▄Пя▀ЯрРсСтТуУжЖвВьЬ№\u00ADыЫзЗшШэЭщЩчЧ§■\u00A0',
  'windows-1252':
    '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ' +
    Array.from({ length: 96 }, (_, i) => String.fromCharCode(0xa0 + i)).join(''),
};

/** Single-byte encodings decoded by table; the others' tables come from `TextDecoder` on first use. */
const TABLED = new Set([...CYRILLIC_SINGLE_BYTE, 'koi8-u', 'windows-1252']);
const tables = new Map<string, Uint16Array>();

/**
 * The 256 code units of a single-byte encoding. Bytes below 0x80 are ASCII in all of them (ICU's
 * IBM866 swaps three control characters, which WHATWG does not).
 */
function tableFor(charset: string): Uint16Array {
  let table = tables.get(charset);
  if (table) return table;
  const high = HAND_TABLES[charset] ?? new TextDecoder(charset).decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
  if (high.length !== 128) throw new Error(`the ${charset} table has ${high.length} entries, not 128`);
  table = new Uint16Array(256);
  for (let i = 0; i < 128; i++) table[i] = i;
  for (let i = 0; i < 128; i++) table[0x80 + i] = high.charCodeAt(i);
  tables.set(charset, table);
  return table;
}

function decodeSingleByte(bytes: Uint8Array, charset: string): string {
  const table = tableFor(charset);
  const parts: string[] = [];
  const units = new Uint16Array(Math.min(bytes.length, 8192));
  for (let start = 0; start < bytes.length; start += units.length) {
    const end = Math.min(start + units.length, bytes.length);
    for (let i = start; i < end; i++) units[i - start] = table[bytes[i]!]!;
    parts.push(String.fromCharCode(...units.subarray(0, end - start)));
  }
  return parts.join('');
}

/** Decodes bytes in a canonical charset (as {@link normalizeCharset} returns), with no detection. */
export function decodeWith(bytes: Uint8Array, charset: string): string {
  if (TABLED.has(charset)) return decodeSingleByte(bytes, charset);
  return new TextDecoder(charset).decode(bytes);
}

const RUSSIAN_LETTER = /[а-яёА-ЯЁ]/;
const RUSSIAN_LOWER = /[а-яё]/;
const COMMON_BIGRAMS = new Set(
  ('ст но то на ен ов ни ра во ко ро ре по пр ал ор ер ли ол ан ет ос та не ка ел ле ть ес ом од ла ит ат ог ри ск ' +
    'го он ме де ин ак ны ой ти ль ый об ем ев ие ви ча ва ам ие ся ил за ри тр ед ас ки мо ди ци ят ма ве ры')
    .split(' '),
);

/**
 * How much a text reads like Russian, from its non-ASCII characters: the share that are Russian
 * letters, the share of those in lower case, and the share of letter pairs that are common
 * Russian bigrams, less a penalty for upper-case letters inside lower-case words. Wrong single-byte Cyrillic decodings lose on at least one of the three.
 */
export function russianScore(text: string): number {
  let nonAscii = 0;
  let russian = 0;
  let lowerCount = 0;
  let pairs = 0;
  let common = 0;
  let anomalies = 0;
  let previous = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      previous = '';
      continue;
    }
    nonAscii++;
    if (RUSSIAN_LETTER.test(ch)) {
      russian++;
      // An upper-case letter right after a lower-case one is rare in Russian and common in misreadings.
      if (previous && !RUSSIAN_LOWER.test(ch)) anomalies++;
      if (RUSSIAN_LOWER.test(ch)) {
        lowerCount++;
        if (previous) {
          pairs++;
          if (COMMON_BIGRAMS.has(previous + ch)) common++;
        }
        previous = ch;
        continue;
      }
    }
    previous = '';
  }
  if (nonAscii === 0 || russian === 0) return 0;
  return russian / nonAscii + lowerCount / russian + (pairs ? common / pairs : 0) - (3 * anomalies) / russian;
}

/**
 * Picks the single-byte Cyrillic encoding under which the bytes read most like Russian. The
 * `preferred` encoding keeps its place unless another scores clearly better.
 */
export function detectCyrillic(bytes: Uint8Array, preferred: string): { charset: string; score: number } {
  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes;
  const preferredScore = (CYRILLIC_SINGLE_BYTE as readonly string[]).includes(preferred) ? russianScore(decodeWith(sample, preferred)) : -1;
  let best = { charset: preferred, score: preferredScore };
  for (const candidate of CYRILLIC_SINGLE_BYTE) {
    if (candidate === preferred) continue;
    const score = russianScore(decodeWith(sample, candidate));
    if (score > best.score + 0.03) best = { charset: candidate, score };
  }
  return best;
}

/** Below this {@link russianScore}, a single-byte Cyrillic reading is not trusted. */
const MIN_CYRILLIC_SCORE = 1.5;

/** UTF-8 Cyrillic read as windows-1251 ("Р Р°") or as Latin-1 ("Ð°"), in runs. */
const MOJIBAKE = /(?:[РС][\u0402-\u040F\u0452-\u045F\u2018-\u203A\u00A0-\u00BF\u0490\u0491\u2116\u20AC\u2122]){3,}|(?:[ÐÑ][\u0080-\u00BF]){3,}/;

/** True when a decoded text shows the usual signs of a wrong charset. */
export function looksMisdecoded(text: string): boolean {
  return text.includes('\uFFFD') || MOJIBAKE.test(text);
}

const isCyrillicSingleByte = (charset: string) => (CYRILLIC_SINGLE_BYTE as readonly string[]).includes(charset);

function finish(bytes: Uint8Array, charset: string, source: CharsetSource, suspect: boolean): DecodedBody {
  const text = decodeWith(bytes, charset);
  return { text, charset, source, encodingSuspect: suspect || looksMisdecoded(text) };
}

/**
 * Decodes a body from bytes: BOM, then the HTTP charset, then the XML declaration or the HTML
 * `<meta>` prescan (first 1024 bytes), then the source's default. A light detector checks the
 * result: bytes that are not UTF-8 despite a UTF-8 declaration fall back to the document's own
 * declaration or the best Cyrillic single-byte encoding; UTF-8 bytes under a legacy declaration
 * are read as UTF-8; a Cyrillic declaration that reads worse than another Cyrillic encoding is
 * replaced. Every such correction, and every disagreement between declarations, sets
 * `encodingSuspect`. Pure.
 */
export function decodeBody(bytes: Uint8Array, options: DecodeOptions): DecodedBody {
  const bom = sniffBom(bytes);
  if (bom) {
    const text = decodeWith(bytes.subarray(bom.length), bom.charset);
    return { text, charset: bom.charset, source: 'bom', encodingSuspect: looksMisdecoded(text) };
  }

  const httpLabel = charsetFromContentType(options.contentType);
  const http = normalizeCharset(httpLabel);
  const xmlLabel = xmlDeclaredEncoding(bytes);
  const documentCharset = xmlLabel !== null ? normalizeCharset(xmlLabel) : prescanMetaCharset(bytes);
  const documentSource: CharsetSource = xmlLabel !== null ? 'xml-prolog' : 'meta';
  const unknownLabel = (httpLabel !== null && http === null) || (xmlLabel !== null && documentCharset === null);
  const fallback = normalizeCharset(options.defaultCharset) ?? 'windows-1251';

  const declared = http ?? documentCharset;
  const declaredSource: CharsetSource = http ? 'http' : documentSource;
  const disagreement = http !== null && documentCharset !== null && http !== documentCharset;

  if (!hasHighBytes(bytes)) {
    return finish(bytes, declared && !declared.startsWith('utf-16') ? declared : 'utf-8', declared ? declaredSource : 'default', unknownLabel);
  }
  const validUtf8 = isValidUtf8(bytes);

  if (declared === 'utf-8') {
    if (validUtf8) return finish(bytes, 'utf-8', declaredSource, unknownLabel);
    if (documentCharset && documentCharset !== 'utf-8' && !documentCharset.startsWith('utf-16')) {
      return finish(bytes, documentCharset, documentSource, true);
    }
    const detected = detectCyrillic(bytes, fallback);
    // Broken UTF-8 that reads as no Cyrillic text stays UTF-8, with replacement characters.
    if (detected.score < MIN_CYRILLIC_SCORE) return finish(bytes, 'utf-8', declaredSource, true);
    return finish(bytes, detected.charset, 'detected', true);
  }

  if (declared !== null && !declared.startsWith('utf-16')) {
    if (validUtf8) return finish(bytes, 'utf-8', 'detected', true);
    if (isCyrillicSingleByte(declared)) {
      const detected = detectCyrillic(bytes, declared);
      if (detected.charset !== declared) {
        const source: CharsetSource = detected.charset === documentCharset ? documentSource : 'detected';
        return finish(bytes, detected.charset, source, true);
      }
    }
    return finish(bytes, declared, declaredSource, disagreement || unknownLabel);
  }

  if (declared !== null) return finish(bytes, declared, declaredSource, disagreement || unknownLabel);

  if (validUtf8) return finish(bytes, 'utf-8', 'detected', unknownLabel);
  if (isCyrillicSingleByte(fallback)) {
    const detected = detectCyrillic(bytes, fallback);
    if (detected.charset !== fallback) return finish(bytes, detected.charset, 'detected', true);
  }
  return finish(bytes, fallback, 'default', unknownLabel);
}
