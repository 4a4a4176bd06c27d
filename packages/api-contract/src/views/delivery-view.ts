import { integer, nullable, object, oneOf, string, unknownValue, type Infer } from '../schema.js';
import { DELIVERY_STATUSES, epochMs } from './vocabulary.js';

/** An outbox action (a delivery) with its status, attempts and last error. */
export const deliveryView = object({
  id: string(),
  submissionId: nullable(string()),
  kind: string(),
  payload: unknownValue(),
  idempotencyKey: string(),
  status: oneOf(DELIVERY_STATUSES),
  attempts: integer(),
  maxAttempts: integer(),
  nextAttemptAt: epochMs(),
  lastError: nullable(string()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
});
/** A delivery as the API answers it (connector secrets show as `{"set": true}`). */
export type DeliveryView = Infer<typeof deliveryView>;
