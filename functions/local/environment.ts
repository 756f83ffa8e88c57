import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { startLocalStack, type LocalStack } from './local-stack.js';

/** The repository root (two levels above this file). */
export const projectRoot = path.resolve(import.meta.dirname, '..', '..');

/** Where local data lives: git-ignored `.local/`, kept between runs, wiped by `--fresh`. */
export const localDir = loadConfig().localDataDir ?? path.join(projectRoot, '.local');

const endpointsFile = path.join(localDir, 'endpoints.json');

export interface LocalEnvironment {
  config: Config;
  /** Set when this process started the servers (and must stop them). */
  stack: LocalStack | null;
  close(): Promise<void>;
}

interface Endpoints {
  pid: number;
  dynamoEndpoint: string;
  s3Endpoint: string;
}

function configFor(endpoints: { dynamoEndpoint: string; s3Endpoint: string }): Config {
  return loadConfig({
    ...process.env,
    DYNAMODB_ENDPOINT: endpoints.dynamoEndpoint,
    S3_ENDPOINT: endpoints.s3Endpoint,
    AUTH_ISSUER: process.env.AUTH_ISSUER ?? 'practice-watch-local',
    AUTH_AUDIENCE: process.env.AUTH_AUDIENCE ?? 'practice-watch-console',
  });
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}

/** The servers of a running `npm start`, if there is one (DynamoDB Local cannot share its files). */
async function runningEndpoints(): Promise<Endpoints | null> {
  if (!existsSync(endpointsFile)) return null;
  try {
    const endpoints = JSON.parse(readFileSync(endpointsFile, 'utf8')) as Endpoints;
    process.kill(endpoints.pid, 0);
    if ((await answers(endpoints.dynamoEndpoint)) && (await answers(endpoints.s3Endpoint))) return endpoints;
  } catch {
    // A stale file from a process that is gone.
  }
  return null;
}

/**
 * Opens the local DynamoDB and S3: reuses the servers of a running `npm start`, or starts its own
 * on `.local/` (and, with `advertise`, tells later CLI runs where they are).
 */
export async function openLocalEnvironment(options: { fresh?: boolean; advertise?: boolean; log?: (line: string) => void } = {}): Promise<LocalEnvironment> {
  const log = options.log ?? (() => {});
  if (options.fresh) {
    if (await runningEndpoints()) throw new Error('--fresh: another `npm start` is using .local/; stop it first');
    rmSync(localDir, { recursive: true, force: true });
  }
  mkdirSync(localDir, { recursive: true });
  const running = options.fresh ? null : await runningEndpoints();
  if (running) {
    log(`using the local servers of process ${running.pid}`);
    return { config: configFor(running), stack: null, close: async () => {} };
  }
  const stack = await startLocalStack({ dataDir: localDir, log });
  if (options.advertise) {
    writeFileSync(endpointsFile, JSON.stringify({ pid: process.pid, dynamoEndpoint: stack.dynamoEndpoint, s3Endpoint: stack.s3Endpoint }));
  }
  return {
    config: configFor(stack),
    stack,
    async close() {
      if (options.advertise && existsSync(endpointsFile)) unlinkSync(endpointsFile);
      await stack.stop();
    },
  };
}
