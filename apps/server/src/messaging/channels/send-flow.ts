import { isWithinServiceWindow, type Send, type Storage } from '@flowline/storage';
import type { CloudApiClient } from './cloud-api-client.js';
import { toFlowMessageBody, toFlowTemplateBody, type FlowMessage } from './flow-message.js';
import type { GraphSendResult } from './graph-send-result.js';
import { templateSendRefusal } from '../whatsapp/template-status.js';
import { whatsappReviewRefusal } from './review-gate.js';
import { metaSendRefusal } from '../whatsapp/apply-meta-flow-event.js';
import { chooseSendLanguage } from './choose-send-language.js';
import { loadMetaFlowChoice } from './find-opened-meta-flow.js';

/** Where a Flow message goes when the channel is the sandbox phone (see SandboxService). */
export interface SandboxOutlet {
  /** Puts the message (the Cloud API request body, as WhatsApp would have received it) in the contact's sandbox chat. */
  deliverFlowMessage(workspaceId: string, message: { contactId: string; sendId: string; body: Record<string, unknown>; at: Date }): Promise<{ messageId: string }>;
}

/** What the send service needs: storage, a clock and the channels that are configured. */
export interface SendFlowDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  /** The Cloud API client; absent when no WhatsApp number is configured. */
  readonly whatsapp?: CloudApiClient | undefined;
  /** The Cloud API client of a workspace's saved connection (preferred over `whatsapp` when given). */
  readonly whatsappFor?: (workspaceId: string) => Promise<CloudApiClient | undefined>;
  readonly sandbox?: SandboxOutlet | undefined;
}

/** A request to send a Flow to a contact. */
export interface SendFlowRequest {
  readonly workspaceId: string;
  readonly flowId: string;
  readonly contactId: string;
  /** `sandbox` (default) or `whatsapp`. */
  readonly channel?: string;
  /** The version; the published one (else the latest, sent in draft mode) when absent. */
  readonly version?: number;
  /** `interactive` (default; needs the 24-hour window) or `template` (business-initiated; needs `template`). */
  readonly kind?: 'interactive' | 'template';
  readonly template?: { readonly name: string; readonly language: string };
  readonly mode?: 'draft' | 'published';
  readonly action?: 'navigate' | 'data_exchange';
  readonly screen?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly cta?: string;
  readonly header?: string;
  readonly body?: string;
  readonly footer?: string;
  /** Who asked (for logs and audit); not sent anywhere. */
  readonly actor?: string;
  /** The customer's language, over the contact's (docs/localization.md); the Flow's fallback applies when it has no such language. */
  readonly language?: string;
}

/** Why a send was refused or failed; `status` is the HTTP status an API should answer with. */
export type SendFlowErrorCode =
  | 'UNKNOWN_CONTACT'
  | 'UNKNOWN_FLOW'
  | 'UNKNOWN_VERSION'
  | 'NOT_APPROVED'
  | 'FLOW_NOT_SENDABLE'
  | 'TEMPLATE_NOT_APPROVED'
  | 'NO_OPT_IN'
  | 'OUTSIDE_SERVICE_WINDOW'
  | 'CHANNEL_NOT_CONFIGURED'
  | 'INVALID_MESSAGE'
  | 'DELIVERY_FAILED';

/** The send that was made, or a refusal/failure as a value. */
export type SendFlowResult =
  | { readonly ok: true; readonly send: Send; readonly messageId: string }
  | { readonly ok: false; readonly code: SendFlowErrorCode; readonly message: string; readonly status: number; readonly retry: boolean; readonly sendId?: string };

function refuse(code: SendFlowErrorCode, message: string, status: number, retry = false): SendFlowResult {
  return { ok: false, code, message, status, retry };
}

/**
 * Sends a Flow to a contact: checks opt-in and (for free-form interactive messages) the 24-hour
 * service window (platform spec §5.3), records the send with a fresh unguessable flow_token (which the
 * endpoint admits by its send at the first exchange), delivers through the channel and records the `sent` event.
 */
