import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractionInputOf } from '../../functions/core/source-definition.js';
import { getSource, sources } from '../../functions/sources/registry.js';
import { fixtureDir, readReplay } from './support/fixtures.js';

describe('source registry', () => {
  it('registers every site the issue names, once each, under stable kebab-case ids', () => {
    const ids = sources.map((source) => source.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(ids).toEqual(
      expect.arrayContaining([
        'mos-ru-news', 'mos-ru-depr', 'economy-gov-ru', 'asi-ru', 'smarteka', 'government-ru', 'kremlin-ru',
        'mosreg-ru', 'gov74-ru', 'gubernator74-ru', 'bashkortostan-ru', 'madeinrussia-ru',
      ]),
    );
  });

  it('marks Smarteka alone as a practice library, whose pages extraction reads as featured practices', () => {
    expect(sources.filter((source) => source.practiceLibrary).map((source) => source.id)).toEqual(['smarteka']);
    const article = { url: 'https://smarteka.com/practices/x', title: 'T', publishedAt: null, author: null, lead: null, bodyText: 'B', tags: [], images: [] };
    expect(extractionInputOf(article, getSource('smarteka')).libraryPractice).toBe(true);
    expect(extractionInputOf(article, getSource('asi-ru')).libraryPractice).toBeUndefined();
  });

  it('finds a source by id and refuses an unknown one with a clear error', () => {
    expect(getSource('kremlin-ru').id).toBe('kremlin-ru');
    expect(() => getSource('no-such-source')).toThrow(/unknown source id "no-such-source"/);
  });

  it.each(sources.map((source) => [source.id, source] as const))('%s: entry points on allowed hosts, polite, zoned, documented', (_id, source) => {
    expect(source.entryPoints.length).toBeGreaterThan(0);
    for (const entryPoint of source.entryPoints) {
      expect(source.hosts).toContain(new URL(entryPoint.url).hostname);
      expect(['rss', 'atom', 'json-api', 'html-list']).toContain(entryPoint.kind);
      expect(entryPoint.label).toMatch(/^[a-z0-9-]+$/);
    }
    expect(new Set(source.entryPoints.map((entryPoint) => entryPoint.label)).size).toBe(source.entryPoints.length);
    expect(source.politeness.minDelayMs).toBeGreaterThanOrEqual(1000);
    expect(source.scheduleMinutes).toBeGreaterThanOrEqual(60);
    expect(source.expectedCadenceHours * 60).toBeGreaterThanOrEqual(source.scheduleMinutes);
    expect(() => new Intl.DateTimeFormat('en', { timeZone: source.timeZone })).not.toThrow();
    expect(source.jurisdiction).toMatch(/^RU(?:-[A-Z]{2,3})?$/);
    expect(['seen', 'reported', 'inferred']).toContain(source.confidence);
    expect(source.homepage).toMatch(/^https?:\/\//);
  });

  it('talks to kremlin.ru and government.ru over plain HTTP, to kremlin.ru as a browser, and corrects their "+04:00"', () => {
    for (const id of ['kremlin-ru', 'government-ru']) {
      expect(getSource(id).politeness.scheme).toBe('http');
      expect(getSource(id).mislabelledOffsets).toContain('+04:00');
    }
    expect(getSource('kremlin-ru').politeness.userAgent).toMatch(/^Mozilla\/5\.0 .*Chrome\//);
  });

  it.each(sources.map((source) => [source.id] as const))('%s: ships a replay manifest whose files exist and whose URLs stay on its hosts', (id) => {
    const source = getSource(id);
    const replay = readReplay(id);
    expect(replay.length).toBeGreaterThanOrEqual(3);
    for (const entry of replay) {
      expect(existsSync(path.join(fixtureDir(id), entry.file)), entry.file).toBe(true);
      expect(source.hosts).toContain(new URL(entry.url).hostname);
      expect(entry.contentType).toMatch(/^[a-z]+\/[a-z0-9.+-]+; charset=[a-z0-9-]+$/i);
    }
    expect(new Set(replay.map((entry) => entry.url)).size).toBe(replay.length);
  });
});
