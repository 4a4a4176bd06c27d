import { serviceWindowOf } from '@flowline/core';
import type { Message, Storage } from '@flowline/storage';
import type { CloudApiClient } from '../channels/cloud-api-client.js';

/** Where a sandbox contact's replies go (the sandbox phone's chat). */
export interface SandboxTextOutlet {
  deliverText(workspaceId: string, message: { contactId: string; text: string; at: Date }): Promise<{ messageId: string }>;
}

/** What sending a reply needs: storage, the clock, the Cloud API client of a workspace and the sandbox. */
export interface SendReplyDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly whatsappFor: (workspaceId: string) => Promise<CloudApiClient | undefined>;
  readonly sandbox?: SandboxTextOutlet | undefined;
}

/** An operator's free-text reply to a contact. */
export interface SendReplyRequest {
  readonly workspaceId: string;
  readonly contactId: string;
  readonly text: string;
  /** The operator (the API actor), shown as the message's author. */
  readonly actor: string;
}

/** Why a reply was not sent; `status` is the HTTP status to answer with. */
export type SendReplyErrorCode = 'UNKNOWN_CONTACT' | 'OUTSIDE_SERVICE_WINDOW' | 'CHANNEL_NOT_CONFIGURED' | 'DELIVERY_FAILED';

/** The stored reply, or why it was refused (a failed delivery is stored too, with its error). */
export type SendReplyResult =
  | { readonly ok: true; readonly message: Message }
  | { readonly ok: false; readonly code: SendReplyErrorCode; readonly status: number; readonly message: string; readonly details?: Record<string, unknown> };

/** Whether a contact is reached through the sandbox phone (contacts the sandbox created carry its tag). */
export function isSandboxContact(contact: { readonly tags: readonly string[] }): boolean {
  return contact.tags.includes('sandbox');
}

/**
 * Sends an operator's free text: only inside the 24-hour customer service window measured from the
 * customer's last message (platform spec §5.3); outside it the refusal names the window and the
 * alternative, an approved template. The reply is stored before it is sent (status `queued`), then
 * marked `sent` with WhatsApp's id or `failed` with the Cloud API's error.
 */
export async function sendReply(deps: SendReplyDeps, request: SendReplyRequest): Promise<SendReplyResult> {
  const { storage } = deps;
  const ws = request.workspaceId;
  const contact = await storage.contacts.find(ws, request.contactId);
  if (contact === undefined) return { ok: false, code: 'UNKNOWN_CONTACT', status: 404, message: `no contact ${request.contactId} in this workspace` };
  const now = deps.now();
  const conversation = await storage.conversations.find(ws, contact.id);
  const window = serviceWindowOf(conversation?.lastInboundAt, now.getTime());
  if (!window.open) {
    const since = window.closesAt === null ? 'the customer has never written' : `the window closed at ${new Date(window.closesAt).toISOString()}, 24 hours after the customer's last message`;
    return {
      ok: false, code: 'OUTSIDE_SERVICE_WINDOW', status: 409,
      message: `Outside the 24-hour customer service window (${since}): WhatsApp accepts only an approved template now; send one of the approved templates instead (GET /api/v1/conversations/${contact.id} lists them).`,
      details: { windowClosedAt: window.closesAt, alternative: 'template' },
    };
  }
  const sandbox = isSandboxContact(contact) ? deps.sandbox : undefined;
  const whatsapp = sandbox === undefined ? await deps.whatsappFor(ws) : undefined;
  const deliver = sandbox !== undefined
    ? async () => ({ ok: true as const, wamid: (await sandbox.deliverText(ws, { contactId: contact.id, text: request.text, at: now })).messageId })
    : whatsapp !== undefined
      ? async () => {
        const sent = await whatsapp.sendText({ to: contact.phone, text: request.text });
        return sent.ok ? { ok: true as const, wamid: sent.messageId } : { ok: false as const, code: sent.code, message: sent.message };
      }
      : undefined;
  if (deliver === undefined) {
    return { ok: false, code: 'CHANNEL_NOT_CONFIGURED', status: 503, message: 'WhatsApp is not configured: save the connection (PUT /api/v1/whatsapp/connection) to reply to this contact' };
  }
  const stored = await storage.conversations.appendMessage(ws, { contactId: contact.id, direction: 'outbound', author: 'operator', authorName: request.actor, type: 'text', text: request.text, status: 'queued', at: now });
  if (stored === undefined) throw new Error('a new reply has no WhatsApp id yet and cannot collide');
  const result = await deliver();
  if (!result.ok) {
    await storage.conversations.settleMessage(ws, stored.id, { status: 'failed', ...(result.code === undefined ? {} : { errorCode: result.code }), errorTitle: result.message }, now);
    return { ok: false, code: 'DELIVERY_FAILED', status: 502, message: `WhatsApp refused the reply${result.code === undefined ? '' : ` (${result.code})`}: ${result.message}`, details: { messageId: stored.id } };
  }
  await storage.conversations.settleMessage(ws, stored.id, { wamid: result.wamid, status: 'sent' }, now);
  await storage.contacts.recordOutbound(ws, contact.id, now);
  return { ok: true, message: { ...stored, wamid: result.wamid, status: 'sent', statusAt: now.getTime() } };
}