export async function sendFlow(deps: SendFlowDeps, request: SendFlowRequest): Promise<SendFlowResult> {
  const { storage } = deps;
  const ws = request.workspaceId;
  const now = deps.now();
  const channel = request.channel ?? 'sandbox';
  const kind = request.kind ?? 'interactive';
  if (channel !== 'sandbox' && channel !== 'whatsapp') return refuse('CHANNEL_NOT_CONFIGURED', `unknown channel "${channel}" (use whatsapp or sandbox)`, 400);
  const whatsapp = channel === 'whatsapp' && deps.whatsappFor !== undefined ? await deps.whatsappFor(ws) : deps.whatsapp;
  if (channel === 'whatsapp' && whatsapp === undefined) {
    return refuse('CHANNEL_NOT_CONFIGURED', 'WhatsApp is not configured: save the connection (PUT /api/v1/whatsapp/connection) or set FLOWLINE_WHATSAPP_PHONE_NUMBER_ID and FLOWLINE_WHATSAPP_ACCESS_TOKEN', 503);
  }
  if (channel === 'sandbox' && deps.sandbox === undefined) return refuse('CHANNEL_NOT_CONFIGURED', 'the sandbox channel is not available', 503);
  if (kind === 'template' && request.template === undefined) return refuse('INVALID_MESSAGE', 'a template send needs template.name and template.language', 400);

  const contact = await storage.contacts.find(ws, request.contactId);
  if (!contact) return refuse('UNKNOWN_CONTACT', `no contact ${request.contactId} in this workspace`, 404);
  const flow = await storage.flows.find(ws, request.flowId);
  if (!flow) return refuse('UNKNOWN_FLOW', `no Flow ${request.flowId} in this workspace`, 404);
  if (flow.status === 'blocked' || flow.status === 'deprecated') {
    return refuse('FLOW_NOT_SENDABLE', `Flow ${flow.id} is ${flow.status} and cannot be sent (platform spec §4)`, 409);
  }
  if (channel === 'whatsapp') {
    const refusal = await metaSendRefusal(storage, ws, flow.id);
    if (refusal !== undefined) return refuse('FLOW_NOT_SENDABLE', refusal, 409);
    const templateRefusal = kind === 'template' ? await templateSendRefusal(storage, ws, request.template) : undefined;
    if (templateRefusal !== undefined) return refuse('TEMPLATE_NOT_APPROVED', templateRefusal, 409);
  }
  const version = request.version ?? flow.publishedVersion ?? (await storage.flows.findLatestVersion(ws, flow.id))?.number;
  const stored = version === undefined ? undefined : await storage.flows.findVersion(ws, flow.id, version);
  if (version === undefined || !stored) {
    return refuse('UNKNOWN_VERSION', `Flow ${flow.id} has no version ${version ?? ''}`.trim(), 404);
  }
  const mode = request.mode ?? (version === flow.publishedVersion ? 'published' : 'draft');
  // Nothing reaches customers without review (docs/governance.md): on WhatsApp only the published version or an approved one.
  if (channel === 'whatsapp') {
    const unreviewed = await whatsappReviewRefusal(storage, ws, flow, version);
    if (unreviewed !== undefined) return refuse('NOT_APPROVED', unreviewed, 409);
  }

  if (!contact.optedIn) return refuse('NO_OPT_IN', `contact ${contact.phone} has not opted in to WhatsApp messages from this business`, 409);
  if (kind === 'interactive' && !isWithinServiceWindow(await storage.contacts.findConversation(ws, contact.id), now)) {
    return refuse('OUTSIDE_SERVICE_WINDOW', `contact ${contact.phone} has not written in the last 24 hours: an interactive Flow message cannot be sent; use an approved template with a FLOW button`, 409);
  }

  // The customer's language (the request's, else the contact's, else the language of the template asked for) picks
  // the build they play and, for a template, the template's language.
  const wanted = request.language ?? contact.language ?? (kind === 'template' ? request.template?.language : undefined);
  let language = await chooseSendLanguage(storage, ws, stored, wanted);
  const choice = channel === 'whatsapp' || kind === 'template' ? await loadMetaFlowChoice(storage, ws, flow.id) : undefined;
  let template = request.template;
  if (kind === 'template' && template !== undefined && choice !== undefined) {
    const localized = choice.templateFor(template, language);
    if (localized !== template) {
      template = localized;
      const refusal = channel === 'whatsapp' ? await templateSendRefusal(storage, ws, template) : undefined;
      if (refusal !== undefined) return refuse('TEMPLATE_NOT_APPROVED', refusal, 409);
    }
  }

  // The Meta Flow this send opens is recorded with it, so a replaced Meta Flow is deprecated only once its customers are done.
  // On Meta each language is its own Meta Flow: the send records the language of the one it opens (the source's when its language has none published).
  let graphFlowId: string | undefined;
  if (channel === 'whatsapp' && choice !== undefined) {
    const opened = choice.open({ ...(kind === 'template' ? { template } : {}), language });
    graphFlowId = opened.graphFlowId;
    language = opened.language;
  }
  const created = await storage.sends.create(ws, { flowId: flow.id, version, contactId: contact.id, channel, ...(graphFlowId === undefined ? {} : { graphFlowId }), ...(language === undefined ? {} : { language }), at: now });
  if (!created.ok) return refuse(created.code === 'UNKNOWN_CONTACT' ? 'UNKNOWN_CONTACT' : 'UNKNOWN_VERSION', created.message, 404);
  const send = created.value;
  // No endpoint session is opened here: the endpoint admits the token by its send (a registration) at
  // the first exchange, which links its trace and events to the send and records `opened`.

  // A Flow whose endpoint answers INIT opens with a data_exchange (the phone asks the endpoint for the
  // first screen); others open with navigate, as WhatsApp's default flow_action.
  const action = request.action ?? (answersInit(stored.endpointConfig) ? 'data_exchange' : 'navigate');
  const message: FlowMessage = {
    to: contact.phone,
    flowToken: send.flowToken,
    cta: request.cta ?? 'Open',
    body: request.body ?? flow.name,
    mode,
    action,
    ...(request.header === undefined ? {} : { header: request.header }),
    ...(request.footer === undefined ? {} : { footer: request.footer }),
    ...(action === 'navigate' && request.screen !== undefined ? { screen: request.screen } : {}),
    ...(action === 'navigate' && request.data !== undefined ? { data: request.data } : {}),
  };
  const delivered = await deliver({ ...deps, whatsapp }, ws, channel, kind, template === undefined ? request : { ...request, template }, message, send, flow.name);
  if (!delivered.ok) {
    await storage.sends.updateStatus(ws, send.id, { status: 'failed', at: now });
    return { ok: false, code: delivered.code ?? 'DELIVERY_FAILED', message: delivered.message, status: delivered.code === 'INVALID_MESSAGE' ? 400 : 502, retry: delivered.retry, sendId: send.id };
  }
  await storage.sends.updateStatus(ws, send.id, { status: 'sent', messageId: delivered.messageId, at: now });
  await storage.contacts.recordOutbound(ws, contact.id, now);
  // The conversation shows the Flow message (its summary card) where it was sent (issue 12 §2).
  await storage.conversations.appendMessage(ws, {
    contactId: contact.id, direction: 'outbound', author: 'automation', ...(request.actor === undefined ? {} : { authorName: request.actor }), wamid: delivered.messageId,
    type: kind === 'template' ? 'template' : 'flow', text: kind === 'template' ? request.template?.name ?? flow.name : message.body,
    details: { sendId: send.id, flowId: flow.id, version, ...(kind === 'template' && request.template !== undefined ? { template: request.template.name, language: request.template.language } : {}) },
    status: 'sent', at: now,
  });
  await storage.events.record(ws, [{ type: 'sent', flowId: flow.id, version, sendId: send.id, at: now }]);
  return { ok: true, send: { ...send, status: 'sent', messageId: delivered.messageId, updatedAt: now.getTime() }, messageId: delivered.messageId };
}

