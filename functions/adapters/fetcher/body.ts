import type { IncomingMessage } from 'node:http';
import { Readable, Writable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';
import { NonRetryableError, type ErrorContext } from '../../core/errors.js';

// Reading a response body: decompression (gzip, deflate in both framings, br), a cap counted after
// decompression so that a bomb stops at the cap, and dropping bodies nobody needs.

/**
 * Drops a body we do not need. An empty one is drained, so that its connection goes back to the
 * pool; any other is cut off with its connection.
 */
export function discard(response: IncomingMessage): void {
  response.on('error', () => undefined);
  if (response.complete || response.statusCode === 304 || response.headers['content-length'] === '0') response.resume();
  else response.destroy();
}

/** Response headers as one lower-case string each (repeated headers joined). */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Counts bytes after decompression and stops the stream once the cap is passed. */
class CapCollector extends Writable {
  readonly chunks: Buffer[] = [];
  total = 0;

  constructor(
    private readonly cap: number,
    private readonly context: ErrorContext,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.total += chunk.length;
    if (this.total > this.cap) {
      callback(new NonRetryableError('too_large', `body exceeds the cap of ${this.cap} bytes after decompression`, { ...this.context, maxBodyBytes: this.cap }));
      return;
    }
    this.chunks.push(chunk);
    callback();
  }
}

/** The first chunk of a stream, put back so that the stream still yields it; null at a clean end. */
function peekFirstChunk(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onReadable = () => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      stream.unshift(chunk);
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** Whether deflate data starts with a zlib header (RFC 1950) rather than being raw (RFC 1951). */
function hasZlibHeader(chunk: Buffer | null): boolean {
  return chunk !== null && chunk.length >= 2 && (chunk[0]! & 0x0f) === 8 && ((chunk[0]! << 8) | chunk[1]!) % 31 === 0;
}

/**
 * The body of `body`, decoded as its `Content-Encoding` says and at most `cap` bytes after
 * decoding; throws `too_large` past the cap and `illformed` for an unknown coding.
 */
export async function readBody(body: IncomingMessage, contentEncoding: string | undefined, cap: number, context: ErrorContext): Promise<Uint8Array> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  const decoders: Transform[] = [];
  for (const coding of codings.reverse()) {
    if (coding === 'gzip' || coding === 'x-gzip') decoders.push(createGunzip());
    else if (coding === 'deflate') {
      // Servers send "deflate" both zlib-wrapped and raw; the first bytes tell which.
      const raw = decoders.length === 0 && !hasZlibHeader(await peekFirstChunk(body));
      decoders.push(raw ? createInflateRaw() : createInflate());
    }
    else if (coding === 'br') decoders.push(createBrotliDecompress());
    else {
      discard(body);
      throw new NonRetryableError('illformed', `unsupported Content-Encoding ${coding}`, context);
    }
  }
  const collector = new CapCollector(cap, context);
  await pipeline([body, ...decoders, collector] as unknown as [Readable, Writable]);
  return new Uint8Array(Buffer.concat(collector.chunks, collector.total));
}

