import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  editorActionBodySchema,
  editorPracticeListSchema,
  editorPracticeSchema,
  historyListSchema,
  problemSchema,
  sourceListSchema,
} from '../../functions/handlers/api/schemas.js';
import { createFakeApi, fakeJwt } from './fake-api.js';
import { baseItems, SOURCES } from './fixtures.js';

const TOKEN = fakeJwt({ username: 'ivanova' });
let server: Server;
let base: string;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

// The browser tests trust this fake; these checks keep it to the real API's response schemas.
describe('the fake API used by the console tests', () => {
  beforeAll(async () => {
    const api = createFakeApi({ items: baseItems(), sources: SOURCES, tokens: { [TOKEN]: 'ivanova' } });
    server = createServer((req, res) => void api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers the review queue, an action, the history and the sources in the API schemas', async () => {
    const queue = await call('GET', '/review?status=pending&classified=all&limit=20');
    expect(editorPracticeListSchema.parse(queue.body).items.map((i) => i.id)).toEqual(['mfc', 'hostile', 'negative']);

    const edit = { action: 'edit', overrides: { title: 'Новый заголовок', regions: [{ code: 'RU-BA', name: 'Башкортостан', role: 'adopter' }], lead: null } };
    expect(editorActionBodySchema.safeParse(edit).success).toBe(true);
    const edited = await call('PATCH', '/practices/mfc', edit, { 'If-Match': '"1"' });
    expect(edited.status).toBe(200);
    expect(editorPracticeSchema.parse(edited.body)).toMatchObject({ title: 'Новый заголовок', version: 2, overrides: { title: 'Новый заголовок' } });

    const stale = await call('PATCH', '/practices/mfc', { action: 'approve' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(problemSchema.parse(stale.body).currentVersion).toBe(2);
    expect((await call('PATCH', '/practices/mfc', { action: 'approve' })).status).toBe(428);

    expect(historyListSchema.parse((await call('GET', '/practices/mfc/history')).body).items).toHaveLength(1);
    expect(sourceListSchema.parse((await call('GET', '/sources')).body).items).toHaveLength(2);
  });

  it('accepts the action bodies the console sends', () => {
    for (const body of [
      { action: 'approve' },
      { action: 'reject', reason: 'Дубль' },
      { action: 'set-announcement', value: true },
      { action: 'edit', overrides: { isPracticeAnnouncement: null } },
      { action: 'edit', overrides: { lead: '', people: [{ name: 'Мария Багреева', role: null }], organisations: [{ id: 'minek', name: 'Минэкономразвития' }], topics: ['x'], practices: [{ name: 'y' }] } },
    ]) {
      expect(editorActionBodySchema.safeParse(body).success).toBe(true);
    }
  });
});
