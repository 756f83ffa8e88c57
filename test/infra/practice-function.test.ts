import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PracticeFunction } from '../../infra/constructs/practice-function.js';

const MAX_BUNDLE_BYTES = 500 * 1024;

describe('PracticeFunction', () => {
  let outdir: string;
  let template: Template;
  let assetDir: string;

  // Bundles for real (local esbuild, no Docker) a fixture handler with a CommonJS dependency and a worker.
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'pw-fn-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'FunctionFixture');
    const policy = (id: string) =>
      new ManagedPolicy(stack, id, { statements: [new PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::fixture/*'] })] });
    new PracticeFunction(stack, 'Fixture', {
      entry: 'test/infra/fixtures/handler.ts',
      workers: { 'parse-worker.mjs': 'test/infra/fixtures/worker.ts' },
      // As the API functions ship the search glossary.
      files: { 'glossary.json': 'functions/core/search/glossary.json' },
      description: 'fixture',
      serviceName: 'fixture',
      logRetention: RetentionDays.ONE_WEEK,
      logLevel: 'INFO',
    })
      .bindTable({ name: 'fixture-table', read: policy('TableRead'), readWrite: policy('TableReadWrite') }, 'read')
      .bindBucket({ name: 'fixture-bucket', read: policy('BucketRead'), readWrite: policy('BucketReadWrite') }, 'readWrite');
    template = Template.fromStack(stack);
    const fn = Object.values(template.findResources('AWS::Lambda::Function'))[0] as { Properties: { Code: { S3Key: string } } };
    assetDir = join(outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  }, 120_000);

  it('bundles the handler as minified ESM with the createRequire banner and a source map', () => {
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle.startsWith("import { createRequire as __pwCreateRequire } from 'node:module'; const require = __pwCreateRequire(import.meta.url);")).toBe(true);
    expect(bundle).toMatch(/export\s*\{/);
    expect(bundle.split('\n').length).toBeLessThan(10);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    expect(statSync(join(assetDir, 'index.mjs')).size).toBeLessThan(MAX_BUNDLE_BYTES);
  });

  it('writes UTF-8 and replaces semver by the stand-in, in the handler and the workers alike', () => {
    const bundle = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(bundle).toContain('Привет');
    expect(bundle).toContain('is not available in the function bundle');
    expect(bundle).not.toContain('SEMVER_SPEC_VERSION');
    expect(readFileSync(join(assetDir, 'parse-worker.mjs'), 'utf8')).toContain('Привет');
  });

  it('copies the listed files beside the handler, unchanged', () => {
    expect(readFileSync(join(assetDir, 'glossary.json'), 'utf8')).toBe(readFileSync('functions/core/search/glossary.json', 'utf8'));
  });

  it('bundles each worker beside the handler', () => {
    const worker = readFileSync(join(assetDir, 'parse-worker.mjs'), 'utf8');
    expect(worker).toContain('createRequire');
    expect(worker).toContain('postMessage');
    expect(existsSync(join(assetDir, 'parse-worker.mjs.map'))).toBe(true);
  });

  it('binds data by attaching the chosen policy and setting the variable in one call', () => {
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0] as { Properties: { ManagedPolicyArns: Array<{ Ref: string }> } };
    const attached = role.Properties.ManagedPolicyArns.map((arn) => arn.Ref);
    expect(attached).toHaveLength(2);
    expect(attached.some((id) => id.startsWith('TableRead') && !id.startsWith('TableReadWrite'))).toBe(true);
    expect(attached.some((id) => id.startsWith('BucketReadWrite'))).toBe(true);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { TABLE_NAME: 'fixture-table', RAW_BUCKET: 'fixture-bucket', POWERTOOLS_SERVICE_NAME: 'fixture' } },
    });
  });

  it('writes logs only to its own retained log group, without the AWS managed basic role', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('logs:PutLogEvents');
    expect(JSON.stringify(template.findResources('AWS::IAM::Role'))).not.toContain('AWSLambdaBasicExecutionRole');
  });
});
