import { isProtocolError, verifySignature } from '@flowline/protocol';
import { Hono } from 'hono';
import { equalSecrets } from '../../http/equal-secrets.js';
import { errorBody } from '../../http/error-body.js';
import { readLimitedBody } from '../../http/read-limited-body.js';
import { parseWebhookPayload } from './parse-webhook-payload.js';
import { processWebhookItems, type WebhookProcessorDeps } from './process-webhook-items.js';

/** Default largest accepted webhook body (Meta's deliveries are a few KB; batches stay far below this). */
export const WEBHOOK_BODY_LIMIT_BYTES = 3 * 1024 * 1024;

/** What the webhook route needs: the processor's dependencies and the channel secrets. */
export interface WebhookRouteDeps extends WebhookProcessorDeps {
  /** FLOWLINE_APP_SECRET (several during a rotation); empty means signatures are not checked (a warning is logged once). */
  readonly appSecrets: readonly string[];
  /** FLOWLINE_WEBHOOK_VERIFY_TOKEN, or a function reading the saved connection's; without one the handshake is refused. */
  readonly verifyToken: string | undefined | (() => Promise<string | undefined>);
  /** Largest accepted body (default 3 MiB). */
  readonly bodyLimitBytes?: number;
}

/**
 * `GET /webhooks/whatsapp` (the verification handshake) and `POST /webhooks/whatsapp` (events,
 * signed with `X-Hub-Signature-256` over the raw body), platform spec §6.1. Mount at the root.
 */
export function createWebhookRoutes(deps: WebhookRouteDeps): Hono {
  const app = new Hono();
  let warnedUnsigned = false;

  app.get('/webhooks/whatsapp', async (c) => {
    const verifyToken = typeof deps.verifyToken === 'function' ? await deps.verifyToken() : deps.verifyToken;
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge');
    // Constant-time: the verify token is a secret shared with Meta.
    if (verifyToken === undefined || mode !== 'subscribe' || token === undefined || !equalSecrets(token, verifyToken) || challenge === undefined) {
      deps.log('warn', 'webhook.verification_refused', { mode, configured: verifyToken !== undefined });
      return c.json(errorBody('VERIFICATION_REFUSED', 'verification refused'), 403);
    }
    return c.text(challenge, 200);
  });

  app.post(
    '/webhooks/whatsapp',
    async (c) => {
      // Counted while it streams (chunked or not): a refused body is never buffered past the limit.
      const body = await readLimitedBody(c.req.raw, deps.bodyLimitBytes ?? WEBHOOK_BODY_LIMIT_BYTES);
      if (!body.ok) return c.json(errorBody('BODY_TOO_LARGE', 'request too large'), 413);
      const rawBody = Buffer.from(body.bytes.buffer, body.bytes.byteOffset, body.bytes.byteLength);
      if (deps.appSecrets.length > 0) {
        try {
          verifySignature(rawBody, c.req.header('x-hub-signature-256'), deps.appSecrets);
        } catch (error) {
          const code = isProtocolError(error) ? error.code : 'ERR_SIGNATURE_INVALID';
          deps.log('warn', 'webhook.signature_rejected', { code });
          return c.json(errorBody(code, code === 'ERR_SIGNATURE_MISSING' ? 'signature missing' : 'signature invalid'), code === 'ERR_SIGNATURE_MISSING' ? 401 : 403);
        }
      } else if (!warnedUnsigned) {
        warnedUnsigned = true;
        deps.log('warn', 'webhook.unsigned_accepted', { hint: 'set FLOWLINE_APP_SECRET so that only WhatsApp can post webhooks' });
      }
      const parsed = parseWebhookPayload(rawBody.toString('utf8'), deps.now().getTime());
      if (!parsed.ok) {
        deps.log('warn', 'webhook.malformed', { reason: parsed.message });
        return c.json(errorBody('MALFORMED_WEBHOOK', `malformed webhook: ${parsed.message}`), 400);
      }
      try {
        const outcomes = await processWebhookItems(deps, parsed.items);
        return c.json({ received: outcomes.length, outcomes }, 200);
      } catch (error) {
        deps.log('error', 'webhook.processing_failed', { error: error instanceof Error ? error.message : 'unknown' });
        // Not 200: WhatsApp delivers the webhook again; nothing of the failed items was committed, their receipts neither.
        return c.json(errorBody('INTERNAL', 'processing failed; retry'), 500);
      }
    },
  );
  return app;
}
