/**
 * `npm run cost`: the monthly AWS bill of one deployment for 20 sources polled hourly, computed
 * from the synthesized CloudFormation templates (what is deployed: functions and their memory,
 * alarms and the metrics they watch, dashboards, keys, secrets, queues, schedules, the user pool's
 * plan, tracing) and from `bench-results.json` (what a run costs: CPU per run and per article,
 * DynamoDB capacity units, S3 puts, cold import CPU, API CPU per request), with every assumption
 * and every line of arithmetic printed. Without the free tier. Exits non-zero at $5 or more.
 *
 * `npm run cost -- --stage dev|prod` (default prod: what runs for months), `-- --json`.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App } from 'aws-cdk-lib';
import { resolveStageConfig } from '../infra/config.js';
import { addPracticeWatch } from '../infra/practice-watch.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../functions/handlers/api/routes.js';
import { sourceProfiles } from '../functions/sources/profiles.js';

const root = path.resolve(import.meta.dirname, '..');
const TARGET_USD = 5;

/** eu-central-1 (Frankfurt) on-demand list prices in USD, as published by AWS in 2025. */
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequestPerMillion: 0.2,
  sqsRequestPerMillion: 0.4,
  schedulerInvocationPerMillion: 1.0,
  dynamoWriteUnitPerMillion: 0.7625,
  dynamoReadUnitPerMillion: 0.1525,
  dynamoStorageGbMonth: 0.306,
  dynamoPitrGbMonth: 0.2448,
  s3StandardGbMonth: 0.0245,
  s3PutPerThousand: 0.0054,
  s3GetPerThousand: 0.00043,
  httpApiPerMillion: 1.2,
  logsIngestionGb: 0.63,
  logsStorageGbMonth: 0.0324,
  customMetricMonth: 0.3,
  alarmMetricMonth: 0.1,
  dashboardMonth: 3.0,
  xrayTracePerMillion: 5.0,
  kmsKeyMonth: 1.0,
  secretMonth: 0.4,
  cognitoPlusMau: 0.02,
  cognitoEssentialsMau: 0.015,
  dataTransferOutGb: 0.09,
  cloudFrontGb: 0.085,
  natGatewayHour: 0.052,
  elasticIpHour: 0.005,
} as const;

/** The volumes the estimate is for. Each is printed with the figure it feeds. */
export const ASSUMPTIONS = {
  sources: 20,
  runsPerSourcePerDay: 24,
  daysPerMonth: 30,
  /** Share of runs whose listing changed since the last one (the rest get 304 or an identical body). */
  changedListingShare: 0.5,
  /** Entries in a source's listing (feeds and list pages carry 20 to 50 of the latest items). */
  entriesPerListing: 30,
  /** New records a day across all sources (the README's figure), each behind one article page fetch. */
  newArticlesPerDay: 20,
  /** Round trip of one request from Lambda (Frankfurt) to a Russian government site, seconds. */
  siteRoundTripSeconds: 0.5,
  /** Share of ingest runs that start a new container: 20 runs an hour fall in the schedules' 15-minute windows, 5 at a time, then 45 idle minutes. */
  coldStartShare: 0.25,
  apiRequestsPerMonth: 100_000,
  /** Read units of one API request (one listing Query, records mostly from the warm function's cache, the odd BatchGet). */
  apiReadUnitsPerRequest: 7,
  apiResponseKb: 10,
  editors: 5,
  /** Bytes of CloudWatch Logs per ingest run: the run's log line, the EMF metric line, START/END/REPORT. */
  ingestLogBytesPerRun: 1300,
  /** Bytes per API request: the access log line and the function's REPORT lines. */
  apiLogBytesPerRequest: 800,
  /** gzip ratio of stored raw pages (the raw-page store compresses them). */
  rawPageCompression: 0.25,
  articlePageKb: 60,
  /** Idle long polls of the SQS event source: 5 pollers, one 20-second ReceiveMessage each at a time. */
  idleQueuePollsPerMinute: 5 * 3,
  /** Lambda gives a function memory/1,769 of a vCPU: CPU work measured on one core here takes 1,769/memory times longer. */
  mbPerVcpu: 1769,
  /** Months of raw pages kept in Standard on average in year one (objects over 128 KiB move to IA after 30 days). */
  averageMonthsStored: 6,
  /**
   * Re-extraction jobs a month (a promotion or a rollback): the weekly retrain promotes only with new
   * editors' verdicts and a model not worse on any field, so at most 4.3; one is the working figure.
   */
  reextractJobsPerMonth: 1,
  /** Records a job rebuilds: a year of them (the storage line's figure). */
  reextractRecordsPerJob: 20 * 365,
  /** Records per job step (functions/composition/learning.ts REEXTRACT_PAGE_SIZE). */
  reextractRecordsPerStep: 25,
  /** A rebuilt record's S3 GET of its raw page and its DynamoDB round trips, seconds. */
  reextractIoSecondsPerRecord: 0.05,
  /**
   * Projector writes per rebuilt record: its ~3 listing rows carry the record's version, so they are
   * rewritten; its postings are not (same text, same terms).
   */
  reextractProjectorWriteUnitsPerRecord: 8,
} as const;

