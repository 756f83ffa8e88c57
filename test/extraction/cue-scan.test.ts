import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CueScanner } from '../../functions/core/extraction/cue-scan.js';
import { CUE_FAMILIES, QUALIFIERS, SENTENCE_CONTEXTS } from '../../functions/core/extraction/cues.js';
import { cleanText, foldText } from '../../functions/core/extraction/normalise.js';
import { readLabelledSet } from '../../scripts/training/labelled-sets.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const devtexts = path.resolve(repoRoot, '..', 'shared', 'devtexts');
const OWN_SETS = ['test/devset', 'test/devset-holdout', 'test/devset-blind'].map((dir) => path.join(repoRoot, dir));

/** Every pattern the classifier scans for: the cue families and the sentence contexts. */
const SOURCES = [...CUE_FAMILIES.map((family) => family.patterns.join('|')), ...[...QUALIFIERS, ...SENTENCE_CONTEXTS].flatMap((context) => (context.pattern ? [context.pattern] : []))];

/** The reference: one global scan per pattern, as the classifier did before the one-pass scanner. */
function reference(text: string): Array<Array<[number, number]>> {
  return SOURCES.map((source) => [...text.matchAll(new RegExp(`(?<![a-zа-яё0-9])(?:${source})(?![a-zа-яё0-9])`, 'g'))].map((match): [number, number] => [match.index, match.index + match[0].length]));
}

function foldedTexts(dir: string): string[] {
  return readLabelledSet(dir).texts.map(({ input }) => foldText(cleanText(`${input.title}\n\n${input.bodyText}`)));
}

describe('one-pass cue scanner', () => {
  const scanner = new CueScanner(SOURCES);

  it('finds what a scan per pattern finds on every text of our labelled sets', () => {
    let matches = 0;
    for (const dir of OWN_SETS) {
      for (const text of foldedTexts(dir)) {
        const expected = reference(text);
        expect(scanner.scan(text)).toEqual(expected);
        matches += expected.flat().length;
      }
    }
    // The comparison is not vacuous: the sets fire thousands of cues.
    expect(matches).toBeGreaterThan(1000);
  });

  it.skipIf(!existsSync(path.join(devtexts, 'labels.jsonl')))('finds what a scan per pattern finds on every text of ../shared/devtexts (skipped: the folder is absent)', () => {
    for (const text of foldedTexts(devtexts)) expect(scanner.scan(text)).toEqual(reference(text));
  });

  it('agrees at awkward places: word parts after hyphens and foreign letters, quotes, digits, long words, the ends of the text', () => {
    const texts = [
      'рекомендована',
      'топ-10 «лучшие практики» «аб» практика- тиражирование-',
      'санкт-петербургская практика рекомендована; café-отобрана; іпрактика тиражируется',
      `${'а'.repeat(60)} практика ${'б'.repeat(45)}рекомендована "проект «Народный бюджет»" до 15 мая`,
      'в других регионах, на 5 регионов; по итогам конкурса заняли 2-е место и получили грант',
      '«»«"" «',
      'won the first prize; will be selected; scaled up to other regions 2024',
      // A word and the next one after any white space (the scanner keys common words by the pair).
      'в\u00a0других регионах; по\n\nитогам  конкурса; на\tоснове опыта; в свое время; по - итогам; в «Лучших практиках»; по',
    ];
    for (const text of texts) expect(scanner.scan(text)).toEqual(reference(text));
  });

  it('rejects a pattern it cannot read rather than scanning it wrongly', () => {
    expect(() => new CueScanner(['(a'])).toThrow(/cue-scan/);
    expect(() => new CueScanner(['(?<name>a)'])).toThrow(/cue-scan/);
  });
});

/**
 * A match may not be followed by a letter or digit, so an alternative that ends in whitespace can only
 * match before punctuation, a quote or the end of the text: `(?:won|wins)\s` would never match "won the
 * contest". Six such alternatives were shipped until the thirteenth session, when they were fixed (README).
 */
describe('pattern alternatives that end in whitespace', () => {
  const named = [...CUE_FAMILIES.flatMap((family) => family.patterns.map((pattern) => [family.id, pattern] as const)), ...[...QUALIFIERS, ...SENTENCE_CONTEXTS].flatMap((context) => (context.pattern ? [[context.id, context.pattern] as const] : []))];

  it('are none', () => {
    const found = named.flatMap(([id, pattern]) => [...pattern.matchAll(/\\s\)*(?=\||$)/g)].map((match) => `${id}: …${pattern.slice(Math.max(0, match.index! - 40), match.index! + match[0].length)}`));
    expect(found).toEqual([]);
  });

  it('the six once silent match before a word now', () => {
    const scanner = (id: string): CueScanner => new CueScanner([CUE_FAMILIES.find((family) => family.id === id)!.patterns.join('|')]);
    const contestResult = scanner('contest-result');
    expect(contestResult.scan(foldText('Tomsk won the contest'))[0]).toEqual([[6, 9]]);
    expect(contestResult.scan(foldText('победа в конкурсе досталась Туле'))[0]).not.toEqual([]);
    expect(contestResult.scan(foldText('первое место у Казани'))[0]).not.toEqual([]);
    expect(scanner('contest-call').scan(foldText('regions submit their practices'))[0]).not.toEqual([]);
    expect(scanner('pending-result').scan(foldText('победителей определят в декабре'))[0]).not.toEqual([]);
    // Still whole words only: 'wonder' is no 'won'.
    expect(contestResult.scan(foldText('Tomsk wonders'))[0]).toEqual([]);
  });
});
