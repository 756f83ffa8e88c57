import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createConsoleResponder } from '../console/serve-console.js';
import { QUERY_API_ROUTES, REVIEW_API_ROUTES } from '../handlers/api/routes.js';
import { sourceProfiles as sources } from '../sources/profiles.js';
import { localDir } from './environment.js';
import { createHttpServer, problem } from './http-bridge.js';
import { createLocalRuntime } from './runtime.js';
import { startScheduler } from './scheduler.js';

const USAGE = `usage: npm start [-- --replay] [-- --fresh]

Starts DynamoDB Local and an S3 server (data in .local/), the ingestion scheduler (each source on
its own schedule) and the HTTP API with the editors' console on http://localhost:$PORT (default 3000).
  --replay   serve every source's recorded fixtures from a local replay server (fully offline)
  --fresh    wipe .local/ before starting`;

const log = (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

async function main() {
  const { values } = parseArgs({ options: { replay: { type: 'boolean' }, fresh: { type: 'boolean' }, help: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let port = loadConfig().localPort;
  // The Atom feed's links are built from the public base URL, so a random port is chosen before anything is built.
  if (port === 0) port = await freePort();
  process.env.PUBLIC_BASE_URL ??= `http://localhost:${port}`;

  // Signals are handled from the first moment, so Ctrl-C during startup also stops what started.
  const cleanups: Array<() => Promise<void>> = [];
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    setTimeout(() => process.exit(1), 15_000).unref();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => log(`while stopping: ${String(error)}`));
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const runtime = await createLocalRuntime({ replay: Boolean(values.replay), fresh: Boolean(values.fresh), advertise: true, log });
  cleanups.push(() => runtime.close());
  if (stopping) return;
  const consoleResponder = createConsoleResponder({ config: { apiBaseUrl: '', auth: { mode: 'local' } } });
  const server = createHttpServer(
    [
      ...QUERY_API_ROUTES.map((routeKey) => ({ routeKey, handler: runtime.queryHandler })),
      ...REVIEW_API_ROUTES.map((routeKey) => ({ routeKey, handler: runtime.reviewHandler })),
    ],
    {
      log,
      fallback: (req, res) => {
        if (!consoleResponder(req, res)) {
          // The same not_found problem the API's $default route gives for an unknown path in AWS.
          problem(res, 404, 'Not Found', 'no such route');
        }
      },
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;

  // The projector's own loop, as its function runs beside the ingest function in AWS.
  runtime.projector.start();
  const scheduler = startScheduler(sources, runtime.ingestHandler, { log, staggerMs: 250 });
  cleanups.push(() => scheduler.stop());

  const stack = runtime.stack;
  log('practice-watch is running');
  log(`  API        http://localhost:${actualPort}/practices  (also /sources, /practices.atom, /openapi.json)`);
  log(`  public     http://localhost:${actualPort}/           (map, search, stories; no sign-in)`);
  log(`  console    http://localhost:${actualPort}/console/   (token: npm run cli -- token --editor NAME)`);
  if (stack) log(`  DynamoDB   ${stack.dynamoEndpoint} (${stack.dynamoEngine}), S3 ${stack.s3Endpoint}, data in ${localDir}`);
  log(`  sources    ${sources.length}, ${values.replay ? `replayed from fixtures on port ${runtime.replay?.port}` : 'fetched from the real sites'}`);
  log('Ctrl-C stops everything');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
