import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../../functions/adapters/fetcher/fetcher-options.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const seed = path.resolve(root, '..', 'shared', 'seed', 'madeinrussia-en-news-14040.txt');
const dataDir = mkdtempSync(path.join(tmpdir(), 'pw-cli-'));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'functions/local/cli.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PRACTICE_WATCH_DATA_DIR: dataDir, PARSE_TIMEOUT_MS: '20000' },
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('cli', () => {
  it('prints help for every command and exits 0', () => {
    for (const command of ['ingest', 'extract', 'sources', 'token', 'reextract']) {
      const { code, stdout } = cli(command, '--help');
      expect(code, command).toBe(0);
      expect(stdout).toContain(`npm run cli -- ${command}`);
    }
  }, 90_000);

  it('fails with a one-line reason and a non-zero code on bad input', () => {
    const unknown = cli('frobnicate');
    expect(unknown.code).toBe(2);
    const missing = cli('extract', path.join(dataDir, 'no-such-file.txt'));
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^error: .*no-such-file/);
    const both = cli('ingest', '--source', 'kremlin-ru', '--all');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exactly one of --source ID or --all');
  });

  it('extracts a plain-text article written here: title line, blank-line paragraphs', () => {
    const file = path.join(dataDir, 'announcement.txt');
    writeFileSync(
      file,
      [
        'Практику Челябинской области рекомендовали к тиражированию в других регионах',
        '',
        'Минэкономразвития России и Агентство стратегических инициатив рекомендовали к массовому тиражированию практику Челябинской области «Единое окно для инвестора».',
        '',
        'Практика размещена на платформе «Смартека». Её уже внедряют Курганская и Свердловская области.',
      ].join('\n'),
    );
    const { code, stdout, stderr } = cli('extract', file, '--format', 'text', '--url', 'https://example.org/news/1');
    expect(code, stderr).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.title).toBe('Практику Челябинской области рекомендовали к тиражированию в других регионах');
    expect(record.url).toBe('https://example.org/news/1');
    expect(record.language).toBe('ru');
    expect(record.isPracticeAnnouncement).toBe(true);
    expect(record.regions.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['RU-CHE', 'RU-KGN', 'RU-SVE']));
    expect(record.organisations.map((o: { id: string }) => o.id)).toEqual(expect.arrayContaining(['minek', 'asi']));
    expect(record.platforms.map((p: { id: string }) => p.id)).toContain('smarteka');
    expect(record.bodyText.split('\n\n')).toHaveLength(2);
    // The text prints no date: none is made up.
    expect(record.publishedAt).toBeNull();
  });

  it('takes the date a copied page prints under its headline, in Moscow time', () => {
    const file = path.join(dataDir, 'dated.txt');
    writeFileSync(file, ['Новости · Общество', 'Калужская область внедрит тульскую модель сопровождения инвесторов', '14 марта 2024, 11:20', '', 'Регион перенимает модель соседей.'].join('\n'));
    const { code, stdout, stderr } = cli('extract', file, '--format', 'text');
    expect(code, stderr).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.title).toBe('Калужская область внедрит тульскую модель сопровождения инвесторов');
    expect(record.publishedAt).toBe('2024-03-14T11:20:00+03:00');
  });

  it('reads a column its page files as opinion as no announcement, from a copied text and from a page’s metadata', () => {
    const body = 'Каждый год «Смартека» пополняется сотнями решений, а опыт Татарстана рекомендован к тиражированию в других регионах. Но победители конкурса «Лучшая муниципальная практика» редко находят последователей: чужой опыт не переносится копированием.';
    const text = path.join(dataDir, 'column.txt');
    writeFileSync(text, ['Мнение', '', 'Почему хорошие практики не переезжают', '', body].join('\n'));
    const page = path.join(dataDir, 'column.html');
    writeFileSync(page, `<html><head><meta charset="utf-8"><meta property="article:section" content="Колонки"><title>Почему хорошие практики не переезжают</title></head><body><h1>Почему хорошие практики не переезжают</h1><article><p>${body}</p><p>${body}</p></article></body></html>`);
    for (const [file, format, mark] of [[text, 'text', 'Мнение'], [page, 'html', 'Колонки']] as const) {
      const { code, stdout, stderr } = cli('extract', file, '--format', format);
      expect(code, stderr).toBe(0);
      const record = JSON.parse(stdout);
      expect(record.title).toBe('Почему хорошие практики не переезжают');
      expect(record.isPracticeAnnouncement).toBe(false);
      expect(record.reasons[0]).toContain(`filed as opinion («${mark}»)`);
    }
  });

  it.skipIf(!existsSync(seed))('extracts the seed article as EXTRACTION.md describes, without its page furniture (needs ../shared/seed)', () => {
    const { code, stdout, stderr } = cli('extract', seed, '--format', 'page', '--url', 'https://madeinrussia.ru/en/news/14040');
    expect(code, stderr).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.title).toBe('The most successful developments in Moscow are offered for replication in all regions of Russia');
    expect(record.author).toBe('Natalia Alyoshina');
    expect(record.bodyText).toMatch(/^The best developments in Moscow/);
    expect(record.bodyText).toMatch(/other regions of Russia\.$/);
    expect(record.bodyText).not.toMatch(/All regions|Top stories|Telegram|Author:|Made in Russia|#made/);
    expect(record.isPracticeAnnouncement).toBe(true);
    expect(record.regions.map((r: { code: string }) => r.code).sort()).toEqual(['RU-BA', 'RU-CHE', 'RU-MOS', 'RU-MOW']);
    expect(record.organisations.map((o: { id: string }) => o.id).sort()).toEqual(['asi', 'gossovet', 'minek', 'moscow-depr', 'moscow-government']);
    expect(record.platforms.map((p: { id: string }) => p.id)).toEqual(['smarteka']);
    // The rest of what EXTRACTION.md expects of the seed.
    expect(record.language).toBe('en');
    expect(record.practices.map((p: { name: string }) => p.name)).toContainEqual(expect.stringMatching(/^multifunctional migration cent/i));
    expect(record.regions.find((r: { code: string }) => r.code === 'RU-MOW')?.role).toBe('origin');
    expect(record.people).toEqual([{ name: 'Maria Bagreeva', role: 'Minister of the Government of Moscow, head of the City Department of Economic Policy and Development' }]);
    expect(record.figures.map((f: { value: number }) => f.value).sort((a: number, b: number) => a - b)).toEqual([8, 35, 121, 1000]);
    expect(record.topics).toContain('regional-and-municipal-management');
  }, 90_000);

  it('mints an editor token for the local issuer', () => {
    const { code, stdout } = cli('token', '--editor', 'anna');
    expect(code).toBe(0);
    const token = stdout.trim();
    expect(token.split('.')).toHaveLength(3);
    const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(payload.username).toBe('anna');
    expect(payload['cognito:groups']).toContain('editors');
  });

  it('ingests one source from its replayed fixtures and prints the run report; sources then shows it healthy', () => {
    const run = cli('ingest', '--source', 'madeinrussia-ru', '--replay');
    expect(run.code, run.stderr).toBe(0);
    const [report] = JSON.parse(run.stdout) as Array<{ sourceId: string; outcome: string; itemsSeen: number; itemsNew: number }>;
    expect(report).toMatchObject({ sourceId: 'madeinrussia-ru', outcome: 'success' });
    expect(report!.itemsNew).toBeGreaterThan(0);
    expect(run.stderr).toContain('ingesting madeinrussia-ru');
    const listed = cli('sources', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    const row = (JSON.parse(listed.stdout) as Array<{ id: string; health: { status: string } | null }>).find((r) => r.id === 'madeinrussia-ru');
    expect(row?.health?.status).toBe('ok');
  }, 120_000);
});

