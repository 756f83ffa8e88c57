import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ERROR_CODES } from '../../functions/core/errors.js';
import type { PracticeItem } from '../../functions/core/ports.js';
import { effectiveRecord, isPublic } from '../../functions/core/practices/practice-identity.js';
import { buildOpenApiDocument } from '../../functions/handlers/api/openapi.js';
import { problemTypeUri } from '../../functions/handlers/http/problem.js';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { startApiHarness, type ApiHarness } from '../handlers/api-harness.js';
import { describeNeedingDynamoDbLocal } from '../support/stack.js';
import { fieldValue, hostileJson, schemaValue, wireValue, type JsonSchema, type OpenApiDocument, type OpenApiOperation } from './openapi-arbitraries.js';

/**
 * Property-based fuzzing of both APIs, driven by the OpenAPI document: every route, method,
 * parameter and body field gets valid, boundary and hostile values, with and without an editor's
 * token, against the real handlers over the HTTP bridge and DynamoDB Local. Asserted on every
 * answer: never a 5xx; every 4xx a problem+json whose type is a code of the closed set; a refused
 * request changes no record; an accepted edit leaves a record that can be approved and published;
 * a webhook event names only a public practice. Time-boxed and seeded; a failure prints the
 * smallest request fast-check could shrink it to, and the seed that replays it.
 */

const BUDGET_MS = Number(process.env.PRACTICE_WATCH_FUZZ_SECONDS ?? 35) * 1000;
const SEED = process.env.PRACTICE_WATCH_FUZZ_SEED ? Number(process.env.PRACTICE_WATCH_FUZZ_SEED) : Date.now() % 2 ** 31;

const doc = buildOpenApiDocument() as unknown as OpenApiDocument;
const PROBLEM_TYPES = new Set(ERROR_CODES.map((code) => problemTypeUri(code)));
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type PathPart = { kind: 'record'; index: number } | { kind: 'webhook' } | { kind: 'literal'; value: string };
type Version = { kind: 'current' } | { kind: 'stale' } | { kind: 'literal'; value: string } | { kind: 'absent' };
type Body = { kind: 'json'; value: unknown; contentType: string } | { kind: 'raw'; text: string; contentType: string } | { kind: 'huge' };
type Auth = 'editor' | 'none' | 'garbage' | 'reader';

/** A request as generated: placeholders (a seeded record, the current version) are resolved when it is sent. */
interface Recipe {
  template: string;
  method: string;
  path: Record<string, PathPart>;
  query: Array<[string, string]>;
  rawQuery: string;
  ifMatch: Version | null;
  idempotencyKey: string | null;
  auth: Auth;
  body: Body | null;
}

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

