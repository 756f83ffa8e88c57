import { readFileSync, statSync } from 'node:fs';
import { looksMisdecoded } from '../adapters/fetcher/charset-detection.js';
import { decodeBody, type DecodedBody } from '../adapters/fetcher/decode.js';
import { NonRetryableError } from '../core/errors.js';

/** How `npm run cli -- extract` reads a file: the limits and default the fetcher would apply. */
export interface ReadDocumentOptions {
  /** The fetcher's body cap for the source (its `politeness.maxBodyBytes`, else the fetcher default). */
  maxBytes: number;
  /** Charset assumed when nothing in the bytes says one (the source's `charsetDefault`). */
  defaultCharset: string;
}

/** C0 controls other than tab, newline, carriage return and form feed, DEL and the C1 block. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F-\u009F]/g;
/** Text, markup included, carries next to no control characters; binary data carries about one byte in eight. */
const MAX_CONTROL_SHARE = 0.01;
const SAMPLE_CHARS = 65_536;

/**
 * Reads a document file as the fetcher reads a body: refused as `too_large` above the fetcher's cap
 * (before reading it), decoded with the fetcher's own {@link decodeBody} (BOM, then the XML prolog
 * or `<meta>` prescan, then detection; there is no HTTP header), then refused when it is not text:
 * `illformed` when control characters show binary data, `encoding_suspect` when no charset reads it
 * cleanly. A doubtful but clean reading (a declaration the bytes contradict) is returned with
 * `encodingSuspect` set, as the fetcher returns it.
 */
export function readDocumentFile(file: string, options: ReadDocumentOptions): DecodedBody {
  const context = { file };
  const size = statSync(file).size;
  if (size > options.maxBytes) {
    throw new NonRetryableError('too_large', `${file} is ${size} bytes, more than the fetcher's cap of ${options.maxBytes}`, { ...context, maxBodyBytes: options.maxBytes });
  }
  const bytes = readFileSync(file);
  if (bytes.length === 0) throw new NonRetryableError('illformed', `${file} is empty`, context);
  const decoded = decodeBody(bytes, { defaultCharset: options.defaultCharset });
  const sample = decoded.text.slice(0, SAMPLE_CHARS);
  const controls = sample.match(CONTROL)?.length ?? 0;
  if (controls > sample.length * MAX_CONTROL_SHARE) {
    const share = ((100 * controls) / sample.length).toFixed(1);
    throw new NonRetryableError('illformed', `${file} is not text: ${share}% control characters when read as ${decoded.charset}`, { ...context, charset: decoded.charset });
  }
  if (decoded.encodingSuspect && looksMisdecoded(decoded.text)) {
    throw new NonRetryableError('encoding_suspect', `${file} reads garbled in every charset tried (best: ${decoded.charset}, ${decoded.source})`, { ...context, charset: decoded.charset });
  }
  return decoded;
}
