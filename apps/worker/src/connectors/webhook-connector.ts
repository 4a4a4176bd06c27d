import { permanentFailure, retry } from '../delivery-result.js';
import { postJson } from '../http/post-json.js';
import type { Connector } from './connector.js';
import { toDeliveryResult } from './http-outcome.js';
import { openSecret } from './open-secret.js';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature.js';

/**
 * The signed HTTP webhook: POSTs `{id, type, createdAt, workspaceId, ruleId, submission}` with
 * `X-Flowline-Signature` (HMAC-SHA256 over `t.body`) and `Idempotency-Key` (the same on every retry).
 * The signing secret and custom header values are stored sealed and opened only here, at delivery.
 */
export const webhookConnector: Connector<'webhook'> = async (action, payload, context) => {
  const config = payload.action;
  const secret = openSecret(config.secret, context.secrets, action.workspaceId);
  if (!secret.ok) return secret.retryable ? retry(secret.reason) : permanentFailure(secret.reason);
  const timeoutMs = config.timeoutMs ?? context.httpTimeoutMs;
  const extra: [string, string][] = [];
  if (config.headers !== undefined) {
    for (const [name, value] of Object.entries(config.headers)) {
      const opened = openSecret(value, context.secrets, action.workspaceId);
      if (!opened.ok) return opened.retryable ? retry(`header ${name}: ${opened.reason}`) : permanentFailure(`header ${name}: ${opened.reason}`);
      extra.push([name, opened.value]);
    }
  }
  const now = context.now();
  const body = JSON.stringify({ id: action.idempotencyKey, type: 'submission.routed', createdAt: new Date(now).toISOString(), workspaceId: action.workspaceId, ruleId: payload.ruleId, attempt: action.attempts, submission: payload.submission });
  const result = await postJson(config.url, body, {
    timeoutMs,
    privateHttp: context.privateHttp,
    headers: { ...Object.fromEntries(extra), 'user-agent': 'Flowline-Webhook/1', 'idempotency-key': action.idempotencyKey, [SIGNATURE_HEADER.toLowerCase()]: signWebhookBody(secret.value, body, now / 1000) },
  });
  return toDeliveryResult(result, now);
};
