/** What the sandbox knows about a completion, to write the webhook WhatsApp would send. */
export interface SandboxCompletion {
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  /** The customer's phone (any `+` is dropped: WhatsApp ids are digits). */
  readonly customerPhone: string;
  readonly customerName: string | undefined;
  readonly flowMessageId: string;
  readonly replyMessageId: string;
  readonly flowToken: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/**
 * The `messages` webhook of a Flow completion in WhatsApp's real format (platform spec §6.2, as in
 * corpus/webhooks/pywa__flow_completion.json): `response_json` is a JSON string with the flow_token.
 */
export function toCompletionWebhook(completion: SandboxCompletion): Record<string, unknown> {
  const waId = completion.customerPhone.replace(/^\+/, '');
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: 'sandbox',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: completion.displayPhoneNumber, phone_number_id: completion.phoneNumberId },
          contacts: [{ profile: { name: completion.customerName ?? waId }, wa_id: waId }],
          messages: [{
            context: { from: completion.displayPhoneNumber, id: completion.flowMessageId },
            from: waId,
            id: completion.replyMessageId,
            timestamp: String(Math.floor(completion.at.getTime() / 1000)),
            type: 'interactive',
            interactive: {
              type: 'nfm_reply',
              nfm_reply: { response_json: JSON.stringify({ ...completion.payload, flow_token: completion.flowToken }), body: 'Sent', name: 'flow' },
            },
          }],
        },
      }],
    }],
  };
}
