import { describe, expect, it } from 'vitest';
import { MemoryWebhookRepository } from '../../../functions/adapters/webhooks/memory-webhook-repository.js';
import { NotFoundError, ValidationError } from '../../../functions/core/errors.js';
import type { WebhookUrlRule } from '../../../functions/core/ports.js';
import { subscribeWebhook, unsubscribeWebhook } from '../../../functions/core/webhooks/manage-webhooks.js';

const clock = { now: () => new Date('2026-11-20T10:00:00.000Z') };
/** A rule that refuses one host, so the use case's handling of a refusal can be seen. */
const urls: WebhookUrlRule = {
  assertAllowed: async (raw) => {
    const url = new URL(raw);
    if (url.hostname === 'refused.example') throw new ValidationError('webhook url must point to a public address', { field: 'url' });
    return url;
  },
};

describe('subscribeWebhook', () => {
  it('stores the subscription with a generated secret, each event type once, and the editor as creator', async () => {
    const webhooks = new MemoryWebhookRepository();
    const created = await subscribeWebhook({ webhooks, urls, clock }, { url: 'https://hooks.example/in', events: ['practice.approved', 'practice.approved'], actor: 'alice' });
    expect(created).toMatchObject({ url: 'https://hooks.example/in', events: ['practice.approved'], createdBy: 'alice', createdAt: '2026-11-20T10:00:00.000Z' });
    expect(created.secret.length).toBeGreaterThanOrEqual(32);
    expect(await webhooks.get(created.id)).toEqual(created);
  });

  it('keeps a given secret', async () => {
    const created = await subscribeWebhook(
      { webhooks: new MemoryWebhookRepository(), urls, clock },
      { url: 'https://hooks.example/in', events: ['source.failing'], secret: 'a-secret-of-sixteen-plus', actor: 'bob' },
    );
    expect(created.secret).toBe('a-secret-of-sixteen-plus');
  });

  it('stores nothing when the URL rule refuses the target', async () => {
    const webhooks = new MemoryWebhookRepository();
    await expect(subscribeWebhook({ webhooks, urls, clock }, { url: 'https://refused.example/', events: ['practice.pending'], actor: 'alice' })).rejects.toBeInstanceOf(ValidationError);
    expect(await webhooks.list()).toEqual([]);
  });
});

describe('unsubscribeWebhook', () => {
  it('removes a subscription, and says not found for an unknown id', async () => {
    const webhooks = new MemoryWebhookRepository();
    const { id } = await subscribeWebhook({ webhooks, urls, clock }, { url: 'https://hooks.example/in', events: ['practice.pending'], actor: 'alice' });
    await unsubscribeWebhook({ webhooks }, id);
    expect(await webhooks.get(id)).toBeNull();
    await expect(unsubscribeWebhook({ webhooks }, id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
