import { signBody } from '@flowline/protocol';
import type { Storage } from '@flowline/storage';

/** The seeded Flow whose completions the load tests send (its SMALL_BUSINESS answer). */
export const LOAD_FLOW = 'lead-qualification';

/** One signed completion webhook (an `nfm_reply` as WhatsApp posts it) and the message id it carries. */
export interface SignedCompletion {
  readonly messageId: string;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Creates `count` contacts and sends of the load Flow in `workspaceId`; returns their flow tokens in order. */
export async function createSends(storage: Storage, workspaceId: string, count: number, phonePrefix = '+35191'): Promise<{ flowToken: string; phone: string }[]> {
  const version = (await storage.flows.findPublishedVersion(workspaceId, LOAD_FLOW)) ?? (await storage.flows.findLatestVersion(workspaceId, LOAD_FLOW));
  if (version === undefined) throw new Error(`the seeded Flow ${LOAD_FLOW} is missing`);
  const sends: { flowToken: string; phone: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = `${phonePrefix}${String(i).padStart(7, '0')}`;
    const contact = await storage.contacts.upsert(workspaceId, { phone, at: Date.now() });
    const send = await storage.sends.create(workspaceId, { flowId: LOAD_FLOW, version: version.number, contactId: contact.id, channel: 'sandbox', at: Date.now() });
    if (!send.ok) throw new Error(send.message);
    sends.push({ flowToken: send.value.flowToken, phone });
  }
  return sends;
}

/** The completion webhook of one send, signed with `appSecret` when given. */
export function signedCompletion(send: { flowToken: string; phone: string }, messageId: string, appSecret: string | undefined): SignedCompletion {
  const answer = { company: `Company ${messageId}`, segment: 'small', email: `lead-${messageId.replace(/\W/g, '')}@example.com`, flow_token: send.flowToken };
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: 'WABA', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp', metadata: { phone_number_id: 'PNID' },
      messages: [{ from: send.phone.replace(/^\+/, ''), id: messageId, timestamp: String(Math.floor(Date.now() / 1000)), type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: JSON.stringify(answer) } } }],
    } }] }],
  });
  return { messageId, body, headers: { 'content-type': 'application/json', ...(appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, appSecret) }) } };
}

/** What one POST got: the status (0 when the connection failed: refused, reset, no answer) and the item outcome. */
export interface PostOutcome {
  readonly status: number;
  /** `ingested` or `duplicate` from a 200's first item. */
  readonly outcome?: string;
}

/** Posts a webhook to one instance; a failed connection is status 0, never a throw. */
export async function postCompletion(baseUrl: string, completion: SignedCompletion): Promise<PostOutcome> {
  try {
    const response = await fetch(`${baseUrl}/webhooks/whatsapp`, { method: 'POST', headers: completion.headers, body: completion.body, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    if (response.status !== 200) return { status: response.status };
    const parsed = JSON.parse(text) as { outcomes?: { outcome?: string }[] };
    const outcome = parsed.outcomes?.[0]?.outcome;
    return outcome === undefined ? { status: 200 } : { status: 200, outcome };
  } catch {
    return { status: 0 };
  }
}

/** Runs `tasks` with `lanes` of them in flight at once. */
export async function runLanes<T>(tasks: readonly T[], lanes: number, run: (task: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < tasks.length) {
      const index = next;
      next += 1;
      const task = tasks[index];
      if (task !== undefined) await run(task, index);
    }
  }));
}
