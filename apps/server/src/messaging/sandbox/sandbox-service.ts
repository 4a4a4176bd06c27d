import { isJsonObject, type JsonObject, type RenderedScreen, renderScreen, type RuntimeEvent, type RuntimeState, startFlow, step, type StepOutcome } from '@flowline/core';
import { loadSendFlowJson } from '../channels/choose-send-language.js';
import { randomBytes } from 'node:crypto';
import { signBody } from '@flowline/protocol';
import type { Contact, SandboxChat, SandboxMessage, SandboxSession, Storage } from '@flowline/storage';
import type { FetchFunction } from '../channels/graph-post.js';
import type { SandboxOutlet } from '../channels/send-flow.js';
import type { Logger } from '../../logging/logger.js';
import { callOwnEndpoint } from './call-own-endpoint.js';
import { driveFlow } from './drive-flow.js';
import { toCompletionWebhook } from './to-completion-webhook.js';

/** What the sandbox phone needs: storage, the clock, and how to reach its own server. */
export interface SandboxDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly log: Logger;
  /** The server's own loopback base URL (`http://127.0.0.1:PORT`), known once it listens. */
  readonly selfBaseUrl: () => string | undefined;
  /** The endpoint's public key: the sandbox encrypts with it, as WhatsApp does with the uploaded key (a function: read at each call, a key rotation changes it). */
  readonly publicKeyPem: string | (() => string);
  /** Signs the endpoint requests and the completion webhook, as Meta does. */
  readonly appSecret: string | undefined;
  readonly fetch?: FetchFunction;
  readonly endpointTimeoutMs?: number;
}

/** A sandbox Flow session as the phone shows it. */
export interface SandboxSessionView {
  readonly session: Omit<SandboxSession, 'state'>;
  readonly state: RuntimeState;
  /** The current screen, undefined once the Flow has ended. */
  readonly screen: RenderedScreen | undefined;
}

/** Why a sandbox operation could not be done. */
export type SandboxProblem = { readonly code: 'NOT_FOUND' | 'NOT_A_FLOW_MESSAGE' | 'NOT_AVAILABLE' | 'INVALID_EVENT' | 'RUNTIME_ERROR'; readonly message: string };

/** A result of the sandbox service: a value or a problem. */
export type SandboxResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: SandboxProblem };

/** The sandbox phone: chats with sandbox contacts, Flow messages opened and stepped by the real runtime. */
export interface SandboxService extends SandboxOutlet {
  /** Puts an operator's text reply in the contact's sandbox chat (the sandbox's stand-in for the Cloud API). */
  deliverText(workspaceId: string, message: { contactId: string; text: string; at: Date }): Promise<{ messageId: string }>;
  /** Creates (or finds) a sandbox contact who has opted in and writes "Hi" — opening the 24-hour window, as a real customer would. */
  ensureContact(workspaceId: string, contact: { phone: string; name?: string }): Promise<Contact>;
  /** The customer writes a text message (recorded on the conversation like an inbound WhatsApp message). */
  sendCustomerText(workspaceId: string, contactId: string, text: string): Promise<SandboxResult<SandboxMessage>>;
  listChats(workspaceId: string): Promise<SandboxChat[]>;
  getChat(workspaceId: string, contactId: string): Promise<{ contact: Contact; messages: SandboxMessage[] } | undefined>;
  /** Opens a Flow message (taps its CTA): starts the runtime, calling the endpoint for a data_exchange start. Reopening returns the same session. */
  openFlowMessage(workspaceId: string, messageId: string): Promise<SandboxResult<SandboxSessionView>>;
  /** Applies a customer event (fill, select, unselect, press, back); endpoint calls and completion follow as on a phone. */
  stepSession(workspaceId: string, sessionId: string, event: RuntimeEvent): Promise<SandboxResult<SandboxSessionView>>;
  renderSession(workspaceId: string, sessionId: string): Promise<SandboxResult<SandboxSessionView>>;
}

const CUSTOMER_EVENTS = new Set(['fill', 'select', 'unselect', 'press', 'back']);
const SANDBOX_NUMBER = { phoneNumberId: 'sandbox', display: '15550000000' };

function newMessageId(): string {
  return `wamid.sandbox.${randomBytes(15).toString('base64url')}`;
}

