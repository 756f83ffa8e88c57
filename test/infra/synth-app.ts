import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { PROJECT_ROOT } from '../../infra/constructs/practice-function.js';
import { resolveStageConfig } from '../../infra/config.js';
import { addPracticeWatch, type PracticeWatchInputs, type PracticeWatchStacks } from '../../infra/practice-watch.js';

/** The context in cdk.json, so the tests synthesize with the same feature flags as `npm run synth`. */
export const cdkJsonContext = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** A synthesized app: its stacks and the cloud assembly (templates, validation report). */
export interface SynthesizedApp {
  app: App;
  stacks: PracticeWatchStacks;
  assembly: CloudAssembly;
}

/**
 * Builds and synthesizes one stage with bundling skipped (`aws:cdk:bundling-stacks: []`), no
 * account or region (environment-agnostic, as offline synth is) and cdk-nag registered.
 */
export function synthesize(inputs: PracticeWatchInputs, context: Record<string, unknown> = {}): SynthesizedApp {
  const app = testApp(context);
  const config = resolveStageConfig((key) => app.node.tryGetContext(key), {});
  const stacks = addPracticeWatch(app, config, inputs);
  const assembly = app.synth();
  return { app, stacks, assembly };
}

/** An app with cdk.json's context, bundling skipped and a temporary output directory. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({
    outdir: mkdtempSync(join(tmpdir(), 'pw-cdk-')),
    // The built-in CloudFormation schema validation takes 10-40 s here; `npm run synth` still runs it.
    builtinCloudFormationValidation: false,
    context: { ...cdkJsonContext, ...context, 'aws:cdk:bundling-stacks': [] },
  });
}

/** Every stack of a synthesized stage, for assertions over all templates. */
export function allStacks(stacks: PracticeWatchStacks): Stack[] {
  return Object.values(stacks);
}