type Delivery = { ok: true; messageId: string } | { ok: false; retry: boolean; message: string; code?: 'INVALID_MESSAGE' };

async function deliver(
  deps: SendFlowDeps, ws: string, channel: 'sandbox' | 'whatsapp', kind: 'interactive' | 'template',
  request: SendFlowRequest, message: FlowMessage, send: Send, flowName: string,
): Promise<Delivery> {
  const template = request.template;
  const templateMessage = template && {
    to: message.to, templateName: template.name, language: template.language, flowToken: send.flowToken,
    ...(request.data === undefined ? {} : { flowActionData: request.data }),
  };
  if (channel === 'sandbox') {
    const sandbox = deps.sandbox;
    if (sandbox === undefined) return { ok: false, retry: false, message: 'the sandbox channel is not available' };
    let body: Record<string, unknown>;
    if (kind === 'template' && templateMessage) body = toFlowTemplateBody(templateMessage);
    else {
      // The sandbox runs our own Flow, so it is named by our id (WhatsApp would use Meta's id).
      const built = toFlowMessageBody({ ...message, flowId: send.flowId });
      if (!built.ok) return { ok: false, retry: false, message: built.problem.message, code: 'INVALID_MESSAGE' };
      body = built.body;
    }
    const { messageId } = await sandbox.deliverFlowMessage(ws, { contactId: send.contactId, sendId: send.id, body, at: deps.now() });
    return { ok: true, messageId };
  }
  const client = deps.whatsapp;
  if (client === undefined) return { ok: false, retry: false, message: 'WhatsApp is not configured' };
  let result: GraphSendResult;
  if (kind === 'template' && templateMessage) result = await client.sendFlowTemplate(templateMessage);
  else {
    const graphFlowId = send.graphFlowId ?? undefined;
    result = await client.sendFlowMessage(graphFlowId === undefined ? { ...message, flowName } : { ...message, flowId: graphFlowId });
  }
  if (result.ok) return { ok: true, messageId: result.messageId };
  return { ok: false, retry: result.retry, message: `WhatsApp refused the message${result.code === undefined ? '' : ` (${result.code})`}: ${result.message}` };
}

/** Whether a stored endpoint configuration (declarative, as in the seeds) answers INIT requests. */
function answersInit(endpointConfig: unknown): boolean {
  return typeof endpointConfig === 'object' && endpointConfig !== null && 'INIT' in endpointConfig;
}
