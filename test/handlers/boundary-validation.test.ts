import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { practiceObservation } from '../../scripts/bench/seed-practices.js';
import { storageBackends } from '../support/stack.js';
import { patch, readJson, startApiHarness, type ApiHarness, type Backend } from './api-harness.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * The inputs that once reached storage unvalidated (500s, impossible dates stored, records stuck),
 * each as a class: every one must now be a 400 problem that changes nothing.
 */
describe.each<Backend>(storageBackends(['memory', 'dynamo']))('boundary validation over %s storage', (backend) => {
  let h: ApiHarness;
  let token: string;
  let next = 0;
  const pending = async () => {
    next += 1;
    return (await h.repo.recordObservation(practiceObservation(7300 + next))).id;
  };
  const expectProblem400 = async (response: Response, label: string) => {
    expect({ label, status: response.status }).toEqual({ label, status: 400 });
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await readJson(response)).toMatchObject({ status: 400, type: 'urn:practice-watch:problem:validation' });
  };

  beforeAll(async () => {
    h = await startApiHarness(backend);
    token = await h.token('vera');
  }, 60_000);
  afterAll(() => h?.close());

  it('refuses inverted and impossible date ranges and non-decimal page sizes on every listing', async () => {
    const queries = [
      'from=2030-01-01&to=2000-01-01',
      'from=2025-03-02T10:00:00Z&to=2025-03-01',
      'from=2023-02-30',
      'to=2023-04-31',
      'from=2023-01-01T24:00Z',
      'from=2024-01-01T10:00:00+25:00',
      'to=9999-12-31T23:00-05:00',
      'limit=0x10',
      'limit=1e1',
      'limit=%205',
      'limit=%2B5',
      'limit=5.0',
      'limit=0',
      'limit=101',
      `topic=${'a'.repeat(65)}`,
    ];
    for (const path of ['/practices', '/practices.atom', '/review']) {
      for (const query of queries) {
        const response = await fetch(`${h.baseUrl}${path}?${query}`, { headers: auth(token) });
        await expectProblem400(response, `${path}?${query}`);
      }
    }
    // The refusal says what a page size is, not how the parser failed.
    const hex = (await (await fetch(`${h.baseUrl}/practices?limit=0x10`)).json()) as { errors: Array<{ path: string; message: string }> };
    expect(hex.errors).toEqual([{ path: 'limit', message: 'a decimal integer from 1 to 100' }]);
    // The same day as both bounds, and leap days, are fine.
    for (const query of ['from=2025-03-01&to=2025-03-01', 'from=2024-02-29', 'limit=10', 'limit=007']) {
      const response = await fetch(`${h.baseUrl}/practices?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 200 });
    }
  });

  it('refuses edits that storage or publication could not take, and the record stays approvable', async () => {
    const longId = 'a'.repeat(1000);
    const bad: Array<[string, Record<string, unknown>]> = [
      ['figure 1e16', { figures: [{ value: 1e16, text: 'x' }] }],
      ['figure 1e308', { figures: [{ value: 1e308, text: 'x' }] }],
      ['figure -1e-320', { figures: [{ value: -1e-320, text: 'x' }] }],
      ['topic of 1 KB', { topics: [longId] }],
      ['organisation id of 1 KB', { organisations: [{ id: longId, name: 'Организация' }] }],
      ['platform id of 1 KB', { platforms: [{ id: longId, name: 'Платформа' }] }],
      ['impossible publication date', { publishedAt: '2023-02-30T10:00:00Z' }],
      ['publication hour 24', { publishedAt: '2023-01-01T24:00:00Z' }],
      ['lone surrogate in the title', { title: 'Практика \ud800' }],
      ['NUL in the title', { title: 'Практика\u0000' }],
      ['escape sequence in a practice name', { practices: [{ name: '\u001b[2JПрактика' }] }],
      ['noncharacter in the lead', { lead: 'Лид \uffff' }],
      ['more than 64 KB in one edit', { people: Array.from({ length: 50 }, (_, i) => ({ name: `${i} ${'я'.repeat(490)}`, role: 'р'.repeat(490) })) }],
    ];
    for (const published of [false, true]) {
      const id = await pending();
      let version = 1;
      if (published) {
        expect((await patch(h, id, { action: 'approve' }, { ...auth(token), 'if-match': '"1"' })).status).toBe(200);
        version = 2;
      }
      const before = await h.repo.get(id);
      for (const [label, overrides] of bad) {
        await expectProblem400(await patch(h, id, { action: 'edit', overrides }, { ...auth(token), 'if-match': `"${version}"` }), `${label} (published: ${published})`);
      }
      expect(await h.repo.get(id)).toEqual(before);
      // Nothing was stored that could get in the way of a decision.
      const decided = await patch(h, id, { action: published ? 'reject' : 'approve', ...(published ? { reason: 'проверка' } : {}) }, { ...auth(token), 'if-match': `"${version}"` });
      expect(decided.status).toBe(200);
    }
  });

  it('accepts the largest values the rules allow, and the record can still be approved and published', async () => {
    const id = await pending();
    const overrides = {
      figures: [{ value: 1e15, text: 'max' }, { value: -1e-6, text: 'min' }, { value: 0, text: 'zero' }],
      topics: ['t'.repeat(64)],
      organisations: [{ id: 'o'.repeat(64), name: 'Организация' }],
      publishedAt: '2024-02-29T23:59:59+03:00',
    };
    const edited = await patch(h, id, { action: 'edit', overrides }, { ...auth(token), 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect((await patch(h, id, { action: 'approve' }, { ...auth(token), 'if-match': '"2"' })).status).toBe(200);
    expect((await fetch(`${h.baseUrl}/practices/${id}`)).status).toBe(200);
    const byTopic = await readJson(await fetch(`${h.baseUrl}/practices?topic=${'t'.repeat(64)}`));
    expect(byTopic.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await fetch(`${h.baseUrl}/practices.atom?organisation=${'o'.repeat(64)}`)).status).toBe(200);
  });
});
