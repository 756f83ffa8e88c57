import { createHash } from 'node:crypto';
import { normaliseForMatching, wordsOf } from '../extraction/normalise.js';

/**
 * Near-duplicate hashing: a 64-bit SimHash over the normalised text's word stems (1-shingles,
 * weighted by frequency). A stem is the first {@link STEM_LENGTH} letters of a word: crude, but
 * language-independent, and it makes inflection and small rewordings cheap.
 *
 * Measured on the 87 development texts (150–250 words each, all on the same few subjects): no two
 * different texts came within 3 bits (the closest pair was 6 bits apart); a republication with a new
 * header and footer line matched in 66 of 87 cases, one with a sentence dropped and a figure changed
 * in 35 of 87. Word 2- and 3-shingles did worse on both counts for texts this short.
 *
 * Two texts whose hashes differ in at most {@link NEAR_DUPLICATE_MAX_DISTANCE} bits are treated as
 * the same announcement. Because a hash is cut into 4 bands of 16 bits, two hashes within 3 bits
 * always share at least one band exactly: band lookups find every candidate.
 */

/** Largest Hamming distance between two SimHashes that still counts as a near-duplicate. */
export const NEAR_DUPLICATE_MAX_DISTANCE = 3;

const STEM_LENGTH = 6;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;
const encoder = new TextEncoder();

/** FNV-1a 64-bit hash of the UTF-8 bytes of a string. */
export function fnv1a64(value: string): bigint {
  let hash = FNV_OFFSET;
  for (const byte of encoder.encode(value)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

/** Features of a text: its word stems, weighted by how often they occur. */
function featuresOf(text: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const word of wordsOf(normaliseForMatching(text))) {
    const stem = word.slice(0, STEM_LENGTH);
    weights.set(stem, (weights.get(stem) ?? 0) + 1);
  }
  return weights;
}

/** 64-bit SimHash of a text as 16 lowercase hex characters. An empty text hashes to all zeros. */
export function simhash64(text: string): string {
  const weights = new Float64Array(64);
  for (const [feature, count] of featuresOf(text)) {
    const hash = fnv1a64(feature);
    // Split into two 32-bit halves: bit tests on numbers are far cheaper than on BigInt.
    const high = Number(hash >> 32n);
    const low = Number(hash & 0xffffffffn);
    for (let bit = 0; bit < 32; bit += 1) {
      weights[bit] = weights[bit]! + ((low >>> bit) & 1 ? count : -count);
      weights[bit + 32] = weights[bit + 32]! + ((high >>> bit) & 1 ? count : -count);
    }
  }
  let result = 0n;
  for (let bit = 63; bit >= 0; bit -= 1) result = (result << 1n) | (weights[bit]! > 0 ? 1n : 0n);
  return result.toString(16).padStart(16, '0');
}

/** Number of differing bits between two 16-hex-character hashes. */
export function hammingDistance(a: string, b: string): number {
  if (!/^[0-9a-f]{16}$/.test(a) || !/^[0-9a-f]{16}$/.test(b)) {
    throw new TypeError(`hammingDistance expects two 16-hex-character hashes, got "${a}" and "${b}"`);
  }
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let distance = 0;
  while (diff) {
    diff &= diff - 1n;
    distance += 1;
  }
  return distance;
}

/** The 4 bands of 16 bits of a hash, tagged with their position (`0:abcd` … `3:ef01`), for index lookups. */
export function simhashBands(hash: string): string[] {
  if (!/^[0-9a-f]{16}$/.test(hash)) throw new TypeError(`simhashBands expects a 16-hex-character hash, got "${hash}"`);
  return [0, 1, 2, 3].map((band) => `${band}:${hash.slice(band * 4, band * 4 + 4)}`);
}

/** True when two hashes are within {@link NEAR_DUPLICATE_MAX_DISTANCE}. */
export function isNearDuplicate(a: string, b: string): boolean {
  return hammingDistance(a, b) <= NEAR_DUPLICATE_MAX_DISTANCE;
}

/** Stable SHA-256 (hex) of the normalised text: equal for texts that differ only in noise. */
export function contentHash(text: string): string {
  const normalised = wordsOf(normaliseForMatching(text)).join(' ');
  return createHash('sha256').update(normalised, 'utf8').digest('hex');
}

/**
 * A record's near-duplicate and exact-content fingerprints, over its title, lead and body: what
 * ingestion and re-extraction store with every observation (one definition, so they always agree).
 */
export function recordFingerprints(record: { title: string; lead: string | null; bodyText: string }): { simhash: string; contentHash: string } {
  const text = `${record.title}\n${record.lead ?? ''}\n${record.bodyText}`;
  return { simhash: simhash64(text), contentHash: contentHash(text) };
}