const SEEDED = 5;
const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, '?');
const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((byte) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

function pathPart(name: string, template: string): fc.Arbitrary<PathPart> {
  const literal = (schema: JsonSchema) => wireValue(schema, doc).map((value): PathPart => ({ kind: 'literal', value }));
  if (template.startsWith('/webhooks/')) {
    return fc.oneof({ weight: 5, arbitrary: fc.constant<PathPart>({ kind: 'webhook' }) }, { weight: 2, arbitrary: literal({ type: 'string', format: 'uuid' }) }, { weight: 1, arbitrary: literal({ type: 'string' }) });
  }
  if (name === 'n') return fc.oneof(fc.constantFrom<PathPart>({ kind: 'literal', value: '0' }, { kind: 'literal', value: '1' }), literal({ type: 'string', pattern: '^\\d{1,4}$' }), literal({ type: 'string' }));
  return fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 0, max: SEEDED - 1 }).map((index): PathPart => ({ kind: 'record', index })) },
    { weight: 2, arbitrary: literal({ type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' }) },
    { weight: 1, arbitrary: literal({ type: 'string' }) },
  );
}

function bodyOf(operation: OpenApiOperation): fc.Arbitrary<Body | null> {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileJson.map((value): Body => ({ kind: 'json', value, contentType: 'application/json' })) });
  return fc.oneof(
    { weight: 8, arbitrary: schemaValue(schema, doc).map((value): Body => ({ kind: 'json', value, contentType: 'application/json' })) },
    { weight: 8, arbitrary: fieldValue(schema, doc).map((value): Body => ({ kind: 'json', value, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((text): Body => ({ kind: 'raw', text, contentType: 'application/json' })) },
    { weight: 1, arbitrary: fieldValue(schema, doc).map((value): Body => ({ kind: 'raw', text: JSON.stringify(value) ?? '', contentType: 'text/plain' })) },
    { weight: 1, arbitrary: fc.constantFrom<Body>({ kind: 'raw', text: '', contentType: 'application/json' }, { kind: 'raw', text: '{"action":"approve"', contentType: 'application/merge-patch+json' }, { kind: 'huge' }) },
  );
}

function operationRecipe(template: string, method: string, operation: OpenApiOperation): fc.Arbitrary<Recipe> {
  const parameters = operation.parameters ?? [];
  const pathNames = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const queryParams = parameters.filter((p) => p.in === 'query');
  const headerNames = new Set(parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase()));
  const query = fc
    .tuple(
      fc.subarray(queryParams).chain((chosen) => (chosen.length ? fc.tuple(...chosen.map((p) => wireValue(p.schema, doc).map((value) => [p.name, value] as [string, string]))) : fc.constant([] as Array<[string, string]>))),
      fc.oneof({ weight: 12, arbitrary: fc.constant([] as Array<[string, string]>) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('unknown', 'LIMIT', 'status', 'limit', 'from'), fc.constantFrom('1', '', 'x')).map((pair) => [pair]) }),
    )
    .map(([declared, extra]) => [...declared, ...extra]);
  return fc.record({
    template: fc.constant(template),
    method: fc.constant(method),
    path: pathNames.length ? fc.tuple(...pathNames.map((name) => pathPart(name, template))).map((parts) => Object.fromEntries(pathNames.map((name, i) => [name, parts[i]!]))) : fc.constant({}),
    query,
    rawQuery: fc.oneof({ weight: 15, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('q=%ZZ', 'q=%C0%80', 'limit=1&limit=2', 'from=2020-01-01&from=2021-01-01', '%00=1', 'region=RU-MOW&region=RU-SPE') }),
    ifMatch: headerNames.has('if-match')
      ? fc.oneof(
          { weight: 8, arbitrary: fc.constant<Version>({ kind: 'current' }) },
          { weight: 1, arbitrary: fc.constant<Version>({ kind: 'stale' }) },
          { weight: 1, arbitrary: fc.constant<Version>({ kind: 'absent' }) },
          { weight: 1, arbitrary: fc.constantFrom('*', 'W/"0"', '"-1"', '"1.5"', '999999999999999', '"1", "2"', '').map((value): Version => ({ kind: 'literal', value })) },
        )
      : fc.constant(null),
    idempotencyKey: headerNames.has('idempotency-key') ? fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 210 })), { freq: 3, nil: null }) : fc.constant(null),
    auth: operation.security
      ? fc.oneof({ weight: 8, arbitrary: fc.constant<Auth>('editor') }, { weight: 1, arbitrary: fc.constantFrom<Auth>('none', 'garbage', 'reader') })
      : fc.oneof({ weight: 3, arbitrary: fc.constant<Auth>('none') }, { weight: 1, arbitrary: fc.constantFrom<Auth>('editor', 'garbage') }),
    body: bodyOf(operation),
  });
}

/** Every documented operation, HEAD on every GET, and methods no route answers. */
function recipes(): fc.Arbitrary<Recipe> {
  const arbitraries: Array<{ weight: number; arbitrary: fc.Arbitrary<Recipe> }> = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const upper = method.toUpperCase();
      arbitraries.push({ weight: upper === 'PATCH' ? 8 : upper === 'GET' ? 2 : 3, arbitrary: operationRecipe(template, upper, operation) });
      if (upper === 'GET') arbitraries.push({ weight: 1, arbitrary: operationRecipe(template, 'HEAD', operation) });
    }
    const declared = Object.keys(operations).map((m) => m.toUpperCase());
    const others = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'].filter((m) => !declared.includes(m));
    const sample = Object.values(operations)[0]!;
    arbitraries.push({ weight: 1, arbitrary: fc.constantFrom(...others).chain((method) => operationRecipe(template, method, sample)) });
  }
  return fc.oneof(...arbitraries);
}

