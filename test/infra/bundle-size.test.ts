import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BUNDLE_SETTINGS } from '../../infra/constructs/practice-function.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const LIMIT_BYTES = 500 * 1024;

/** Every deployed bundle: the three functions and the ingest function's parse worker. */
const ENTRIES = [
  'functions/lambda/ingest.ts',
  'functions/lambda/query-api.ts',
  'functions/lambda/review-api.ts',
  'functions/adapters/parse-worker/parse-worker.ts',
];

async function bundle(entry: string) {
  const result = await build({
    ...BUNDLE_SETTINGS,
    mainFields: [...BUNDLE_SETTINGS.mainFields],
    external: [...BUNDLE_SETTINGS.external],
    banner: { js: BUNDLE_SETTINGS.banner },
    entryPoints: [path.join(root, entry)],
    bundle: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0]!;
  const heaviest = Object.entries(output.inputs)
    .sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)
    .slice(0, 5)
    .map(([file, info]) => `${file.replace(/^.*node_modules\//, '')} ${Math.round(info.bytesInOutput / 1024)} KB`);
  return { bytes: output.bytes, heaviest };
}

describe('function bundles (the esbuild settings of the house construct)', () => {
  it.each(ENTRIES)('%s is at most 500 KB minified', async (entry) => {
    const { bytes, heaviest } = await bundle(entry);
    console.info(`${entry}: ${Math.round(bytes / 1024)} KB minified; heaviest: ${heaviest.join(', ')}`);
    expect(bytes, heaviest.join('\n')).toBeLessThanOrEqual(LIMIT_BYTES);
  }, 60_000);
});
