/** An interactive Flow message to send (platform spec §5.1). */
export interface FlowMessage {
  /** The customer's WhatsApp id or phone number. */
  readonly to: string;
  /** Meta's Flow id; give this or `flowName`. */
  readonly flowId?: string;
  /** The Flow's name (Cloud API only); give this or `flowId`. */
  readonly flowName?: string;
  readonly flowToken: string;
  /** The button text (advised ≤ 30 characters, no emoji). */
  readonly cta: string;
  readonly header?: string;
  readonly body: string;
  readonly footer?: string;
  readonly mode: 'draft' | 'published';
  readonly action: 'navigate' | 'data_exchange';
  /** First screen, `navigate` only. */
  readonly screen?: string;
  /** First screen's data, `navigate` only; a non-empty object. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** Echoed by WhatsApp in this message's status webhooks (`biz_opaque_callback_data`, at most 512 characters). */
  readonly callbackData?: string;
}

/** A message template with a FLOW button, for business-initiated sends (platform spec §5.2). */
export interface FlowTemplateMessage {
  readonly to: string;
  readonly templateName: string;
  /** Language code such as `en_US`. */
  readonly language: string;
  readonly flowToken: string;
  /** The first screen's data. */
  readonly flowActionData?: Readonly<Record<string, unknown>>;
  /** Position of the FLOW button among the template's buttons (default 0). */
  readonly buttonIndex?: number;
  /** Echoed by WhatsApp in this message's status webhooks (`biz_opaque_callback_data`, at most 512 characters). */
  readonly callbackData?: string;
}

/** A problem that makes a message impossible to send as given. */
export type FlowMessageProblem = { readonly code: 'INVALID_MESSAGE'; readonly message: string };

/**
 * The Cloud API request body of an interactive Flow message, exactly as platform spec §5.1 and
 * Meta's Postman collection shape it: `interactive.type` and `action.name` are `flow`,
 * `flow_message_version` is `"3"`, and `flow_action_payload` is sent only with `navigate`.
 */
export function toFlowMessageBody(message: FlowMessage): { ok: true; body: Record<string, unknown> } | { ok: false; problem: FlowMessageProblem } {
  if ((message.flowId === undefined) === (message.flowName === undefined)) {
    return { ok: false, problem: { code: 'INVALID_MESSAGE', message: 'give exactly one of flowId and flowName' } };
  }
  if (message.cta.trim() === '') return { ok: false, problem: { code: 'INVALID_MESSAGE', message: 'the CTA text must not be empty' } };
  if (message.action === 'data_exchange' && (message.screen !== undefined || message.data !== undefined)) {
    return { ok: false, problem: { code: 'INVALID_MESSAGE', message: 'screen and data go with navigate only; data_exchange asks the endpoint (INIT)' } };
  }
  if (message.data !== undefined && Object.keys(message.data).length === 0) {
    return { ok: false, problem: { code: 'INVALID_MESSAGE', message: 'flow_action_payload.data must be a non-empty object when given' } };
  }
  const parameters: Record<string, unknown> = {
    flow_message_version: '3',
    flow_action: message.action,
    flow_token: message.flowToken,
    ...(message.flowId === undefined ? { flow_name: message.flowName } : { flow_id: message.flowId }),
    flow_cta: message.cta,
    // `published` is the default; Meta's collection leaves it out, so do we.
    ...(message.mode === 'draft' ? { mode: 'draft' } : {}),
  };
  if (message.action === 'navigate' && (message.screen !== undefined || message.data !== undefined)) {
    parameters['flow_action_payload'] = {
      ...(message.screen === undefined ? {} : { screen: message.screen }),
      ...(message.data === undefined ? {} : { data: message.data }),
    };
  }
  const interactive: Record<string, unknown> = {
    type: 'flow',
    ...(message.header === undefined ? {} : { header: { type: 'text', text: message.header } }),
    body: { text: message.body },
    ...(message.footer === undefined ? {} : { footer: { text: message.footer } }),
    action: { name: 'flow', parameters },
  };
  return {
    ok: true,
    body: { messaging_product: 'whatsapp', to: message.to, recipient_type: 'individual', type: 'interactive', interactive, ...callback(message.callbackData) },
  };
}

/** The Cloud API request body that sends an approved template with a FLOW button (platform spec §5.2). */
export function toFlowTemplateBody(message: FlowTemplateMessage): Record<string, unknown> {
  const action: Record<string, unknown> = {
    flow_token: message.flowToken,
    ...(message.flowActionData === undefined ? {} : { flow_action_data: message.flowActionData }),
  };
  return {
    messaging_product: 'whatsapp',
    to: message.to,
    type: 'template',
    template: {
      name: message.templateName,
      language: { code: message.language },
      components: [{ type: 'button', sub_type: 'flow', index: String(message.buttonIndex ?? 0), parameters: [{ type: 'action', action }] }],
    },
    ...callback(message.callbackData),
  };
}

/** The Cloud API's `biz_opaque_callback_data`: returned in status webhooks, so a message is known before its id is. */
function callback(data: string | undefined): Record<string, string> {
  return data === undefined ? {} : { biz_opaque_callback_data: data.slice(0, 512) };
}
