import type { Delivery } from '../ops-views.js';
import { formatRelative } from '../relative-time.js';

/**
 * When the worker will try a delivery again, in words. Only a pending or failed delivery has a next
 * attempt; one being delivered is in progress, and a delivered, dead or erased one has none.
 */
export function describeNextAttempt(delivery: Pick<Delivery, 'status' | 'nextAttemptAt'>, now: number): string {
  switch (delivery.status) {
    case 'pending':
    case 'failed':
      return delivery.nextAttemptAt <= now ? 'due now' : formatRelative(delivery.nextAttemptAt, now);
    case 'delivering':
      return 'in progress';
    case 'delivered':
      return 'none (delivered)';
    case 'dead':
      return 'none (dead letter; retry by hand)';
    case 'erased':
      return 'none (cancelled: the contact was erased)';
  }
}