/** Figures measured by `npm run bench` on this machine, used when bench-results.json is absent (from the README's run). */
export const RECORDED_BENCH = {
  ingest: {
    cpuMsPerArticle: 14.13,
    cpuMsPerUnchangedRun: 14,
    dynamoWriteUnitsPerArticle: 16.21,
    dynamoReadUnitsPerArticle: 5.09,
    dynamoWriteUnitsPerUnchangedRun: 1,
    dynamoReadUnitsPerUnchangedRun: 4,
    cpuMsPerKnownEntry: 0.5,
    dynamoReadUnitsPerKnownEntry: 2,
    dynamoWriteUnitsPerKnownEntry: 0,
    s3PutsPerChangedRun: 1.75,
    listingBytesPerEntry: 2200,
    // The handler's own process: kremlin-ru's 800 articles as one invocation (npm run bench -- ingest, 2026-12-04).
    peakRssMb: 121.5 as number | null,
    // The projector's share (npm run bench -- ingest, 2026-12-04 06:20, a loaded machine): ~116 postings and ~3 listing rows per record.
    projectorCpuMsPerArticle: 15.3,
    projectorWriteUnitsPerArticle: 124,
    projectorReadUnitsPerArticle: 4,
  },
  ingestColdImportCpuMs: 1500,
  apiServerCpuMsPerRequest: 3.4,
};

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, any> }> };

