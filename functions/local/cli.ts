import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isErrorCode } from '../core/errors.js';
import type { Article } from '../core/model.js';
import { publisherRegionOf, type SourceDefinition } from '../core/source-definition.js';
import { LOCAL_FILE_DATES, printedDate } from '../sources/shared/printed-date.js';
import { readPlainText, readSavedPage, trimTrailingBoilerplate } from '../sources/shared/text.js';

// Modules are loaded by the command that needs them, so that `--help` and `token` start fast.
const registry = () => import('../sources/registry.js');
const runtimeModule = () => import('./runtime.js');

/** A failure the user caused or can fix: printed as one line, exit code 2. */
class UsageError extends Error {}

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<void>;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const print = (value: unknown) => process.stdout.write(`${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}\n`);

const commands: Record<string, Command> = {
  ingest: {
    summary: 'run ingestion now for one source or all of them, through the same handler Lambda runs (--force: even in backoff)',
    usage: 'ingest (--source ID | --all) [--replay] [--force]',
    options: { source: { type: 'string' }, all: { type: 'boolean' }, replay: { type: 'boolean' }, force: { type: 'boolean' } },
    async run(values) {
      if (!values.source === !values.all) throw new UsageError('give exactly one of --source ID or --all');
      const chosen = values.all ? [...(await registry()).sources] : [await lookupSource(String(values.source))];
      const [{ localLambdaContext }, { sqsEventFor }] = await Promise.all([import('./lambda-context.js'), import('./scheduler.js')]);
      const runtime = await (await runtimeModule()).createLocalRuntime({ replay: Boolean(values.replay), log: progress });
      try {
        const reports = [];
        for (const source of chosen) {
          progress(`ingesting ${source.id}…`);
          const result = await runtime.ingestHandler(sqsEventFor({ sourceId: source.id, force: Boolean(values.force) }), localLambdaContext('ingest'));
          if (result && result.batchItemFailures.length > 0) throw new Error(`ingest of ${source.id} failed before its run was recorded`);
          const state = await runtime.sourceStates.get(source.id);
          reports.push(state?.lastRun ?? { sourceId: source.id, outcome: 'unknown' });
        }
        print(reports);
      } finally {
        await runtime.close();
      }
    },
  },
  extract: {
    summary:
      'extract the practice record of one article file and print it as JSON; the file is read as the fetcher reads a body (its size cap, BOM/meta/detection decoding) and parsed in the parse worker with its time and memory budgets',
    usage: 'extract FILE [--url URL] [--format html|text|page] [--source ID] [--parse-budget MS]',
    options: { url: { type: 'string' }, format: { type: 'string' }, source: { type: 'string' }, 'parse-budget': { type: 'string' } },
    allowPositionals: true,
    async run(values, positionals) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE');
      const format = String(values.format ?? (/\.html?$/i.test(file) ? 'html' : 'text'));
      if (format !== 'html' && format !== 'text' && format !== 'page') throw new UsageError('--format is html, text or page');
      // The parse worker's own budget unless asked otherwise (a saturated machine can spend it on a small page).
      const budget = values['parse-budget'] === undefined ? undefined : Number(values['parse-budget']);
      if (budget !== undefined && (!Number.isInteger(budget) || budget < 100 || budget > 600_000)) throw new UsageError('--parse-budget is 100..600000 milliseconds');
      const url = String(values.url ?? `file://${path.resolve(file)}`);
      const source = values.source ? await lookupSource(String(values.source)) : await sourceForUrl(url);
      const [{ readDocumentFile }, { DEFAULT_MAX_BODY_BYTES }] = await Promise.all([import('./extract-file.js'), import('../adapters/fetcher/fetcher-options.js')]);
      const document = readDocumentFile(file, {
        maxBytes: source?.politeness.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
        defaultCharset: source?.charsetDefault ?? 'windows-1251',
      });
      if (document.encodingSuspect) progress(`note: read as ${document.charset} (${document.source}); the bytes contradict what the file declares`);
      const article = format === 'text' ? articleFromText(document.text, url) : format === 'page' ? articleFromPage(document.text, url) : await articleFromHtml(document.text, url, source, budget);
      const { extractPractice } = await import('../core/extraction/extract-practice.js');
      const { LOCAL_FILE_SOURCE_ID } = await import('./extract-registry.js');
      print(extractPractice({ ...article, sourceId: source?.id ?? LOCAL_FILE_SOURCE_ID, publisherRegion: source ? publisherRegionOf(source) : null, ...(source?.practiceLibrary ? { libraryPractice: true } : {}) }));
    },
  },
  sources: {
    summary: 'list the registered sources with their health',
    usage: 'sources [--json]',
    options: { json: { type: 'boolean' } },
    async run(values) {
      const { sources } = await registry();
      const runtime = await (await runtimeModule()).createLocalRuntime({ replay: false, log: progress, quiet: true });
      try {
        const rows = [];
        for (const source of sources) {
          const state = await runtime.sourceStates.get(source.id);
          rows.push({
            id: source.id,
            name: source.name,
            homepage: source.homepage,
            entryPoints: source.entryPoints.map((e) => `${e.kind} ${e.url}`),
            scheduleMinutes: source.scheduleMinutes,
            health: state?.health ?? null,
          });
        }
        if (values.json) {
          print(rows);
          return;
        }
        for (const row of rows) {
          const h = row.health;
          const status = h ? `${h.status}${h.lastErrorCode ? ` (last error ${h.lastErrorCode}: ${h.lastErrorMessage})` : ''}` : 'never-run';
          print(`${row.id.padEnd(18)} every ${String(row.scheduleMinutes).padStart(4)} min  ${status}`);
        }
      } finally {
        await runtime.close();
      }
    },
  },
  doctor: {
    summary:
      'diagnose sources: per entry point and per article, HTTP status and timing, charset, robots, items and dates parsed, selectors matched, generic extractor, suggestions; live through the fetcher, or offline from saved files (--from)',
    usage: 'doctor (SOURCE | --all) [--url URL] [--from FILE|DIR] [--save DIR] [--articles N] [--via HOST:PORT] [--json]',
    options: {
      all: { type: 'boolean' },
      url: { type: 'string' },
      from: { type: 'string' },
      save: { type: 'string' },
      articles: { type: 'string' },
      via: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
    async run(values, positionals) {
      if (positionals.length > 1) throw new UsageError('give at most one SOURCE');
      if (!positionals[0] === !values.all && !values.url) throw new UsageError('give exactly one of SOURCE or --all (or --url of a known source)');
      if (values.from && values.save) throw new UsageError('--save stores live pages; it cannot be combined with --from');
      const articles = values.articles === undefined ? undefined : Number(values.articles);
      if (articles !== undefined && (!Number.isInteger(articles) || articles < 0 || articles > 20)) throw new UsageError('--articles is 0..20');
      const url = values.url === undefined ? undefined : String(values.url);
      let chosen: SourceDefinition[];
      if (values.all) chosen = [...(await registry()).sources];
      else if (positionals[0]) chosen = [await lookupSource(positionals[0])];
      else {
        const found = await sourceForUrl(url!);
        if (!found) throw new UsageError(`no registered source has the host of ${url}; name the SOURCE`);
        chosen = [found];
      }
      const { runDoctor, formatRow } = await import('./doctor.js');
      const rows = await runDoctor({
        sources: chosen,
        ...(url ? { url } : {}),
        ...(values.from ? { from: String(values.from) } : {}),
        ...(values.save ? { save: String(values.save) } : {}),
        ...(articles === undefined ? {} : { articles }),
        ...(values.via ? { via: String(values.via) } : {}),
        ...(process.env.CONTACT_URL ? { contactUrl: process.env.CONTACT_URL } : {}),
        onRow: (row) => process.stdout.write(`${values.json ? JSON.stringify(row) : formatRow(row)}\n`),
      });
      if (!values.json) {
        const failed = rows.filter((row) => row.error);
        const bySource = new Map<string, string[]>();
        for (const row of failed) bySource.set(row.source, [...(bySource.get(row.source) ?? []), row.error!]);
        progress(`doctor: ${chosen.length} sources, ${rows.length} entry points and pages, ${failed.length} failed${[...bySource].map(([id, codes]) => `; ${id}: ${[...new Set(codes)].join(', ')}`).join('')}`);
      }
      // Something that failed is worth a non-zero exit for scripts; the report itself is complete either way.
      if (rows.some((row) => row.error)) process.exitCode = 1;
    },
  },
  token: {
    summary: 'mint an editor access token for the local stack (local issuer in .local/auth)',
    usage: 'token --editor NAME [--ttl SECONDS]',
    options: { editor: { type: 'string' }, ttl: { type: 'string' } },
    async run(values) {
      const editor = values.editor;
      if (typeof editor !== 'string' || !/^[\p{L}\p{N}._@-]{1,64}$/u.test(editor)) throw new UsageError('--editor NAME (letters, digits, . _ @ -)');
      const ttlSeconds = values.ttl === undefined ? 8 * 3600 : Number(values.ttl);
      // The verifier refuses tokens that live longer than a day, as Cognito's access tokens never do.
      if (!Number.isInteger(ttlSeconds) || ttlSeconds < 60 || ttlSeconds > 24 * 3600) throw new UsageError('--ttl is 60..86400 seconds');
      const [{ mintEditorToken }, { localDir }] = await Promise.all([import('../adapters/auth/local-issuer.js'), import('./environment.js')]);
      print(await mintEditorToken({ dir: path.join(localDir, 'auth'), editor, ttlSeconds }));
    },
  },
  reextract: {
    summary: 'rebuild records from the raw pages in S3 without fetching; keeps editors’ overrides and decisions',
    usage: 'reextract [--source ID] [--since YYYY-MM-DD]',
    options: { source: { type: 'string' }, since: { type: 'string' } },
    async run(values) {
      const since = values.since === undefined ? undefined : String(values.since);
      if (since !== undefined && Number.isNaN(Date.parse(since))) throw new UsageError('--since is a date, e.g. 2026-01-31');
      const chosen = values.source ? [await lookupSource(String(values.source))] : [...(await registry()).sources];
      const runtime = await (await runtimeModule()).createLocalRuntime({ replay: false, log: progress, quiet: true });
      try {
        print(await runtime.reextract(chosen, { since, onProgress: progress }));
      } finally {
        await runtime.close();
      }
    },
  },
  'export-labels': {
    summary: "write the editors' verdicts as a labelled set (labels.jsonl + texts/, the format of test/devset*); --classification: only examples with a verdict on the classification",
    usage: 'export-labels --out DIR [--classification]',
    options: { out: { type: 'string' }, classification: { type: 'boolean' } },
    async run(values) {
      if (typeof values.out !== 'string' || !values.out.trim()) throw new UsageError('give --out DIR');
      const { exportLabels } = await import('./learning-commands.js');
      const runtime = await (await runtimeModule()).createLocalRuntime({ replay: false, log: progress, quiet: true });
      try {
        print(await exportLabels(runtime.labels, path.resolve(values.out), { classificationOnly: Boolean(values.classification) }));
      } finally {
        await runtime.close();
      }
    },
  },
  retrain: {
    summary:
      "guarded retrain of the classifier from the shipped labelled sets plus the editors' examples: promoted (new extractorVersion, stored in S3 learning/models/) only when not worse on any field by cross-validation and on held-back editor examples; a promotion (or --rollback: make the previous model current) re-extracts every stored record with the model now current, as the re-extraction job does on AWS. --dry-run: report only",
    usage: 'retrain [--dry-run] [--rollback]',
    options: { 'dry-run': { type: 'boolean' }, rollback: { type: 'boolean' } },
    async run(values) {
      const [{ runRetrain, rollback, describeReport }, { presentSets }] = await Promise.all([import('../../scripts/retrain/run-retrain.js'), import('../../scripts/train-classifier.js')]);
      const runtime = await (await runtimeModule()).createLocalRuntime({ replay: false, log: progress, quiet: true });
      try {
        const jobs = runtime.reextractJobs.jobs;
        // The job the retrain Lambda starts on AWS, run here to the end through the same handler.
        const finishJob = async () => {
          await runtime.reextractJobs.drain();
          const state = await jobs.get();
          if (state) print(`re-extraction ${state.status}: ${JSON.stringify({ extractorVersion: state.extractorVersion, ...state.totals })}`);
          for (const failure of state?.failures ?? []) progress(`  ${failure.id} ${failure.url}: ${failure.code} ${failure.message}`);
        };
        if (values.rollback) {
          const { from, to } = await rollback(runtime.models, new Date(), runtime.reextractJobs.runner);
          print(`rolled back from ${from} to ${to}; re-extracting stored records with it`);
          await finishJob();
          return;
        }
        const { present, missing } = presentSets();
        for (const dir of missing) progress(`${dir}: absent, skipped`);
        const report = await runRetrain({ labels: runtime.labels, models: runtime.models, baseDirs: present, now: new Date(), dryRun: Boolean(values['dry-run']), reextract: runtime.reextractJobs.runner });
        print(describeReport(report).join('\n'));
        if (report.reextractJob) {
          print("re-extracting stored records with the new model (editors' overrides and decisions are kept)");
          await finishJob();
        }
      } finally {
        await runtime.close();
      }
    },
  },
};