function record(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

function fail<T>(code: SandboxProblem['code'], message: string): SandboxResult<T> {
  return { ok: false, problem: { code, message } };
}

/** Creates the sandbox service. */
export function createSandboxService(deps: SandboxDeps): SandboxService {
  const { storage } = deps;
  const fetchFn = deps.fetch ?? fetch;

  const view = (session: SandboxSession, state: RuntimeState, flow: unknown): SandboxSessionView => {
    const { state: _stored, ...rest } = session;
    return { session: rest, state, screen: state.status.kind === 'active' || state.status.kind === 'waiting' ? renderScreen(flow, state) : undefined };
  };

  /** The Flow JSON the customer plays: the version's, built in the send's language when it has one (docs/localization.md). */
  const loadFlow = async (ws: string, flowId: string, version: number, sendId: string | null): Promise<unknown> => {
    const stored = await storage.flows.findVersion(ws, flowId, version);
    if (stored === undefined) return undefined;
    const send = sendId === null ? undefined : await storage.sends.find(ws, sendId);
    return loadSendFlowJson(storage, ws, stored, send?.language);
  };

  /** Performs the host's part of the effects: endpoint calls (feeding answers back) and the completion webhook. */
  const drive = async (ws: string, session: SandboxSession, flow: unknown, outcome: StepOutcome): Promise<SandboxResult<RuntimeState>> => {
    let unavailable = false;
    const driven = await driveFlow(flow, outcome, {
      endpoint: async (request) => {
        const baseUrl = deps.selfBaseUrl();
        if (baseUrl === undefined) {
          unavailable = true;
          return { type: 'endpoint_error', status: 503, message: 'the server is not listening yet' };
        }
        return callOwnEndpoint({ baseUrl, publicKeyPem: typeof deps.publicKeyPem === 'string' ? deps.publicKeyPem : deps.publicKeyPem(), appSecret: deps.appSecret, fetch: fetchFn, timeoutMs: deps.endpointTimeoutMs ?? 10_000 }, session.flowId, request);
      },
      complete: (payload, summary, flowToken) => complete(ws, session, payload, summary, flowToken),
    });
    if (unavailable) return fail('NOT_AVAILABLE', 'the server is not listening yet, so the sandbox cannot call its endpoint');
    return driven.ok ? { ok: true, value: driven.state } : fail('RUNTIME_ERROR', driven.message);
  };

  const complete = async (ws: string, session: SandboxSession, payload: Readonly<Record<string, unknown>>, summary: readonly unknown[], flowToken: string) => {
    const contact = await storage.contacts.find(ws, session.contactId);
    const replyMessageId = newMessageId();
    const at = deps.now();
    const webhook = JSON.stringify(toCompletionWebhook({
      phoneNumberId: SANDBOX_NUMBER.phoneNumberId, displayPhoneNumber: SANDBOX_NUMBER.display, customerPhone: contact?.phone ?? '',
      customerName: contact?.name ?? undefined, flowMessageId: session.messageId, replyMessageId, flowToken, payload, at,
    }));
    // The customer keeps the response summary in the chat (platform spec §6.2).
    await storage.sandbox.appendMessage(ws, { contactId: session.contactId, messageId: replyMessageId, direction: 'customer', kind: 'flow_reply', ...(session.sendId === null ? {} : { sendId: session.sendId }), body: { summary, payload }, at });
    const baseUrl = deps.selfBaseUrl();
    if (baseUrl === undefined) {
      deps.log('error', 'sandbox.webhook_not_posted', { reason: 'server not listening', sessionId: session.id });
      return;
    }
    try {
      const response = await fetchFn(`${baseUrl}/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(deps.appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(webhook, deps.appSecret) }) },
        body: webhook,
        signal: AbortSignal.timeout(10_000),
      });
      if (response.status !== 200) deps.log('error', 'sandbox.webhook_refused', { status: response.status, sessionId: session.id });
    } catch (error) {
      deps.log('error', 'sandbox.webhook_failed', { error: error instanceof Error ? error.message : 'unknown', sessionId: session.id });
    }
  };

  const persist = async (ws: string, session: SandboxSession, state: RuntimeState, flow: unknown): Promise<SandboxSessionView> => {
    const at = deps.now();
    await storage.sandbox.updateSession(ws, session.id, { state, status: state.status.kind, at });
    return view({ ...session, state, status: state.status.kind, updatedAt: at.getTime() }, state, flow);
  };

  const sendCustomerText: SandboxService['sendCustomerText'] = async (ws, contactId, text) => {
    const at = deps.now();
    const contact = await storage.contacts.find(ws, contactId);
    if (!contact) return fail('NOT_FOUND', `no contact ${contactId}`);
    const messageId = newMessageId();
    const appended = await storage.sandbox.appendMessage(ws, { contactId, messageId, direction: 'customer', kind: 'text', body: { text }, at });
    if (!appended.ok) return fail('NOT_AVAILABLE', appended.message);
    // The same write a WhatsApp text webhook makes: the inbound time and the message in the conversation.
    await storage.contacts.recordInboundMany([{ workspaceId: ws, phones: [contact.phone], at, message: { wamid: messageId, type: 'text', text } }]);
    return { ok: true, value: appended.value };
  };

  return {
    sendCustomerText,
    async deliverText(ws, message) {
      const messageId = newMessageId();
      await storage.sandbox.appendMessage(ws, { contactId: message.contactId, messageId, direction: 'business', kind: 'text', body: { text: message.text }, at: message.at });
      return { messageId };
    },
    async deliverFlowMessage(ws, message) {
      const messageId = newMessageId();
      await storage.sandbox.appendMessage(ws, { contactId: message.contactId, messageId, direction: 'business', kind: 'flow', sendId: message.sendId, body: message.body, at: message.at });
      return { messageId };
    },
    async ensureContact(ws, input) {
      const at = deps.now();
      const contact = await storage.contacts.upsert(ws, { phone: input.phone, ...(input.name === undefined ? {} : { name: input.name }), tags: ['sandbox'], at });
      if (!contact.optedIn) await storage.contacts.setOptIn(ws, contact.id, true, at);
      await sendCustomerText(ws, contact.id, 'Hi');
      return (await storage.contacts.find(ws, contact.id)) ?? contact;
    },
    listChats: (ws) => storage.sandbox.listChats(ws),
    async getChat(ws, contactId) {
      const contact = await storage.contacts.find(ws, contactId);
      return contact && { contact, messages: await storage.sandbox.listMessages(ws, contactId) };
    },
    async openFlowMessage(ws, messageId) {
      const message = await storage.sandbox.findMessage(ws, messageId);
      if (message === undefined) return fail('NOT_FOUND', `no sandbox message ${messageId}`);
      const parameters = record(record(record(record(message.body)['interactive'])['action'])['parameters']);
      const flowToken = parameters['flow_token'];
      if (message.kind !== 'flow' || typeof flowToken !== 'string') return fail('NOT_A_FLOW_MESSAGE', `message ${messageId} is not an interactive Flow message`);
      const send = await storage.sends.findByFlowToken(ws, flowToken);
      if (send === undefined) return fail('NOT_FOUND', 'the send of this Flow message no longer exists');
      const flow = await loadFlow(ws, send.flowId, send.version, send.id);
      if (flow === undefined) return fail('NOT_FOUND', `Flow ${send.flowId} version ${send.version} is missing or not JSON`);
      const opened = await storage.sandbox.openSession(ws, {
        messageId, contactId: message.contactId, sendId: send.id, flowId: send.flowId, version: send.version, state: null, status: 'opening', at: deps.now(),
      });
      if (!opened.created && opened.session.state !== null) return { ok: true, value: view(opened.session, opened.session.state as RuntimeState, flow) };
      const payload = record(parameters['flow_action_payload']);
      const screen = payload['screen'];
      const data = payload['data'];
      const started = startFlow(flow, {
        action: parameters['flow_action'] === 'data_exchange' ? 'data_exchange' : 'navigate',
        flowToken,
        ...(typeof screen === 'string' ? { screen } : {}),
        ...(isJsonObject(data) ? { data } : {}),
      });
      const driven = await drive(ws, opened.session, flow, started);
      if (!driven.ok) return driven;
      return { ok: true, value: await persist(ws, opened.session, driven.value, flow) };
    },
    async stepSession(ws, sessionId, event) {
      if (!CUSTOMER_EVENTS.has(event.type)) return fail('INVALID_EVENT', `${event.type} is not something a customer does; use fill, select, unselect, press or back`);
      const session = await storage.sandbox.findSession(ws, sessionId);
      if (session === undefined || session.state === null) return fail('NOT_FOUND', `no sandbox session ${sessionId}`);
      const flow = await loadFlow(ws, session.flowId, session.version, session.sendId);
      if (flow === undefined) return fail('NOT_FOUND', `Flow ${session.flowId} version ${session.version} is missing`);
      // The state was written by this service from the runtime's own output.
      const driven = await drive(ws, session, flow, step(flow, session.state as RuntimeState, event));
      if (!driven.ok) return driven;
      return { ok: true, value: await persist(ws, session, driven.value, flow) };
    },
    async renderSession(ws, sessionId) {
      const session = await storage.sandbox.findSession(ws, sessionId);
      if (session === undefined || session.state === null) return fail('NOT_FOUND', `no sandbox session ${sessionId}`);
      const flow = await loadFlow(ws, session.flowId, session.version, session.sendId);
      if (flow === undefined) return fail('NOT_FOUND', `Flow ${session.flowId} version ${session.version} is missing`);
      return { ok: true, value: view(session, session.state as RuntimeState, flow) };
    },
  };
}
