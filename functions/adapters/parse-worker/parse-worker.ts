/**
 * Worker-thread entry of `WorkerDocumentParser`: loads the source registry, says `ready`,
 * then answers one parse job at a time with a plain-JSON reply. Bundled separately for Lambda
 * as `parse-worker.mjs` beside the handler.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ParseJob } from '../../core/ports.js';
import { runParseJob, type SourceRegistryModule } from './parse-job.js';

interface WorkerInput {
  /** URL of the registry module; absent means the real one (bundled with this file). */
  registryModule?: string;
}

const port = parentPort;
if (!port) throw new Error('parse-worker must run in a worker thread');

const input = (workerData ?? {}) as WorkerInput;

async function loadRegistry(): Promise<SourceRegistryModule> {
  if (input.registryModule) return (await import(input.registryModule)) as SourceRegistryModule;
  // A literal specifier, so that bundlers include the real registry in parse-worker.mjs.
  return (await import('../../sources/registry.js')) as SourceRegistryModule;
}

loadRegistry().then(
  (registry) => {
    port.on('message', (message: { id: number; job: ParseJob }) => {
      void runParseJob(registry, message.job).then((reply) => port.postMessage({ id: message.id, reply }));
    });
    port.postMessage({ ready: true });
  },
  (error: unknown) => {
    port.postMessage({ ready: false, message: error instanceof Error ? error.message : String(error) });
  },
);
