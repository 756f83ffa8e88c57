import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../functions/local/local-stack.js';
import { startReplayServer } from '../../functions/local/replay-server.js';
import { sources } from '../../functions/sources/registry.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'pw-doctor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI without blocking this process (a test server here must keep answering). */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/cli.ts', ...args], { cwd: root, env: { ...process.env, PRACTICE_WATCH_DATA_DIR: work } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill(), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Row {
  source: string;
  url: string;
  kind: string;
  label: string | null;
  items: number;
  dated: number;
  generic: boolean;
  error: string | null;
  status: number | null;
  ms: number | null;
  robots: string;
  message: string | null;
  selectors: { matched: string[]; unmatched: string[] } | null;
  suggestion: string | null;
}
const rowsOf = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Row);

describe('npm run cli -- doctor', () => {
  it('--all --from the committed replay fixtures: reports every source offline, one JSON object per entry point or page', async () => {
    const run = await cli('doctor', '--all', '--from', 'test/sources', '--json');
    expect(run.code, run.stderr).toBe(0);
    const rows = rowsOf(run.stdout);
    for (const row of rows) expect(Object.keys(row)).toEqual(expect.arrayContaining(['source', 'url', 'kind', 'items', 'dated', 'generic', 'error']));
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(sources.map((s) => s.id)));
    expect(rows.filter((r) => r.error)).toEqual([]);
    for (const source of sources) {
      const listings = rows.filter((r) => r.source === source.id && r.kind !== 'article');
      // Every entry point has its saved listing, read with items, every item dated.
      expect(listings.map((r) => r.url).sort(), source.id).toEqual(source.entryPoints.map((e) => e.url).sort());
      for (const listing of listings) expect([listing.items > 0, listing.dated], `${source.id} ${listing.label}`).toEqual([true, listing.items]);
    }
    const economy = rows.filter((r) => r.source === 'economy-gov-ru');
    expect(economy.find((r) => r.label === 'news-rss')).toMatchObject({ kind: 'rss', items: 2, dated: 2 });
    expect(economy.find((r) => r.label === 'news-list')!.selectors!.matched).toContain('card: div.e-news__content ×2');
    // economy.gov.ru's article markup is unknown: the generic extractor reads it, and the doctor says where the text is.
    const article = economy.find((r) => r.kind === 'article')!;
    expect(article).toMatchObject({ generic: true, items: 1, error: null });
    expect(article.suggestion).toMatch(/container with most text is div\.e-article/);
  }, 180_000);

  it('--from a loose file detects a listing or an article, and text output names what failed on a garbled page', async () => {
    const loose = path.join(work, 'loose');
    rmSync(loose, { recursive: true, force: true });
    await import('node:fs').then((fs) => fs.mkdirSync(loose, { recursive: true }));
    copyFileSync(path.join(root, 'test/sources/economy-gov-ru/fixtures/news-list.html'), path.join(loose, 'list.html'));
    copyFileSync(path.join(root, 'test/sources/economy-gov-ru/fixtures/article-rost.html'), path.join(loose, 'page.html'));
    const json = await cli('doctor', 'economy-gov-ru', '--from', loose, '--json');
    expect(json.code, json.stderr).toBe(0);
    const rows = rowsOf(json.stdout);
    expect(rows.map((r) => [path.basename(new URL(r.url).pathname), r.kind === 'article' ? 'article' : 'listing'])).toEqual([
      ['list.html', 'listing'],
      ['page.html', 'article'],
    ]);

    const garbled = await cli('doctor', 'economy-gov-ru', '--from', path.join(root, 'test/sources/economy-gov-ru/fixtures/garbled-list.html'), '--url', 'https://www.economy.gov.ru/material/news/');
    expect(garbled.code).toBe(1);
    expect(garbled.stdout).toMatch(/FAILED layout_changed/);
    expect(garbled.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^doctor: 1 sources, 1 entry points and pages, 1 failed; economy-gov-ru: layout_changed$/)]);
  }, 180_000);

  it('live through the fetcher (a local replay server via --via): status, timing, robots; --save writes fixtures that --from reads back', async () => {
    const replay = await startReplayServer(root);
    try {
      const saved = path.join(work, 'saved');
      const live = await cli('doctor', 'economy-gov-ru', '--via', `127.0.0.1:${replay.port}`, '--save', saved, '--json');
      expect(live.code, live.stderr).toBe(0);
      const rows = rowsOf(live.stdout);
      expect(rows.map((r) => [r.kind, r.status, r.robots, r.error])).toEqual([
        ['rss', 200, 'allowed', null],
        ['article', 200, 'allowed', null],
        ['article', 200, 'allowed', null],
        ['html-list', 200, 'allowed', null],
        ['article', 200, 'allowed', null],
        ['article', 200, 'allowed', null],
      ]);
      expect(rows.every((r) => typeof r.ms === 'number')).toBe(true);
      const manifest = path.join(saved, 'economy-gov-ru', 'fixtures', 'replay.json');
      expect(existsSync(manifest)).toBe(true);
      const entries = JSON.parse(readFileSync(manifest, 'utf8')) as Array<{ url: string; file: string; contentType: string }>;
      expect(entries.map((e) => e.url)).toContain('https://economy.gov.ru/material/news.rss');
      const again = await cli('doctor', 'economy-gov-ru', '--from', saved, '--json');
      expect(again.code, again.stderr).toBe(0);
      const offline = rowsOf(again.stdout);
      expect(offline.filter((r) => r.kind !== 'article').map((r) => [r.label, r.items, r.dated])).toEqual([
        ['news-rss', 2, 2],
        ['news-list', 2, 2],
      ]);
    } finally {
      await replay.close();
    }
  }, 180_000);

  it('an unreachable network is a clear reason per entry point, not a stack', async () => {
    const closed = await freePort();
    const text = await cli('doctor', 'economy-gov-ru', '--via', `127.0.0.1:${closed}`);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/FAILED network: cannot reach economy\.gov\.ru \(network\)/);
    expect(text.stdout).toMatch(/FAILED network: cannot reach www\.economy\.gov\.ru \(network\)/);
    expect(`${text.stdout}\n${text.stderr}`).not.toMatch(/\n\s+at /);
    expect(text.stderr.trim()).toBe('doctor: 1 sources, 2 entry points and pages, 2 failed; economy-gov-ru: network');
    const json = await cli('doctor', 'economy-gov-ru', '--via', `127.0.0.1:${closed}`, '--json');
    expect(rowsOf(json.stdout).map((r) => [r.label, r.error])).toEqual([
      ['news-rss', 'network'],
      ['news-list', 'network'],
    ]);
  }, 180_000);
});
