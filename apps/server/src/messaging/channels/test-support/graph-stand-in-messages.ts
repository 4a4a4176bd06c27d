import { randomBytes } from 'node:crypto';

/** One `POST /{phone-number-id}/messages` the stand-in received, with when (ms, monotonic clock) and how it answered. */
export interface StandInMessage {
  readonly to: string;
  readonly at: number;
  readonly accepted: boolean;
  readonly messageId: string | undefined;
  readonly callbackData: string | undefined;
  readonly body: Record<string, unknown>;
}

/** A stretch during which every message is refused with a Graph error code (130429 throughput by default). */
export interface ThrottleStretch {
  readonly code?: number;
  /** How long the stretch lasts from now (ms). */
  readonly forMs: number;
}

/** The messages side of the stand-in: counts per recipient, throughput limits and errors, status webhooks. */
export interface MessageDesk {
  readonly log: readonly StandInMessage[];
  /** How many messages were accepted for this recipient (`to` as sent). */
  acceptedFor(to: string): number;
  /** Accepted messages per recipient. */
  acceptedByRecipient(): Map<string, number>;
  /** Refuses every message with `code` (default 130429) for a stretch starting now. */
  throttle(stretch: ThrottleStretch): void;
  /** Enforces a throughput like Meta's: more than `perSecond` messages within any second are refused with 130429 (undefined: no limit). */
  limitThroughput(perSecond: number | undefined): void;
  /** The most messages that arrived within any one second (a sliding window), accepted or not, or only accepted. */
  maxPerSecond(options?: { acceptedOnly?: boolean; from?: number; to?: number }): number;
  /** Whether accepted messages produce `sent` status webhooks (batched every 100 ms, retried until the server answers 2xx). */
  sendStatusWebhooks(on: boolean): void;
  /** Waits until every status webhook has been delivered (or given up after `timeoutMs`). */
  drainStatuses(timeoutMs?: number): Promise<void>;
  /** Stops retrying status webhooks. */
  stop(): void;
}

type Reply = { status: number; body: unknown };
type Deliver = (field: string, value: Record<string, unknown>) => Promise<boolean>;

/** Creates the messages desk; `deliver` posts one signed webhook change and says whether the server took it. */
export function createMessageDesk(options: { phoneNumberId: string; deliver: Deliver; graphError: (message: string, code: number) => { error: Record<string, unknown> } }): MessageDesk & { receive(body: Record<string, unknown>): Reply | undefined; accept(body: Record<string, unknown>, messageId: string): void } {
  const log: StandInMessage[] = [];
  const accepted = new Map<string, number>();
  let throttleUntil = 0;
  let throttleCode = 130429;
  let limit: number | undefined;
  const recent: number[] = [];
  let statusWebhooks = false;
  let pending: Record<string, unknown>[] = [];
  let flushing: Promise<void> | undefined;
  let stopped = false;

  const flush = async (): Promise<void> => {
    while (pending.length > 0 && !stopped) {
      const batch = pending.slice(0, 100);
      const value = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100', phone_number_id: options.phoneNumberId }, statuses: batch };
      // Meta retries a webhook the server did not take (down, 5xx): so does the stand-in, until it is taken.
      if (await options.deliver('messages', value)) pending = pending.slice(batch.length);
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const schedule = () => {
    flushing ??= new Promise<void>((resolve) => setTimeout(resolve, 100)).then(flush).finally(() => {
      flushing = undefined;
      if (pending.length > 0 && !stopped) schedule();
    });
  };

  const record = (body: Record<string, unknown>, accept: boolean, messageId: string | undefined) => {
    const to = typeof body['to'] === 'string' ? body['to'] : '';
    const callbackData = typeof body['biz_opaque_callback_data'] === 'string' ? body['biz_opaque_callback_data'] : undefined;
    log.push({ to, at: performance.now(), accepted: accept, messageId, callbackData, body });
    if (accept) accepted.set(to, (accepted.get(to) ?? 0) + 1);
    return { to, callbackData };
  };

  return {
    log,
    acceptedFor: (to) => accepted.get(to) ?? 0,
    acceptedByRecipient: () => new Map(accepted),
    throttle(stretch) {
      throttleUntil = performance.now() + stretch.forMs;
      throttleCode = stretch.code ?? 130429;
    },
    limitThroughput(perSecond) {
      limit = perSecond;
    },
    maxPerSecond(query = {}) {
      const times = log.filter((m) => (!query.acceptedOnly || m.accepted) && m.at >= (query.from ?? 0) && m.at <= (query.to ?? Infinity)).map((m) => m.at);
      let best = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    },
    sendStatusWebhooks(on) {
      statusWebhooks = on;
    },
    async drainStatuses(timeoutMs = 60_000) {
      const until = Date.now() + timeoutMs;
      while ((pending.length > 0 || flushing !== undefined) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    stop() {
      stopped = true;
    },
    /** Decides a refusal before the message is accepted (throttle stretch, throughput limit), or undefined to accept it. */
    receive(body) {
      const now = performance.now();
      if (now < throttleUntil) {
        record(body, false, undefined);
        const message = throttleCode === 131056 ? '(#131056) (Business Account, Consumer Account) pair rate limit hit' : '(#130429) Rate limit hit: Cloud API message throughput has been reached.';
        return { status: 400, body: options.graphError(message, throttleCode) };
      }
      if (limit !== undefined) {
        while (recent.length > 0 && now - (recent[0] ?? 0) >= 1000) recent.shift();
        if (recent.length >= limit) {
          record(body, false, undefined);
          return { status: 400, body: options.graphError('(#130429) Rate limit hit: Cloud API message throughput has been reached.', 130429) };
        }
        recent.push(now);
      }
      return undefined;
    },
    /** Records an accepted message and queues its `sent` status webhook (Meta's shape, with the callback data echoed). */
    accept(body, messageId) {
      const { to, callbackData } = record(body, true, messageId);
      if (!statusWebhooks) return;
      pending.push({
        id: messageId, status: 'sent', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: to.replace(/^\+/, ''),
        ...(callbackData === undefined ? {} : { biz_opaque_callback_data: callbackData }),
        pricing: { billable: true, pricing_model: 'PMP', category: 'marketing' },
      });
      schedule();
    },
  };
}

/** A message id in Meta's shape. */
export function newMessageId(): string {
  return `wamid.${randomBytes(18).toString('base64')}`;
}
