import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

// The functions' esbuild settings, apart from the CDK construct so that tests and benches that
// bundle like the Lambda asset read them without loading aws-cdk-lib.

/** Repository root: bundling resolves entries and the lock file from here, whatever the working directory. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

// ESM bundles have no `require`; CommonJS dependencies bundled into them (e.g. the X-Ray SDK) call it.
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);";

/**
 * The esbuild settings every function (and worker) bundle is built with, exported so that the
 * bundle-size test and `npm run bench` build exactly what deploys. `external`: the runtime's AWS
 * SDK v3 (see below). `charset: 'utf8'`: the catalogues, lexicons and patterns are Cyrillic, and
 * esbuild's default ASCII output writes each such letter as a six-byte `\uXXXX` escape (68 KB of
 * the ingest bundle). `alias`: `semver` (28 KB), needed by the X-Ray SDK only to check an SDK v2
 * version we never pass it, is replaced by a one-function stand-in; `@nlpjs/core`, of which the
 * stemmers take two classes, by those two modules (8 KB less in every bundle that stems).
 */
export const BUNDLE_SETTINGS = {
  format: 'esm',
  platform: 'node',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  charset: 'utf8',
  banner: ESM_REQUIRE_BANNER,
  external: ['@aws-sdk/*'],
  alias: {
    semver: join(PROJECT_ROOT, 'infra', 'constructs', 'bundling', 'semver-gte.cjs'),
    '@nlpjs/core': join(PROJECT_ROOT, 'infra', 'constructs', 'bundling', 'nlpjs-core-stemmer.cjs'),
  },
} as const;

/**
 * The same settings for a bundle run here, under this machine's Node (the crash suite's worker, the
 * ingest bench's handler process): the runtime's target and the AWS SDK bundled in, as no Lambda
 * runtime provides it here.
 */
export const LOCAL_RUN_BUNDLE: BuildOptions = {
  bundle: true,
  format: BUNDLE_SETTINGS.format,
  platform: BUNDLE_SETTINGS.platform,
  target: 'node20',
  mainFields: [...BUNDLE_SETTINGS.mainFields],
  charset: BUNDLE_SETTINGS.charset,
  banner: { js: ESM_REQUIRE_BANNER },
  alias: { ...BUNDLE_SETTINGS.alias },
  logLevel: 'silent',
};
