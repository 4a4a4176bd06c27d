/** What a connector reports; connectors never throw. */
export type DeliveryResult =
  | { readonly outcome: 'delivered'; readonly statusCode?: number; /** The connector already marked the action delivered in its own transaction. */ readonly recorded?: boolean }
  | { readonly outcome: 'retry'; readonly error: string; readonly statusCode?: number; /** A wait the downstream asked for (Retry-After). */ readonly retryAfterMs?: number }
  | { readonly outcome: 'failed'; readonly error: string; readonly statusCode?: number };

/** A delivery that went through. */
export function delivered(statusCode?: number): DeliveryResult {
  return statusCode === undefined ? { outcome: 'delivered' } : { outcome: 'delivered', statusCode };
}

/** A failure worth retrying (network, timeout, 5xx, 429). */
export function retry(error: string, statusCode?: number, retryAfterMs?: number): DeliveryResult {
  return { outcome: 'retry', error, ...(statusCode === undefined ? {} : { statusCode }), ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** A failure that retrying cannot fix (bad configuration, refused address, 4xx). */
export function permanentFailure(error: string, statusCode?: number): DeliveryResult {
  return { outcome: 'failed', error, ...(statusCode === undefined ? {} : { statusCode }) };
}
