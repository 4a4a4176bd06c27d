import { postJson } from '../http/post-json.js';
import type { Connector } from './connector.js';
import { toDeliveryResult } from './http-outcome.js';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature.js';

/**
 * The signed HTTP webhook: POSTs `{id, type, createdAt, workspaceId, ruleId, submission}` with
 * `X-Flowline-Signature` (HMAC-SHA256 over `t.body`) and `Idempotency-Key` (the same on every retry).
 */
export const webhookConnector: Connector = async (action, payload, context) => {
  const config = payload.action;
  const url = typeof config['url'] === 'string' ? config['url'] : '';
  const secret = typeof config['secret'] === 'string' ? config['secret'] : '';
  const timeoutMs = typeof config['timeoutMs'] === 'number' ? config['timeoutMs'] : context.httpTimeoutMs;
  const extra = typeof config['headers'] === 'object' && config['headers'] !== null ? Object.entries(config['headers']).filter((e): e is [string, string] => typeof e[1] === 'string') : [];
  const now = context.now();
  const body = JSON.stringify({ id: action.idempotencyKey, type: 'submission.routed', createdAt: new Date(now).toISOString(), workspaceId: action.workspaceId, ruleId: payload.ruleId, attempt: action.attempts, submission: payload.submission });
  const result = await postJson(url, body, {
    timeoutMs,
    privateHttp: context.privateHttp,
    headers: { ...Object.fromEntries(extra), 'user-agent': 'Flowline-Webhook/1', 'idempotency-key': action.idempotencyKey, [SIGNATURE_HEADER.toLowerCase()]: signWebhookBody(secret, body, now / 1000) },
  });
  return toDeliveryResult(result, now);
};
