import type { WebhookDelivery } from '../../core/ports.js';

/** Sort key of a delivery (start time, then id), and the paging position of the delivery log. */
export const deliveryKey = (d: WebhookDelivery): string => `${d.startedAt}#${d.id}`;
