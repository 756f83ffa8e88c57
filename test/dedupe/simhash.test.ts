import { describe, expect, it } from 'vitest';
import {
  NEAR_DUPLICATE_MAX_DISTANCE,
  contentHash,
  fnv1a64,
  hammingDistance,
  isNearDuplicate,
  simhash64,
  simhashBands,
} from '../../functions/core/dedupe/simhash.js';
import { DIFFERENT, ORIGINAL, REPUBLISHED } from './texts.js';

describe('fnv1a64', () => {
  it('matches the published FNV-1a 64 test vectors', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
  });
});

describe('simhash64', () => {
  it('returns 16 lowercase hex characters and is stable', () => {
    const hash = simhash64(ORIGINAL);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(simhash64(ORIGINAL)).toBe(hash);
  });

  it('ignores case, ё/е, soft hyphens and non-breaking spaces', () => {
    const noisy = ORIGINAL.replace(/е/g, (m, i: number) => (i % 7 === 0 ? 'ё' : m))
      .replace(/практик/g, 'прак\u00ADтик')
      .replace(/ /g, (m, i: number) => (i % 5 === 0 ? '\u00a0' : m))
      .toUpperCase();
    expect(simhash64(noisy)).toBe(simhash64(ORIGINAL));
  });

  it('matches a republication with minor edits', () => {
    const distance = hammingDistance(simhash64(ORIGINAL), simhash64(REPUBLISHED));
    expect(distance).toBeLessThanOrEqual(NEAR_DUPLICATE_MAX_DISTANCE);
    expect(isNearDuplicate(simhash64(ORIGINAL), simhash64(REPUBLISHED))).toBe(true);
  });

  it('does not match a different announcement on the same topic', () => {
    const distance = hammingDistance(simhash64(ORIGINAL), simhash64(DIFFERENT));
    expect(distance).toBeGreaterThan(NEAR_DUPLICATE_MAX_DISTANCE);
    expect(isNearDuplicate(simhash64(ORIGINAL), simhash64(DIFFERENT))).toBe(false);
  });

  it('hashes an empty text to zeros', () => {
    expect(simhash64('')).toBe('0000000000000000');
  });
});

describe('hammingDistance', () => {
  it('counts differing bits', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000001', '8000000000000000')).toBe(2);
  });

  it('rejects malformed hashes', () => {
    expect(() => hammingDistance('xyz', '0000000000000000')).toThrow(TypeError);
  });
});

describe('simhashBands', () => {
  it('cuts a hash into 4 tagged bands of 16 bits', () => {
    expect(simhashBands('0123456789abcdef')).toEqual(['0:0123', '1:4567', '2:89ab', '3:cdef']);
  });

  it('gives near-duplicates at least one shared band', () => {
    const a = simhashBands(simhash64(ORIGINAL));
    const b = simhashBands(simhash64(REPUBLISHED));
    expect(a.filter((band) => b.includes(band)).length).toBeGreaterThan(0);
  });
});

describe('contentHash', () => {
  it('is equal for texts that differ only in noise and different otherwise', () => {
    expect(contentHash(ORIGINAL)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(ORIGINAL.replace(/ /g, '  ').replace(/е/, 'ё'))).toBe(contentHash(ORIGINAL));
    expect(contentHash(REPUBLISHED)).not.toBe(contentHash(ORIGINAL));
  });
});

describe('simhash64 on the development set', () => {
  it('keeps every pair of different texts on the same subjects apart', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const path = await import('node:path');
    const dir = path.resolve(import.meta.dirname, '..', 'devset', 'texts');
    const hashes = readdirSync(dir).map((file) => ({ file, hash: simhash64(readFileSync(path.join(dir, file), 'utf8')) }));
    expect(hashes.length).toBeGreaterThanOrEqual(60);
    const merged: string[] = [];
    for (let i = 0; i < hashes.length; i += 1) {
      for (let j = i + 1; j < hashes.length; j += 1) {
        if (isNearDuplicate(hashes[i]!.hash, hashes[j]!.hash)) merged.push(`${hashes[i]!.file} ~ ${hashes[j]!.file}`);
      }
    }
    expect(merged).toEqual([]);
  });
});
