import type { NotificationEvent, Notifier, PracticeRepository } from '../ports.js';
import { isPublic } from './practice-identity.js';

/**
 * A notifier for the outside world: events about a practice pass only while that practice is
 * public (approved, and an announcement after editors' overrides), read again when the event is
 * published, so that nothing unreviewed, rejected or withdrawn leaves through a webhook. Events
 * that name no practice (a failing source) pass unchanged. Never throws, as the port requires.
 */
export function publicEventsOnly(
  inner: Notifier,
  practices: Pick<PracticeRepository, 'get'>,
  logger?: { error(message: string, ...extra: unknown[]): void },
): Notifier {
  return {
    async publish(event: NotificationEvent) {
      if ('practiceId' in event) {
        let item;
        try {
          item = await practices.get(event.practiceId);
        } catch (error) {
          // Unknown visibility is not public: the event is dropped, and said so.
          logger?.error('event dropped: the practice could not be read', { eventType: event.type, practiceId: event.practiceId, error });
          return;
        }
        if (!item || !isPublic(item)) return;
      }
      await inner.publish(event);
    },
  };
}