async function lookupSource(id: string): Promise<SourceDefinition> {
  const { getSource } = await registry();
  try {
    return getSource(id);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function sourceForUrl(url: string): Promise<SourceDefinition | undefined> {
  const { sources } = await registry();
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new UsageError(`--url ${url} is not a URL`);
  }
  return sources.find((s) => s.hosts.includes(host));
}

/**
 * Plain text: the headline comes first, after any page chrome a copied page carries (`readPlainText`);
 * paragraphs are separated by blank lines; trailing furniture is removed; the date is the one the text
 * prints as its own (`printedDate`), or none.
 */
export function articleFromText(text: string, url: string): Article {
  const { title, body, section } = readPlainText(text);
  if (!title) throw new UsageError('the file is empty');
  const paragraphs = body
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return { url, title, publishedAt: printedDate(text, LOCAL_FILE_DATES), author: null, lead: null, bodyText: trimTrailingBoilerplate(paragraphs.join('\n\n')), tags: [], images: [], ...(section ? { section } : {}) };
}

/** The text of a saved page (as the seed is): chrome before the headline and furniture after the text are left out; the date is the one the page prints, or none. */
export function articleFromPage(text: string, url: string): Article {
  const page = readSavedPage(text);
  if (!page) throw new UsageError('the file is empty');
  return { url, title: page.title, publishedAt: printedDate(text, LOCAL_FILE_DATES), author: page.author, lead: null, bodyText: page.body, tags: [], images: [], ...(page.section ? { section: page.section } : {}) };
}

/**
 * An HTML page through the parse worker, as ingestion parses a fetched page: the source's parser
 * when one claims the URL (or `--source`), else the generic extractor; the worker's time budget
 * (`parse_timeout`, 1.5 s unless `--parse-budget`) and memory limit (`too_large`) hold.
 */
async function articleFromHtml(html: string, url: string, source: SourceDefinition | undefined, timeoutMs?: number): Promise<Article> {
  const [{ WorkerDocumentParser }, { LOCAL_FILE_SOURCE_ID }] = await Promise.all([import('../adapters/parse-worker/worker-document-parser.js'), import('./extract-registry.js')]);
  const parser = new WorkerDocumentParser({ registryModule: new URL('./extract-registry.ts', import.meta.url), ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  try {
    return await parser.parseArticle({ kind: 'article', sourceId: source?.id ?? LOCAL_FILE_SOURCE_ID, url, text: html });
  } finally {
    await parser.close();
  }
}

function help(): string {
  const lines = ['usage: npm run cli -- <command> [options]', '', 'commands:'];
  for (const [name, command] of Object.entries(commands)) lines.push(`  ${name.padEnd(10)} ${command.summary}`, `             ${command.usage}`);
  lines.push('', 'every command accepts --help');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    print(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n${help()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    print(`usage: npm run cli -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true });
    await command.run(values as Record<string, string | boolean | undefined>, positionals);
    // A command may ask for a non-zero exit after a complete report (doctor: something failed).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // A pipeline failure says its code, as a source's health would record it.
    const code = (error as { code?: unknown }).code;
    const label = error instanceof Error && typeof code === 'string' && isErrorCode(code) ? `${code}: ` : '';
    process.stderr.write(`error: ${label}${message.split('\n')[0]}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