/** Synthesizes the app (bundling skipped, as in the infra tests) for `stage` with `sources` and returns every template. */
function synthesizeTemplates(stage: string, sources: Array<{ id: string; scheduleMinutes: number; expectedCadenceHours: number }>): Template[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pw-cost-'));
  try {
    const cdkJson = JSON.parse(readFileSync(path.join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> };
    const app = new App({ outdir, builtinCloudFormationValidation: false, context: { ...cdkJson.context, stage, 'aws:cdk:bundling-stacks': [] } });
    const config = resolveStageConfig((key) => app.node.tryGetContext(key), {});
    const stacks = addPracticeWatch(app, config, { sources, queryRoutes: QUERY_API_ROUTES, reviewRoutes: REVIEW_API_ROUTES });
    const assembly = app.synth();
    return Object.values(stacks).map((stack) => assembly.getStackByName(stack.stackName).template as Template);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function resources(templates: Template[], type: string) {
  return templates.flatMap((t) => Object.entries(t.Resources ?? {}).filter(([, r]) => r.Type === type).map(([id, r]) => ({ id, properties: r.Properties ?? {} })));
}

interface Line {
  item: string;
  arithmetic: string;
  usd: number;
}

const usd = (n: number) => `$${n.toFixed(2)}`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const dec = (n: number, d = 2) => n.toLocaleString('en-US', { maximumFractionDigits: d });

function benchFigures(): { source: string; ingest: typeof RECORDED_BENCH.ingest; coldImportCpuMs: number; apiCpuMs: number } {
  const file = path.join(root, 'bench-results.json');
  if (!existsSync(file)) return { source: 'recorded figures (no bench-results.json here: run `npm run bench` to measure)', ingest: RECORDED_BENCH.ingest, coldImportCpuMs: RECORDED_BENCH.ingestColdImportCpuMs, apiCpuMs: RECORDED_BENCH.apiServerCpuMsPerRequest };
  const results = JSON.parse(readFileSync(file, 'utf8')) as {
    generatedAt: string;
    ingest?: { model?: Partial<typeof RECORDED_BENCH.ingest> };
    rows?: Array<{ suite: string; figures?: Record<string, any> }>;
  };
  const model = results.ingest?.model;
  const bundle = results.rows?.find((r) => r.suite === 'bundles' && r.figures?.['entry'] === 'functions/lambda/ingest.ts')?.figures?.['coldImportCpuMs'];
  const api = results.rows?.find((r) => r.suite === 'api' && String(r.figures?.['backend'] ?? '').includes('dynamo'))?.figures?.['api']?.serverCpuMsPerRequest;
  const missing: string[] = [];
  if (!model) missing.push('ingest');
  if (typeof bundle !== 'number') missing.push('bundles');
  if (typeof api !== 'number') missing.push('api');
  return {
    source: `bench-results.json of ${results.generatedAt}${missing.length ? `; recorded figures for the suites it lacks (${missing.join(', ')})` : ''}`,
    // Results written before the bench measured the handler in its own process hold the bench
    // process's peak under `peakRssMb`: the recorded handler figure stands in for it.
    ingest: { ...RECORDED_BENCH.ingest, ...model, ...(model && !('benchProcessPeakRssMb' in model) ? { peakRssMb: RECORDED_BENCH.ingest.peakRssMb } : {}) },
    coldImportCpuMs: typeof bundle === 'number' ? bundle : RECORDED_BENCH.ingestColdImportCpuMs,
    apiCpuMs: typeof api === 'number' ? api : RECORDED_BENCH.apiServerCpuMsPerRequest,
  };
}

/**
 * The ingest function's memory against the bench's measured peak: the resident peak of the handler
 * in a process of its own (one invocation of the replay set's largest message, bundled like the
 * Lambda asset), not the bench process's (which also holds its baseline adapters and clients).
 */
function ingestMemoryNote(peakRssMb: number | null, configuredMb: number): string {
  if (peakRssMb === null) return `ingest memory: no measured peak (${configuredMb} MB configured)`;
  const headroom = configuredMb - peakRssMb;
  return (
    `ingest memory: the handler's own process peaked at ${peakRssMb} MB resident in the bench (its largest message as one invocation); ${configuredMb} MB configured, ` +
    (headroom >= 0 ? `${Math.round(headroom)} MB headroom` : `**${Math.round(-headroom)} MB short: raise ingestMemoryMb**`)
  );
}

/** The estimate: every line with its arithmetic, and the total. */
export function estimate(options: { stage?: string } = {}): { lines: Line[]; total: number; notes: string[]; benchSource: string } {
  const a = ASSUMPTIONS;
  const p = PRICES;
  const stage = options.stage ?? 'prod';
  const sources = Array.from({ length: a.sources }, (_, i) => ({ id: `source-${String(i + 1).padStart(2, '0')}`, scheduleMinutes: 60, expectedCadenceHours: 24 }));
  const templates = synthesizeTemplates(stage, sources);
  const bench = benchFigures();
  const b = bench.ingest;
  const lines: Line[] = [];
  const notes: string[] = [];

  // What the templates deploy.
  const functions = resources(templates, 'AWS::Lambda::Function');
  const fn = (idPrefix: string) => functions.find((f) => f.id.startsWith(idPrefix));
  const ingestFn = fn('IngestFunction');
  const queryFn = fn('QueryFunction');
  const reviewFn = fn('ReviewFunction');
  if (!ingestFn || !queryFn || !reviewFn) throw new Error('the templates lack the ingest, query or review function');
  const ingestGb = (ingestFn.properties['MemorySize'] as number) / 1024;
  const apiGb = (queryFn.properties['MemorySize'] as number) / 1024;
  // Source runs only: the projector's sweep is counted with the projector.
  const allSchedules = resources(templates, 'AWS::Scheduler::Schedule');
  const inputOf = (s: { properties: Record<string, any> }): Record<string, unknown> => {
    try {
      return JSON.parse(String(s.properties['Target']?.Input ?? '{}')) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const schedules = allSchedules.filter((s) => 'sourceId' in inputOf(s));
  const sweeps = allSchedules.filter((s) => inputOf(s)['drain'] === true);
  const runsPerMonth = schedules.reduce((n, s) => {
    const rate = /rate\((\d+) (minute|minutes|hour|hours)\)/.exec(String(s.properties['ScheduleExpression']));
    const minutes = rate ? Number(rate[1]) * (rate[2]!.startsWith('hour') ? 60 : 1) : 60;
    return n + (a.daysPerMonth * 24 * 60) / minutes;
  }, 0);
  const alarms = resources(templates, 'AWS::CloudWatch::Alarm');
  const alarmMetrics = alarms.reduce((n, alarm) => n + (Array.isArray(alarm.properties['Metrics']) ? (alarm.properties['Metrics'] as Array<{ MetricStat?: unknown }>).filter((m) => m.MetricStat).length : 1), 0);
  const customMetrics = new Set<string>();
  for (const alarm of alarms) {
    const stats = Array.isArray(alarm.properties['Metrics']) ? (alarm.properties['Metrics'] as Array<{ MetricStat?: { Metric: Record<string, any> } }>).flatMap((m) => (m.MetricStat ? [m.MetricStat.Metric] : [])) : [alarm.properties];
    for (const metric of stats) {
      if (metric['Namespace'] && !String(metric['Namespace']).startsWith('AWS/')) customMetrics.add(`${metric['Namespace']}/${metric['MetricName']}${JSON.stringify(metric['Dimensions'] ?? [])}`);
    }
  }
  const dashboards = resources(templates, 'AWS::CloudWatch::Dashboard');
  for (const dashboard of dashboards) {
    const body = JSON.stringify(dashboard.properties['DashboardBody']);
    if (/PracticeWatch/.test(body)) notes.push('the dashboard charts SourceFailing only, already counted');
  }
  const keys = resources(templates, 'AWS::KMS::Key');
  const secrets = resources(templates, 'AWS::SecretsManager::Secret');
  const pools = resources(templates, 'AWS::Cognito::UserPool');
  const nat = resources(templates, 'AWS::EC2::NatGateway');
  const tables = resources(templates, 'AWS::DynamoDB::Table');
  const pitr = tables.some((t) => t.properties['PointInTimeRecoverySpecification']?.PointInTimeRecoveryEnabled === true);
  const traced = functions.filter((f) => f.properties['TracingConfig']?.Mode === 'Active').map((f) => f.id);
  // The SQS event source long-polls (billed requests); Lambda's reads of a DynamoDB stream are free.
  const sqsMappings = resources(templates, 'AWS::Lambda::EventSourceMapping').filter((m) => !m.properties['StartingPosition']);
  const projectorFn = fn('ProjectorFunction');
  const reextractFn = fn('ReextractFunction');

  // Ingest compute, built up from measured CPU and the politeness waits a run needs.
  const scale = a.mbPerVcpu / (ingestFn.properties['MemorySize'] as number);
  const entryPoints = sourceProfiles.reduce((n, s) => n + s.entryPoints.length, 0) / sourceProfiles.length;
  const delay = Math.max(1, sourceProfiles.reduce((n, s) => n + s.politeness.minDelayMs, 0) / sourceProfiles.length / 1000);
  const newArticles = a.newArticlesPerDay * a.daysPerMonth;
  const everyRun = entryPoints * a.siteRoundTripSeconds + (entryPoints - 1) * delay + (b.cpuMsPerUnchangedRun / 1000) * scale;
  const changedExtra = ((a.entriesPerListing * b.cpuMsPerKnownEntry) / 1000) * scale;
  const coldExtra = (bench.coldImportCpuMs / 1000) * scale + a.siteRoundTripSeconds + delay;
  const perArticle = a.siteRoundTripSeconds + delay + (b.cpuMsPerArticle / 1000) * scale;
  const ingestSeconds = runsPerMonth * (everyRun + a.changedListingShare * Math.max(0, changedExtra) + a.coldStartShare * coldExtra) + newArticles * perArticle;
  const ingestGbSeconds = ingestSeconds * ingestGb;
  lines.push({
    item: `Lambda ingest compute (${ingestFn.properties['MemorySize']} MB, arm64)`,
    arithmetic:
      `${int(runsPerMonth)} runs × (${dec(entryPoints)} entry points × ${a.siteRoundTripSeconds} s round trip + ${dec(entryPoints - 1)} × ${dec(delay)} s politeness + ${dec(b.cpuMsPerUnchangedRun)} ms CPU × ${dec(scale)}) ` +
      `+ ${a.changedListingShare * 100}% changed listings × ${a.entriesPerListing} entries × ${dec(b.cpuMsPerKnownEntry)} ms CPU × ${dec(scale)} + ${a.coldStartShare * 100}% cold × ${dec(coldExtra)} s (import ${dec(bench.coldImportCpuMs, 0)} ms CPU × ${dec(scale)}, robots.txt) ` +
      `+ ${int(newArticles)} new articles × ${dec(perArticle)} s = ${int(ingestSeconds)} s × ${dec(ingestGb)} GB = ${int(ingestGbSeconds)} GB-s × $${p.lambdaArmGbSecond}`,
    usd: ingestGbSeconds * p.lambdaArmGbSecond,
  });
  // The projector: each new article's listing rows and postings (measured CPU, ~12 DynamoDB round
  // trips, the posting batches 8 at a time), and the hourly sweeps of an (almost always) empty outbox.
  let projectorInvocations = 0;
  if (projectorFn) {
    const projectorGb = (projectorFn.properties['MemorySize'] as number) / 1024;
    const projectorScale = a.mbPerVcpu / (projectorFn.properties['MemorySize'] as number);
    const sweepsPerMonth = sweeps.reduce((n, s) => {
      const rate = /rate\((\d+) (minute|minutes|hour|hours)\)/.exec(String(s.properties['ScheduleExpression']));
      const minutes = rate ? Number(rate[1]) * (rate[2]!.startsWith('hour') ? 60 : 1) : 60;
      return n + (a.daysPerMonth * 24 * 60) / minutes;
    }, 0);
    const perProjection = (b.projectorCpuMsPerArticle / 1000) * projectorScale + 0.1;
    const projectorSeconds = newArticles * perProjection + sweepsPerMonth * 0.1;
    // At most one stream invocation per new article (batches of the same run share one).
    projectorInvocations = newArticles + sweepsPerMonth;
    lines.push({
      item: `Lambda projector compute (${projectorFn.properties['MemorySize']} MB)`,
      arithmetic:
        `${int(newArticles)} new articles × (${dec(b.projectorCpuMsPerArticle)} ms CPU × ${dec(projectorScale)} + 0.1 s DynamoDB) + ${int(sweepsPerMonth)} sweeps × 0.1 s = ${int(projectorSeconds)} s × ${dec(projectorGb)} GB = ${int(projectorSeconds * projectorGb)} GB-s × $${p.lambdaArmGbSecond}`,
      usd: projectorSeconds * projectorGb * p.lambdaArmGbSecond,
    });
    const pru = newArticles * b.projectorReadUnitsPerArticle;
    const pwu = newArticles * b.projectorWriteUnitsPerArticle;
    lines.push({
      item: 'DynamoDB projector requests (listing rows and postings)',
      arithmetic: `${int(newArticles)} new articles × (${dec(b.projectorReadUnitsPerArticle)} RRU + ${dec(b.projectorWriteUnitsPerArticle)} WRU) = ${int(pru)} RRU × $${p.dynamoReadUnitPerMillion}/M + ${int(pwu)} WRU × $${p.dynamoWriteUnitPerMillion}/M; the stream's reads by Lambda are free`,
      usd: (pru / 1e6) * p.dynamoReadUnitPerMillion + (pwu / 1e6) * p.dynamoWriteUnitPerMillion,
    });
    lines.push({ item: `EventBridge Scheduler (${sweeps.length} projector sweep)`, arithmetic: `${int(sweepsPerMonth)} invocations × $${p.schedulerInvocationPerMillion}/M`, usd: (sweepsPerMonth / 1e6) * p.schedulerInvocationPerMillion });
  }
  const apiScale = a.mbPerVcpu / (queryFn.properties['MemorySize'] as number);
  const apiSeconds = a.apiRequestsPerMonth * ((bench.apiCpuMs / 1000) * apiScale + 0.01);
  lines.push({
    item: `Lambda API compute (${queryFn.properties['MemorySize']} MB)`,
    arithmetic: `${int(a.apiRequestsPerMonth)} requests × (${dec(bench.apiCpuMs)} ms CPU × ${dec(apiScale)} + 10 ms DynamoDB) = ${int(apiSeconds)} s × ${dec(apiGb)} GB = ${int(apiSeconds * apiGb)} GB-s`,
    usd: apiSeconds * apiGb * p.lambdaArmGbSecond,
  });
  // The re-extraction job after a promotion or rollback: every stored record rebuilt once, a page a step.
  let reextractSteps = 0;
  if (reextractFn) {
    const records = a.reextractJobsPerMonth * a.reextractRecordsPerJob;
    reextractSteps = Math.ceil(a.reextractRecordsPerJob / a.reextractRecordsPerStep) * a.reextractJobsPerMonth;
    const memory = reextractFn.properties['MemorySize'] as number;
    const reextractScale = a.mbPerVcpu / memory;
    const seconds = records * ((b.cpuMsPerArticle / 1000) * reextractScale + a.reextractIoSecondsPerRecord);
    lines.push({
      item: `Lambda re-extraction compute (${memory} MB)`,
      arithmetic: `${a.reextractJobsPerMonth} job × ${int(a.reextractRecordsPerJob)} records × (${dec(b.cpuMsPerArticle)} ms CPU × ${dec(reextractScale)} + ${a.reextractIoSecondsPerRecord} s S3 and DynamoDB) = ${int(seconds)} s × ${dec(memory / 1024)} GB × $${p.lambdaArmGbSecond}`,
      usd: seconds * (memory / 1024) * p.lambdaArmGbSecond,
    });
    const rru = records * b.dynamoReadUnitsPerArticle;
    const wru = records * (b.dynamoWriteUnitsPerArticle + a.reextractProjectorWriteUnitsPerRecord);
    lines.push({
      item: 'Re-extraction: DynamoDB and S3 requests',
      arithmetic: `${int(records)} records × (${dec(b.dynamoReadUnitsPerArticle)} RRU + ${dec(b.dynamoWriteUnitsPerArticle)} WRU + ${a.reextractProjectorWriteUnitsPerRecord} WRU listing rows) = ${int(rru)} RRU × $${p.dynamoReadUnitPerMillion}/M + ${int(wru)} WRU × $${p.dynamoWriteUnitPerMillion}/M; ${int(records)} raw-page GETs × $${p.s3GetPerThousand}/1,000`,
      usd: (rru / 1e6) * p.dynamoReadUnitPerMillion + (wru / 1e6) * p.dynamoWriteUnitPerMillion + (records / 1000) * p.s3GetPerThousand,
    });
  }

  const invocations = runsPerMonth + a.apiRequestsPerMonth + projectorInvocations + reextractSteps;
  lines.push({ item: 'Lambda requests', arithmetic: `${int(invocations)} (${int(runsPerMonth)} ingest, ${int(a.apiRequestsPerMonth)} API, ${int(projectorInvocations)} projector, ${int(reextractSteps)} re-extraction steps) × $${p.lambdaRequestPerMillion}/M`, usd: (invocations / 1e6) * p.lambdaRequestPerMillion });

  // Every SQS event source long-polls its queue all month, empty or not (the re-extraction queue too).
  const idlePolls = sqsMappings.length * a.idleQueuePollsPerMinute * a.daysPerMonth * 24 * 60;
  const sqsRequests = runsPerMonth * 3 + reextractSteps * 3 + idlePolls;
  lines.push({
    item: 'SQS',
    arithmetic: `${int(runsPerMonth)} runs × 3 (send, receive, delete) + ${int(reextractSteps)} re-extraction steps × 3 + ${int(idlePolls)} idle long polls of ${sqsMappings.length} event sources = ${int(sqsRequests)} × $${p.sqsRequestPerMillion}/M`,
    usd: (sqsRequests / 1e6) * p.sqsRequestPerMillion,
  });
  lines.push({ item: `EventBridge Scheduler (${schedules.length} schedules)`, arithmetic: `${int(runsPerMonth)} invocations × $${p.schedulerInvocationPerMillion}/M`, usd: (runsPerMonth / 1e6) * p.schedulerInvocationPerMillion });

  // DynamoDB, from measured capacity units.
  const knownListingRru = b.dynamoReadUnitsPerUnchangedRun + a.entriesPerListing * b.dynamoReadUnitsPerKnownEntry;
  const knownListingWru = b.dynamoWriteUnitsPerUnchangedRun + a.entriesPerListing * b.dynamoWriteUnitsPerKnownEntry;
  const unchangedRuns = runsPerMonth * (1 - a.changedListingShare);
  const changedRuns = runsPerMonth * a.changedListingShare;
  const rru = unchangedRuns * b.dynamoReadUnitsPerUnchangedRun + changedRuns * knownListingRru + newArticles * b.dynamoReadUnitsPerArticle + a.apiRequestsPerMonth * a.apiReadUnitsPerRequest;
  const wru = unchangedRuns * b.dynamoWriteUnitsPerUnchangedRun + changedRuns * knownListingWru + newArticles * b.dynamoWriteUnitsPerArticle;
  void knownListingWru;
  lines.push({
    item: 'DynamoDB requests (on demand)',
    arithmetic:
      `reads ${int(unchangedRuns)} × ${dec(b.dynamoReadUnitsPerUnchangedRun)} + ${int(changedRuns)} changed × (${dec(b.dynamoReadUnitsPerUnchangedRun)} + ${a.entriesPerListing} entries × ${dec(b.dynamoReadUnitsPerKnownEntry)}) + ${int(newArticles)} × ${dec(b.dynamoReadUnitsPerArticle)} + API ${int(a.apiRequestsPerMonth)} × ${a.apiReadUnitsPerRequest} = ${int(rru)} RRU × $${p.dynamoReadUnitPerMillion}/M; ` +
      `writes ${int(runsPerMonth)} × ${dec(b.dynamoWriteUnitsPerUnchangedRun)} (source state) + ${int(changedRuns)} × ${a.entriesPerListing} × ${dec(b.dynamoWriteUnitsPerKnownEntry)} + ${int(newArticles)} × ${dec(b.dynamoWriteUnitsPerArticle)} = ${int(wru)} WRU × $${p.dynamoWriteUnitPerMillion}/M`,
    usd: (rru / 1e6) * p.dynamoReadUnitPerMillion + (wru / 1e6) * p.dynamoWriteUnitPerMillion,
  });
  const tableGb = (newArticles * 12 * 8) / 1024 / 1024 + 0.05;
  lines.push({ item: `DynamoDB storage${pitr ? ' and PITR' : ''}`, arithmetic: `≈ ${dec(tableGb, 3)} GB (a year of records, ~8 KB with their rows) × ($${p.dynamoStorageGbMonth}${pitr ? ` + $${p.dynamoPitrGbMonth}` : ''})`, usd: tableGb * (p.dynamoStorageGbMonth + (pitr ? p.dynamoPitrGbMonth : 0)) });

  // S3: the raw pages of changed listings and new articles.
  const listingBytes = a.entriesPerListing * b.listingBytesPerEntry;
  const puts = changedRuns * b.s3PutsPerChangedRun + newArticles;
  const addedGb = (changedRuns * b.s3PutsPerChangedRun * listingBytes * a.rawPageCompression + newArticles * a.articlePageKb * 1024 * a.rawPageCompression) / 1024 ** 3;
  const storedGb = addedGb * a.averageMonthsStored;
  lines.push({
    item: 'S3 raw pages',
    arithmetic: `${int(puts)} PUTs (${int(changedRuns)} changed runs × ${dec(b.s3PutsPerChangedRun)} listings + ${int(newArticles)} articles) × $${p.s3PutPerThousand}/1,000; ${dec(addedGb, 3)} GB added a month (${int(listingBytes / 1024)} KB listings, ${a.articlePageKb} KB articles, × ${a.rawPageCompression} gzip), ≈ ${dec(storedGb, 2)} GB stored × $${p.s3StandardGbMonth}`,
    usd: (puts / 1000) * p.s3PutPerThousand + storedGb * p.s3StandardGbMonth,
  });
  lines.push({ item: 'API Gateway HTTP API', arithmetic: `${int(a.apiRequestsPerMonth)} × $${p.httpApiPerMillion}/M`, usd: (a.apiRequestsPerMonth / 1e6) * p.httpApiPerMillion });
  const logGb = (runsPerMonth * a.ingestLogBytesPerRun + a.apiRequestsPerMonth * a.apiLogBytesPerRequest) / 1024 ** 3;
  lines.push({ item: 'CloudWatch Logs', arithmetic: `(${int(runsPerMonth)} runs × ${a.ingestLogBytesPerRun} B + ${int(a.apiRequestsPerMonth)} requests × ${a.apiLogBytesPerRequest} B) = ${dec(logGb, 3)} GB × ($${p.logsIngestionGb} ingestion + $${p.logsStorageGbMonth} storage)`, usd: logGb * (p.logsIngestionGb + p.logsStorageGbMonth) });
  lines.push({ item: 'CloudWatch custom metrics', arithmetic: `${customMetrics.size} (${[...customMetrics].map((m) => m.split('[')[0]).join(', ')}; none per source) × $${p.customMetricMonth}`, usd: customMetrics.size * p.customMetricMonth });
  lines.push({ item: 'CloudWatch alarms', arithmetic: `${alarms.length} alarms watching ${alarmMetrics} metrics × $${p.alarmMetricMonth}`, usd: alarmMetrics * p.alarmMetricMonth });
  lines.push({ item: 'CloudWatch dashboards', arithmetic: `${dashboards.length} × $${p.dashboardMonth}${dashboards.length === 0 ? ' (opt-in: -c dashboard=true adds $3.00)' : ''}`, usd: dashboards.length * p.dashboardMonth });
  const traces = (traced.some((id) => id.startsWith('IngestFunction')) ? runsPerMonth : 0) + (traced.some((id) => id.startsWith('QueryFunction')) ? a.apiRequestsPerMonth : 0);
  lines.push({ item: `X-Ray (active tracing: ${traced.length} functions)`, arithmetic: `${int(traces)} traces (sparse traffic: the default rule's 1/s reservoir samples nearly all) × $${p.xrayTracePerMillion}/M`, usd: (traces / 1e6) * p.xrayTracePerMillion });
  lines.push({ item: 'KMS keys', arithmetic: `${keys.length} (the alarm topic's key: CloudWatch cannot publish to a topic under an AWS-managed key) × $${p.kmsKeyMonth}`, usd: keys.length * p.kmsKeyMonth });
  lines.push({ item: 'Secrets Manager', arithmetic: `${secrets.length} (cursor secret, resolved at deploy) × $${p.secretMonth}`, usd: secrets.length * p.secretMonth });
  const plus = pools.some((pool) => pool.properties['UserPoolTier'] === 'PLUS');
  lines.push({ item: `Cognito (${plus ? 'Plus' : 'Essentials'} plan)`, arithmetic: `${a.editors} editors × $${plus ? p.cognitoPlusMau : p.cognitoEssentialsMau}/MAU`, usd: a.editors * (plus ? p.cognitoPlusMau : p.cognitoEssentialsMau) });
  const outGb = (a.apiRequestsPerMonth * a.apiResponseKb) / 1024 / 1024;
  lines.push({ item: 'Data transfer out (API responses)', arithmetic: `${dec(outGb)} GB × $${p.dataTransferOutGb}`, usd: outGb * p.dataTransferOutGb });
  lines.push({ item: 'CloudFront (editors\' console)', arithmetic: `well under 0.1 GB × $${p.cloudFrontGb}`, usd: 0.1 * p.cloudFrontGb });
  if (nat.length > 0) {
    lines.push({ item: 'NAT gateway + Elastic IP (fixed egress)', arithmetic: `${nat.length} × 730 h × ($${p.natGatewayHour} + $${p.elasticIpHour})`, usd: nat.length * 730 * (p.natGatewayHour + p.elasticIpHour) });
  }
  lines.push({ item: 'SNS alarm e-mails', arithmetic: 'a handful a month', usd: 0 });

  const total = lines.reduce((sum, line) => sum + line.usd, 0);
  notes.push(
    `templates: stage ${stage}, ${a.sources} sources polled hourly (${schedules.length} schedules), ${functions.length} functions (${functions.map((f) => `${f.id.replace(/[A-F0-9]{8}$/, '')} ${f.properties['MemorySize'] ?? 128} MB`).join(', ')}; the console deployment's handler runs only on deploy)`,
    `bench: ${bench.source}`,
    ingestMemoryNote(b.peakRssMb, ingestFn.properties['MemorySize'] as number),
    'prices: eu-central-1 on-demand list prices (2025), no free tier; CPU-bound work on Lambda is scaled by 1,769 MB per vCPU, the speed of this machine\'s cores taken as Graviton\'s',
  );
  return { lines, total, notes, benchSource: bench.source };
}

function main(): void {
  const args = process.argv.slice(2);
  const stageIndex = args.indexOf('--stage');
  const stage = stageIndex >= 0 ? args[stageIndex + 1] : 'prod';
  const { lines, total, notes } = estimate({ stage });
  if (args.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ total, target: TARGET_USD, lines, notes, assumptions: ASSUMPTIONS, prices: PRICES }, null, 2)}\n`);
  } else {
    const width = Math.max(...lines.map((l) => l.item.length));
    process.stdout.write(`Monthly cost, ${ASSUMPTIONS.sources} sources polled hourly, without the free tier\n\n`);
    for (const line of lines) process.stdout.write(`${line.item.padEnd(width)}  ${usd(line.usd).padStart(7)}   ${line.arithmetic}\n`);
    process.stdout.write(`${'total'.padEnd(width)}  ${usd(total).padStart(7)}   (target < $${TARGET_USD})\n\n`);
    for (const note of notes) process.stdout.write(`- ${note}\n`);
  }
  process.exit(total < TARGET_USD ? 0 : 1);
}

main();