describe('cli extract reads files as the fetcher reads bytes', () => {
  const page = (charsetMeta: string) => `<!DOCTYPE html><html><head>${charsetMeta}<title>Опыт Татарстана рекомендован регионам</title></head><body>
<div class="news-detail"><h1>Практику Татарстана рекомендовали для тиражирования в других регионах</h1>
<p>Министерство экономического развития России и Агентство стратегических инициатив рекомендовали практику Республики Татарстан «Инвестиционный навигатор» к внедрению в других регионах страны.</p>
<p>По словам министра, сервис помог более чем 1 200 инвесторам, а срок подбора площадки сократился с 30 до 7 дней.</p>
<p>Подписывайтесь на наш Telegram-канал</p></div></body></html>`;

  it('reads a windows-1251 page that declares no charset as readable Russian, without its trailing call to subscribe', () => {
    const file = path.join(dataDir, 'undeclared-cp1251.html');
    writeFileSync(file, iconv.encode(page(''), 'win1251'));
    // Decoding is what is tested: a roomy budget, as a saturated CI machine can spend 1.5 s on a cold worker's first page.
    const { code, stdout, stderr } = cli('extract', file, '--parse-budget', '30000');
    expect(code, stderr).toBe(0);
    const record = JSON.parse(stdout);
    expect(record.title).toBe('Практику Татарстана рекомендовали для тиражирования в других регионах');
    expect(record.bodyText).toMatch(/^Министерство экономического развития России/);
    expect(record.bodyText).not.toMatch(/\uFFFD|Подписывайтесь/);
    expect(record.sourceId).toBe('local-file');
    expect(record.regions.map((r: { code: string }) => r.code)).toContain('RU-TA');
  }, 90_000);

  it('reads a UTF-16 file by its BOM', () => {
    const file = path.join(dataDir, 'utf16.html');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page(''), 'utf16le')]));
    const { code, stdout, stderr } = cli('extract', file, '--parse-budget', '30000');
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).title).toBe('Практику Татарстана рекомендовали для тиражирования в других регионах');
  }, 90_000);

  it('stops a page under the size cap that overruns the parse budget with parse_timeout, printing no record', () => {
    const file = path.join(dataDir, 'heavy.html');
    const items = Array.from({ length: 24_000 }, (_, i) => `<div class="related"><a href="/news/${i}">Новость номер ${i} о жизни города и работе служб</a><span>1 октября 2023</span></div>`);
    writeFileSync(file, page('<meta charset="utf-8">').replace('</div></body>', `</div><aside>${items.join('')}</aside></body>`));
    const { code, stdout, stderr } = cli('extract', file, '--parse-budget', '100');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: parse_timeout: parse exceeded its budget of 100 ms/);
    expect(cli('extract', file, '--parse-budget', '5').code).toBe(2);
  }, 90_000);

  it('refuses random bytes with a one-line illformed or encoding_suspect error and a non-zero exit, printing no record', () => {
    const file = path.join(dataDir, 'random.html');
    writeFileSync(file, randomBytes(600_000));
    const { code, stdout, stderr } = cli('extract', file);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^error: (illformed|encoding_suspect): /);
  }, 90_000);

  it("refuses a file above the fetcher's body cap as too_large before reading it", () => {
    const file = path.join(dataDir, 'oversized.html');
    writeFileSync(file, Buffer.alloc(DEFAULT_MAX_BODY_BYTES + 1, 0x61));
    const { code, stdout, stderr } = cli('extract', file);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(new RegExp(`^error: too_large: .*${DEFAULT_MAX_BODY_BYTES + 1} bytes, more than the fetcher's cap of ${DEFAULT_MAX_BODY_BYTES}$`));
  }, 90_000);

  it('reports a page the parse worker refuses with its code (a nest deeper than any real page: illformed)', () => {
    const file = path.join(dataDir, 'deep.html');
    writeFileSync(file, `<html><body>${'<div>'.repeat(5000)}текст${'</div>'.repeat(5000)}</body></html>`);
    const { code, stdout, stderr } = cli('extract', file);
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim()).toMatch(/^error: illformed: HTML nests about \d+ elements deep/);
  }, 90_000);
});

