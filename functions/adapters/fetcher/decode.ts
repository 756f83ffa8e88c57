import { charsetFromContentType, CYRILLIC_SINGLE_BYTE, normalizeCharset, prescanMetaCharset, sniffBom, xmlDeclaredEncoding } from './charset-declarations.js';
import { decodeWith, detectCyrillic, hasHighBytes, isValidUtf8, looksMisdecoded, MIN_CYRILLIC_SCORE } from './charset-detection.js';

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
