import { randomBytes } from 'node:crypto';
import { isJsonObject, type JsonObject, type RenderedScreen, renderScreen, type RuntimeEvent, type RuntimeState, startFlow, step } from '@flowline/core';
import { signBody } from '@flowline/protocol';
import { callOwnEndpoint } from '../../sandbox/call-own-endpoint.js';
import { driveFlow } from '../../sandbox/drive-flow.js';
import { toCompletionWebhook } from '../../sandbox/to-completion-webhook.js';
import type { GraphStandIn } from './graph-stand-in.js';

// The customer's phone in the end-to-end tests over the Graph stand-in: it reads the Flow messages the
// business sent through "Meta" (the stand-in's recorded POST /{phone}/messages), opens the Flow that Meta
// holds under the message's Meta Flow id (its flow.json and endpoint_uri as uploaded), runs it with
// Flowline's runtime exactly as the sandbox phone does, calls the endpoint encrypted with the key
// registered on Meta, and posts the signed `nfm_reply` completion webhook as WhatsApp would.

function record(value: unknown): JsonObject {
  return isJsonObject(value) ? value : {};
}

/** One Flow message the customer received: which Meta Flow it opens, with which token, action and first screen. */
export interface ReceivedFlow {
  readonly kind: 'interactive' | 'template';
  readonly metaFlowId: string;
  readonly flowToken: string;
  readonly action: 'navigate' | 'data_exchange';
  readonly screen: string | undefined;
  readonly data: Readonly<Record<string, unknown>> | undefined;
}

/** A Flow open on the customer's phone. */
export interface CustomerSession {
  readonly state: RuntimeState;
  /** The screen shown, undefined once the Flow ended. */
  readonly screen: RenderedScreen | undefined;
  /** The customer does something (fill, select, press…); endpoint calls and the completion follow. */
  act(event: RuntimeEvent): Promise<CustomerSession>;
}

/** Options of the stand-in customer. */
export interface StandInCustomerOptions {
  readonly graph: GraphStandIn;
  /** Where the server under test listens: Meta's endpoint_uri and webhook URL are reached there. */
  readonly serverBaseUrl: string;
  /** Signs the endpoint requests and the completion webhook, as Meta does with the app secret. */
  readonly appSecret: string | undefined;
  /** The customer's WhatsApp number (digits; a leading + is ignored). */
  readonly phone: string;
  readonly name?: string;
}

/** The customer's phone over the stand-in (see the comment above). */
export interface StandInCustomer {
  /** The Flow messages sent to this customer through Meta, oldest first. */
  received(): ReceivedFlow[];
  /** Opens a received Flow (taps its button): Meta's copy of the Flow, started as the message asks. */
  open(message: ReceivedFlow): Promise<CustomerSession>;
  /** The status of each completion webhook posted, in order. */
  readonly completions: number[];
}

const digits = (phone: string) => phone.replace(/\D/g, '');

/** Reads a recorded `POST /{phone}/messages` body as a received Flow, or undefined for other messages. */
function toReceived(graph: GraphStandIn, body: unknown): ReceivedFlow | undefined {
  const message = record(body);
  if (message['type'] === 'interactive') {
    const p = record(record(record(message['interactive'])['action'])['parameters']);
    const named = typeof p['flow_name'] === 'string' ? [...graph.flows.values()].find((f) => f.name === p['flow_name'])?.id : undefined;
    const metaFlowId = typeof p['flow_id'] === 'string' ? p['flow_id'] : named;
    const payload = record(p['flow_action_payload']);
    if (metaFlowId === undefined || typeof p['flow_token'] !== 'string') return undefined;
    return {
      kind: 'interactive', metaFlowId, flowToken: p['flow_token'], action: p['flow_action'] === 'data_exchange' ? 'data_exchange' : 'navigate',
      screen: typeof payload['screen'] === 'string' ? payload['screen'] : undefined, data: p['flow_action_payload'] === undefined ? undefined : record(payload['data']),
    };
  }
  if (message['type'] === 'template') {
    const template = record(message['template']);
    const sent = (Array.isArray(template['components']) ? template['components'] : []).map(record).find((c) => c['sub_type'] === 'flow');
    const action = record(record((Array.isArray(sent?.['parameters']) ? sent['parameters'] : [])[0])['action']);
    // The FLOW button as the template was created on Meta (a template is a name and a language): its flow_id, flow_action and navigate_screen.
    const made = [...graph.templates.values()].find((t) => t['name'] === template['name'] && t['language'] === record(template['language'])['code']);
    const buttons = (Array.isArray(made?.['components']) ? made['components'] : []).map(record).flatMap((c) => (Array.isArray(c['buttons']) ? c['buttons'] : [])).map(record);
    const button = buttons.find((b) => b['type'] === 'FLOW');
    if (button === undefined || typeof button['flow_id'] !== 'string' || typeof action['flow_token'] !== 'string') return undefined;
    return {
      kind: 'template', metaFlowId: button['flow_id'], flowToken: action['flow_token'], action: button['flow_action'] === 'data_exchange' ? 'data_exchange' : 'navigate',
      screen: typeof button['navigate_screen'] === 'string' ? button['navigate_screen'] : undefined,
      data: action['flow_action_data'] === undefined ? undefined : record(action['flow_action_data']),
    };
  }
  return undefined;
}