describeNeedingDynamoDbLocal('API fuzz (OpenAPI-driven, DynamoDB Local)', () => {
  let h: ApiHarness;
  let ids: string[] = [];
  const tokens: Record<Auth, string | null> = { editor: null, none: null, garbage: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl', reader: null };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  ajv.addSchema({ $id: 'https://fuzz.test/doc', components: doc.components });
  const validators = new Map<string, ValidateFunction>();
  const statuses = new Map<string, number>();
  let requests = 0;
  let inFlight: Promise<unknown> = Promise.resolve();

  beforeAll(async () => {
    h = await startApiHarness('dynamo');
    tokens.editor = await h.issuer.mintAccessToken({ username: 'fuzzer', ttlSeconds: 3600 });
    tokens.reader = await h.issuer.mintAccessToken({ username: 'reader', groups: ['readers'], ttlSeconds: 3600 });
    const raw = await h.rawPages.put({
      bytes: new TextEncoder().encode('<html><body><p>Практика</p></body></html>'),
      meta: { sourceId: 'mos-ru-news', url: 'https://www.mos.ru/news/item/1/', status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, fetchedAt: '2025-01-01T00:00:00.000Z', charset: 'utf-8' },
    });
    const states: Array<{ announcement: boolean; action: 'approve' | 'reject' | null }> = [
      { announcement: true, action: null },
      { announcement: false, action: null },
      { announcement: true, action: 'approve' },
      { announcement: true, action: 'reject' },
      { announcement: false, action: 'approve' },
    ];
    ids = [];
    for (const [i, state] of states.entries()) {
      const observation = practiceObservation(9000 + i, { announcement: state.announcement });
      observation.source.rawKey = raw.key;
      const { id } = await h.repo.recordObservation(observation);
      ids.push(id);
      if (state.action) {
        const action = state.action === 'approve' ? { type: 'approve' as const } : { type: 'reject' as const, reason: 'seed' };
        await h.repo.applyEditorAction({ id, expectedVersion: 1, action, actor: 'seed', requestToken: `seed-${i}`, at: '2025-01-01T00:00:00.000Z' });
      }
    }
    await h.webhooks.create({ id: crypto.randomUUID(), url: 'http://127.0.0.1:9/hook', secret: 'a-shared-secret-of-enough-length', events: ['practice.approved'], createdAt: '2025-01-01T00:00:00.000Z', createdBy: 'seed' });
  }, 120_000);

  afterAll(async () => {
    await inFlight.catch(() => undefined);
    await h?.close();
  });

  const snapshot = async () => JSON.stringify({ items: await Promise.all(ids.map((id) => h.repo.get(id))), hooks: await h.webhooks.list() });

  async function resolve(recipe: Recipe): Promise<{ sent: Sent; recordId: string | null }> {
    let recordId: string | null = null;
    let path = recipe.template;
    for (const [name, part] of Object.entries(recipe.path)) {
      let value: string;
      if (part.kind === 'record') value = recordId = ids[part.index]!;
      else if (part.kind === 'webhook') value = (await h.webhooks.list())[0]?.id ?? crypto.randomUUID();
      else value = part.value;
      path = path.replace(`{${name}}`, percentEncode(value));
    }
    const params = new URLSearchParams(recipe.query);
    const query = [params.toString(), recipe.rawQuery].filter(Boolean).join('&');
    const headers: Record<string, string> = {};
    const token = tokens[recipe.auth];
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (recipe.ifMatch && recipe.ifMatch.kind !== 'absent') {
      const current = recordId ? ((await h.repo.get(recordId))?.editorial.version ?? 1) : 1;
      headers['if-match'] = recipe.ifMatch.kind === 'current' ? `"${current}"` : recipe.ifMatch.kind === 'stale' ? `"${Math.max(1, current - 1)}"` : headerSafe(recipe.ifMatch.value);
    }
    if (recipe.idempotencyKey !== null) headers['idempotency-key'] = headerSafe(recipe.idempotencyKey);
    let body: string | null = null;
    if (recipe.body && recipe.method !== 'GET' && recipe.method !== 'HEAD') {
      if (recipe.body.kind === 'huge') {
        headers['content-type'] = 'application/json';
        body = JSON.stringify({ action: 'edit', overrides: { title: 'я'.repeat(700_000) } });
      } else {
        headers['content-type'] = recipe.body.contentType;
        body = recipe.body.kind === 'json' ? (JSON.stringify(recipe.body.value) ?? 'null') : recipe.body.text;
      }
    }
    return { sent: { method: recipe.method, url: `${path}${query ? `?${query}` : ''}`, headers, body }, recordId };
  }

  const describeSent = (sent: Sent) =>
    [`${sent.method} ${sent.url.length > 400 ? `${sent.url.slice(0, 400)}… (${sent.url.length} characters)` : sent.url}`, ...Object.entries(sent.headers).map(([k, v]) => `${k}: ${k === 'authorization' ? v.slice(0, 20) + '…' : v}`), ...(sent.body === null ? [] : ['', sent.body.length > 600 ? `${sent.body.slice(0, 600)}… (${sent.body.length} characters)` : sent.body])].join('\n');

  async function send(sent: Sent): Promise<{ status: number; headers: Headers; text: string }> {
    const response = await fetch(`${h.baseUrl}${sent.url}`, { method: sent.method, headers: sent.headers, ...(sent.body === null ? {} : { body: sent.body }), redirect: 'manual' });
    requests += 1;
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  /** The answer-level properties; throws with the request when one fails. */
  function checkAnswer(sent: Sent, template: string, answer: { status: number; headers: Headers; text: string }) {
    const fail = (reason: string) => {
      throw new Error(`${reason}\n--- request ---\n${describeSent(sent)}\n--- answer ---\n${answer.status} ${answer.headers.get('content-type') ?? ''}\n${answer.text.slice(0, 800)}`);
    };
    const key = `${sent.method} ${template} ${answer.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
    if (answer.status >= 500) fail('a 5xx');
    if (sent.method === 'HEAD' && answer.text !== '') fail('HEAD answered with a body');
    if (answer.status >= 400 && sent.method !== 'HEAD') {
      if ((answer.headers.get('content-type') ?? '').split(';')[0] !== 'application/problem+json') fail('a 4xx that is not problem+json');
      let problem: { type?: unknown; status?: unknown };
      try {
        problem = JSON.parse(answer.text) as typeof problem;
      } catch {
        return fail('a problem body that is not JSON');
      }
      if (!PROBLEM_TYPES.has(String(problem.type))) fail(`problem type ${String(problem.type)} is not a code of the closed set`);
      if (problem.status !== answer.status) fail('problem status differs from the HTTP status');
    }
    if (answer.status === 405 && !answer.headers.get('allow')) fail('405 without Allow');
    if (answer.status >= 200 && answer.status < 300 && sent.method !== 'HEAD' && (answer.headers.get('content-type') ?? '').startsWith('application/json')) {
      const schema = doc.paths[template]?.[sent.method.toLowerCase()]?.responses[String(answer.status)]?.content?.['application/json']?.schema;
      if (!schema) fail('an answer the document does not describe');
      const key = `${sent.method} ${template} ${answer.status}`;
      let validate = validators.get(key);
      if (!validate) {
        validate = ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"https://fuzz.test/doc#/components/')) as object);
        validators.set(key, validate);
      }
      if (!validate(JSON.parse(answer.text))) fail(`answer does not match the document: ${ajv.errorsText(validate.errors)}`);
    }
  }

  /** After an accepted change: the record can still be approved, and then read, listed and fed as the public sees it. */
  async function checkStillPublishable(id: string, etag: string | null, origin: Sent) {
    const version = Number((etag ?? '').replace(/^W\//, '').replace(/"/g, ''));
    const approve: Sent = { method: 'PATCH', url: `/practices/${id}`, headers: { authorization: `Bearer ${tokens.editor}`, 'content-type': 'application/json', 'if-match': `"${version}"` }, body: '{"action":"approve"}' };
    const approved = await send(approve);
    checkAnswer(approve, '/practices/{id}', approved);
    if (approved.status !== 200) throw new Error(`an accepted change left a record that cannot be approved (${approved.status})\n--- change ---\n${describeSent(origin)}\n--- answer ---\n${approved.text.slice(0, 800)}`);
    const item = (await h.repo.get(id)) as PracticeItem;
    const record = effectiveRecord(item);
    const reads: Array<[Sent, string]> = [
      `/practices/${id}`,
      '/practices?limit=100',
      '/practices.atom?limit=100',
      ...record.topics.slice(0, 1).map((t) => `/practices?topic=${encodeURIComponent(t)}`),
      ...record.regions.slice(0, 1).map((r) => `/practices?region=${encodeURIComponent(r.code)}`),
      ...record.organisations.slice(0, 1).map((o) => `/practices.atom?organisation=${encodeURIComponent(o.id)}`),
    ].map((url) => [{ method: 'GET', url, headers: {}, body: null }, url.startsWith(`/practices/${id}`) ? '/practices/{id}' : url.split('?')[0]!]);
    for (const [read, template] of reads) {
      const answer = await send(read);
      checkAnswer(read, template, answer);
      if (answer.status !== 200 && !(read.url === `/practices/${id}` && answer.status === 404 && !isPublic(item))) {
        throw new Error(`a public read failed after an accepted change (${answer.status} on ${read.url})\n--- change ---\n${describeSent(origin)}`);
      }
      if (read.url === `/practices/${id}` && answer.status === 200 && !isPublic(item)) throw new Error(`a record that is not public was served\n--- change ---\n${describeSent(origin)}`);
    }
    if (isPublic(item)) {
      const listed = JSON.parse((await send({ method: 'GET', url: '/practices?limit=100', headers: {}, body: null })).text) as { items: Array<{ id: string }> };
      if (!listed.items.some((p) => p.id === id)) throw new Error(`an approved announcement is missing from the public listing\n--- change ---\n${describeSent(origin)}`);
    }
  }

  async function property(recipe: Recipe) {
    const { sent, recordId } = await resolve(recipe);
    const writes = WRITE_METHODS.has(sent.method);
    const before = writes ? await snapshot() : null;
    const publishedBefore = h.published.length;
    const answer = await send(sent);
    checkAnswer(sent, recipe.template, answer);
    if (writes && answer.status >= 400 && (await snapshot()) !== before) {
      throw new Error(`a refused request (${answer.status}) changed stored data\n--- request ---\n${describeSent(sent)}\n--- answer ---\n${answer.text.slice(0, 800)}`);
    }
    for (const event of h.published.slice(publishedBefore)) {
      if (!('practiceId' in event)) continue;
      const item = await h.repo.get(event.practiceId);
      if (!item || !isPublic(item)) throw new Error(`an event named a practice that is not public (${event.type})\n--- request ---\n${describeSent(sent)}`);
    }
    if (sent.method === 'PATCH' && recordId && answer.status === 200 && !/"action"\s*:\s*"approve"/.test(sent.body ?? '')) {
      await checkStillPublishable(recordId, answer.headers.get('etag'), sent);
    }
  }

  it(
    `never answers 5xx, refuses with problems of the closed set, loses nothing and leaves records publishable (seed ${SEED}, ${BUDGET_MS / 1000} s)`,
    async () => {
      console.log(`[fuzz] seed ${SEED} (replay: PRACTICE_WATCH_FUZZ_SEED=${SEED}), budget ${BUDGET_MS / 1000} s (PRACTICE_WATCH_FUZZ_SECONDS)`);
      const started = Date.now();
      // One request per documented operation first, so that every route is exercised however busy
      // the machine is (the timed random phase below may get only a few dozen requests under load).
      for (const [template, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const [recipe] = fc.sample(operationRecipe(template, method.toUpperCase(), operation), { seed: SEED, numRuns: 1 });
          await property(recipe!);
        }
      }
      await fc.assert(
        fc.asyncProperty(recipes(), async (recipe) => {
          const run = property(recipe);
          inFlight = run;
          await run;
        }),
        { seed: SEED, numRuns: 1_000_000, plugins: [fc.interruptAfterTimeLimit(BUDGET_MS)] },
      );
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const byStatus = [...statuses.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, n]) => `  ${k}: ${n}`);
      console.log(`[fuzz] ${requests} requests in ${seconds} s, no property failed; answers by route and status:\n${byStatus.join('\n')}`);
      expect(requests).toBeGreaterThan(50);
      // Every documented route was exercised.
      const reached = new Set([...statuses.keys()].map((k) => k.split(' ').slice(0, 2).join(' ')));
      for (const [template, operations] of Object.entries(doc.paths)) for (const method of Object.keys(operations)) expect(reached, `${method.toUpperCase()} ${template}`).toContain(`${method.toUpperCase()} ${template}`);
    },
    BUDGET_MS + 90_000,
  );
});
