import iconv from 'iconv-lite';

/**
 * Test-only decoding of corpus files: BOM, then the XML prolog or `<meta charset>`, then UTF-8.
 * (The production decoder belongs to the fetcher; the corpora only need bytes turned into text.)
 */
export function decodeCorpusBytes(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');
  if (bytes[0] === 0x3c && bytes[1] === 0x00) return iconv.decode(bytes, 'utf-16le');
  if (bytes[0] === 0x00 && bytes[1] === 0x3c) return iconv.decode(bytes, 'utf-16be');
  const head = bytes.subarray(0, 1024).toString('latin1');
  const declared = /<\?xml[^>]*encoding=["']([\w.:-]+)["']/i.exec(head)?.[1] ?? /<meta[^>]+charset=["']?([\w.:-]+)/i.exec(head)?.[1];
  if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared)) return iconv.decode(bytes, declared);
  return bytes.toString('utf8');
}