/** The customer's phone (see StandInCustomer). */
export function createStandInCustomer(options: StandInCustomerOptions): StandInCustomer {
  const { graph } = options;
  const completions: number[] = [];

  const open = async (message: ReceivedFlow): Promise<CustomerSession> => {
    const onMeta = graph.flows.get(message.metaFlowId);
    if (onMeta?.flowJson === undefined) throw new Error(`Meta has no flow.json for Meta Flow ${message.metaFlowId}`);
    if (onMeta.status === 'DEPRECATED') throw new Error(`Meta Flow ${message.metaFlowId} is deprecated: WhatsApp no longer opens it`);
    const flow: unknown = JSON.parse(onMeta.flowJson);
    const publicKeyPem = graph.publicKey();
    const endpointPath = onMeta.endpointUri === undefined ? undefined : new URL(onMeta.endpointUri).pathname;
    const host = {
      endpoint: async (request: Readonly<Record<string, unknown>>): Promise<RuntimeEvent> => {
        if (endpointPath === undefined || publicKeyPem === undefined) return { type: 'endpoint_error', status: 'timeout', message: 'no endpoint_uri or no registered key on Meta' };
        // Meta's endpoint_uri is the public base URL + /endpoint/{flowId}; the server under test answers it on loopback.
        const flowId = decodeURIComponent(endpointPath.replace(/^\/endpoint\//, ''));
        return callOwnEndpoint({ baseUrl: options.serverBaseUrl, publicKeyPem, appSecret: options.appSecret, fetch, timeoutMs: 10_000 }, flowId, request);
      },
      complete: async (payload: Readonly<Record<string, unknown>>, _summary: readonly unknown[], flowToken: string): Promise<void> => {
        const webhook = toCompletionWebhook({
          phoneNumberId: graph.phoneNumberId, displayPhoneNumber: '15550100', customerPhone: digits(options.phone), customerName: options.name,
          flowMessageId: `wamid.standin.${randomBytes(9).toString('base64url')}`, replyMessageId: `wamid.standin.${randomBytes(9).toString('base64url')}`,
          flowToken, payload, at: new Date(),
        });
        const entry = (webhook['entry'] as Record<string, unknown>[])[0];
        if (entry !== undefined) entry['id'] = graph.wabaId;
        const body = JSON.stringify(webhook);
        const response = await fetch(`${options.serverBaseUrl}/webhooks/whatsapp`, {
          method: 'POST', body, headers: { 'content-type': 'application/json', ...(options.appSecret === undefined ? {} : { 'x-hub-signature-256': signBody(body, options.appSecret) }) },
        });
        await response.arrayBuffer();
        completions.push(response.status);
      },
    };
    const session = async (state: RuntimeState): Promise<CustomerSession> => ({
      state,
      screen: state.status.kind === 'active' || state.status.kind === 'waiting' ? renderScreen(flow, state) : undefined,
      async act(event) {
        const driven = await driveFlow(flow, step(flow, state, event), host);
        if (!driven.ok) throw new Error(driven.message);
        return session(driven.state);
      },
    });
    const started = await driveFlow(flow, startFlow(flow, {
      action: message.action, flowToken: message.flowToken,
      ...(message.screen === undefined ? {} : { screen: message.screen }), ...(message.data === undefined ? {} : { data: message.data }),
    }), host);
    if (!started.ok) throw new Error(started.message);
    return session(started.state);
  };

  return {
    received: () => graph.requests
      .filter((r) => r.method === 'POST' && r.path.endsWith('/messages') && digits(String(record(r.body)['to'] ?? '')) === digits(options.phone))
      .map((r) => toReceived(graph, r.body))
      .filter((m): m is ReceivedFlow => m !== undefined),
    open,
    completions,
  };
}
