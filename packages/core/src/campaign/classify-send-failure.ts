/** What a campaign does after the Cloud API refused one of its messages. */
export type SendFailureHandling =
  /** Throughput or pair-rate limit: slow the campaign down and send the same recipient again later. */
  | { readonly kind: 'slow-down' }
  /** A temporary failure Meta reported (the message was not accepted): try again after a pause. */
  | { readonly kind: 'retry' }
  /** This recipient cannot be reached this way: failed, never retried. */
  | { readonly kind: 'fail-recipient' }
  /** The template, the number or the account cannot send now: stop the whole campaign with a clear status. */
  | { readonly kind: 'stop-campaign'; readonly status: 'template-paused' | 'quality-limited' | 'account-blocked' }
  /** No answer came back (timeout, connection cut): Meta may have accepted it, so it is never sent again blindly. */
  | { readonly kind: 'unknown-outcome' };

// Meta's Cloud API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
const SLOW_DOWN = new Set([4, 80007, 130429, 131056]);
const TEMPORARY = new Set([1, 2, 131000, 131016]);
const FAIL_RECIPIENT = new Set([131026, 131047, 131051, 131021, 133010, 131008, 131009, 100]);
const TEMPLATE_PAUSED = new Set([132015, 132016, 132001, 132000, 132005, 132007, 132012]);
const QUALITY = new Set([131048, 368, 130497]);
const ACCOUNT = new Set([190, 131031, 131042, 131005, 10, 200, 3]);

/**
 * How a campaign handles a failed send, from the HTTP status (0 when no response arrived) and Graph's error
 * code. 130429 (throughput) and 131056 (pair rate) slow down; 131026 (undeliverable) and 131047
 * (re-engagement window) fail the recipient; a paused or disabled template and quality limits stop the campaign.
 */
export function classifySendFailure(status: number, code: number | undefined): SendFailureHandling {
  if (code !== undefined) {
    if (SLOW_DOWN.has(code)) return { kind: 'slow-down' };
    if (TEMPLATE_PAUSED.has(code)) return { kind: 'stop-campaign', status: 'template-paused' };
    if (QUALITY.has(code)) return { kind: 'stop-campaign', status: 'quality-limited' };
    if (ACCOUNT.has(code)) return { kind: 'stop-campaign', status: 'account-blocked' };
    if (FAIL_RECIPIENT.has(code)) return { kind: 'fail-recipient' };
    if (TEMPORARY.has(code)) return { kind: 'retry' };
  }
  if (status === 0) return { kind: 'unknown-outcome' };
  if (status === 429) return { kind: 'slow-down' };
  if (status === 401 || status === 403) return { kind: 'stop-campaign', status: 'account-blocked' };
  if (status >= 500) return { kind: 'retry' };
  return { kind: 'fail-recipient' };
}
