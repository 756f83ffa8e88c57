import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) stack.push(full);
      else if (/\.(ts|js|mjs)$/.test(name)) out.push(full);
    }
  }
  return out;
}

/** Every module specifier a file imports, statically or dynamically. */
export function importsOf(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3] ?? match[4])!);
  return specifiers;
}

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep);

/** Relative imports of the files under `from` (a folder or one file) that land inside `to`. */
function crossings(from: string, to: string): string[] {
  const files = statSync(from).isDirectory() ? filesUnder(from) : [from];
  const offenders: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.') && inside(path.resolve(path.dirname(file), specifier), to)) {
        offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
  }
  return offenders;
}

/** Modules a file loads at run time: `import type` and `export type` statements are erased. */
function valueImportsOf(source: string): string[] {
  return importsOf(source.replace(/^\s*(?:import|export)\s+type\s[^;]*;/gm, ''));
}

/** Every module reachable from `entry` through value imports (relative ones followed, packages listed). */
function loadedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of valueImportsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) stack.push(path.resolve(path.dirname(file), specifier).replace(/\.js$/, '.ts'));
      else seen.add(specifier);
    }
  }
  return seen;
}

const FORBIDDEN_IN_CORE = [/^@aws-sdk\//, /^aws-sdk$/, /^@middy\//, /^cheerio(\/|$)/, /^rss-parser$/, /^htmlparser2/, /^undici$/, /^node:http/, /^@aws-lambda-powertools\//];

describe('architecture', () => {
  it('finds the imports the rule is about (the checker itself works)', () => {
    const sample = "import { load } from 'cheerio/slim';\nconst x = await import('@aws-sdk/client-s3');\nimport type { A } from './a.js';";
    expect(importsOf(sample)).toEqual(['cheerio/slim', '@aws-sdk/client-s3', './a.js']);
  });

  it('keeps functions/core free of the AWS SDK, middy, HTTP and parsers', () => {
    const offenders: string[] = [];
    const coreDir = path.join(root, 'functions', 'core');
    for (const file of filesUnder(coreDir)) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (FORBIDDEN_IN_CORE.some((rule) => rule.test(specifier))) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
        if (specifier.startsWith('.')) {
          const target = path.resolve(path.dirname(file), specifier);
          if (!target.startsWith(coreDir)) offenders.push(`${path.relative(root, file)} reaches outside core: ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps adapters and handlers apart: neither imports the other, not even a type', () => {
    const offenders = [
      ...crossings(path.join(root, 'functions', 'adapters'), path.join(root, 'functions', 'handlers')),
      ...crossings(path.join(root, 'functions', 'handlers'), path.join(root, 'functions', 'adapters')),
    ];
    expect(offenders).toEqual([]);
  });

  it('decides retry by the error class alone: no other module keeps a retry flag (the old webhook DeliveryFailure did)', () => {
    const offenders: string[] = [];
    const errors = path.join(root, 'functions', 'core', 'errors.ts');
    for (const file of filesUnder(path.join(root, 'functions'))) {
      if (file === errors || file.includes(`${path.sep}console${path.sep}`)) continue;
      const source = readFileSync(file, 'utf8');
      if (/\bretry(?:able)?\??\s*[:=]|readonly\s+retry(?:able)?\b/.test(source)) offenders.push(`${path.relative(root, file)} keeps a retry flag`);
    }
    expect(offenders).toEqual([]);
  });

  // Scope: the production code (functions/), the infrastructure and the scripts. Tests may build
  // the deployed wiring (the crash suite's worker stands in for the Lambda entry point).
  it('lets only the entry points (lambda/, local/) import the composition', () => {
    const composition = path.join(root, 'functions', 'composition');
    const allowed = ['lambda', 'local', 'composition'].map((dir) => path.join(root, 'functions', dir) + path.sep);
    const offenders: string[] = [];
    for (const dir of ['functions', 'infra', 'scripts']) {
      for (const file of filesUnder(path.join(root, dir))) {
        if (allowed.some((prefix) => file.startsWith(prefix))) continue;
        offenders.push(...crossings(file, composition));
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps every layer to the layers below it (the picture in the README)', () => {
    // Folder of functions/ → the folders (and files) of functions/ its modules may import.
    const allowed: Record<string, string[]> = {
      core: ['core'],
      sources: ['sources', 'core'],
      handlers: ['handlers', 'core'],
      adapters: ['adapters', 'core', 'sources', 'config.ts'],
      composition: ['composition', 'adapters', 'handlers', 'core', 'config.ts'],
      console: ['console', 'core', 'handlers'],
    };
    const functionsDir = path.join(root, 'functions');
    const offenders: string[] = [];
    for (const [layer, targets] of Object.entries(allowed)) {
      for (const file of filesUnder(path.join(functionsDir, layer))) {
        for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
          if (!specifier.startsWith('.')) continue;
          const target = path.relative(functionsDir, path.resolve(path.dirname(file), specifier)).replace(/\.js$/, '.ts');
          if (!targets.some((t) => target === t || target.startsWith(`${t}${path.sep}`))) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the source profiles free of parsers, so that the functions that schedule, fetch and serve carry none', () => {
    const loaded = [...loadedFrom(path.join(root, 'functions', 'sources', 'profiles.ts'))];
    expect(loaded.filter((module) => /^(cheerio|rss-parser|htmlparser2|domhandler|entities)(\/|$)/.test(module))).toEqual([]);
    expect(loaded.map((module) => path.relative(root, module)).filter((module) => /parsers\.ts$|shared\/(feed|html|listing|article|generic-extractor)\.ts$/.test(module))).toEqual([]);
  });

  it('keeps source parsers pure: no fetching, no AWS', () => {
    const offenders: string[] = [];
    for (const file of filesUnder(path.join(root, 'functions', 'sources'))) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (/^@aws-sdk\/|^undici$|^node:https?$|^node:net$|adapters\//.test(specifier)) offenders.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
