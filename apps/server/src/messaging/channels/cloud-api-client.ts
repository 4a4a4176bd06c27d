import { toFlowMessageBody, toFlowTemplateBody, type FlowMessage, type FlowTemplateMessage } from './flow-message.js';
import type { GraphPost } from './graph-post.js';
import { toGraphFailure, toGraphSuccess, type GraphSendResult } from './graph-send-result.js';

/** Where and as whom the Cloud API is called. */
export interface GraphConfig {
  /** `https://graph.facebook.com` unless a stand-in is used. */
  readonly baseUrl: string;
  /** Graph API version such as `v23.0`. */
  readonly apiVersion: string;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  /** Per-request deadline (default 10 s), applied by the GraphPost the client is given. */
  readonly timeoutMs?: number;
}

/** The outbound half of the WhatsApp channel: sends Flow messages through the Cloud API. */
export interface CloudApiClient {
  /** Sends an interactive Flow message (user-initiated conversations, platform spec §5.1). */
  sendFlowMessage(message: FlowMessage): Promise<GraphSendResult>;
  /** Sends an approved template with a FLOW button (business-initiated, platform spec §5.2). */
  sendFlowTemplate(message: FlowTemplateMessage): Promise<GraphSendResult>;
  /** Sends a free-form text message (only inside the 24-hour customer service window, platform spec §5.3). */
  sendText(message: { to: string; text: string }): Promise<GraphSendResult>;
}

/** Creates a Cloud API client over a way to POST to Meta (guardedGraphPost in the server); it never throws for a downstream failure. */
export function createCloudApiClient(config: GraphConfig, post: GraphPost): CloudApiClient {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/${config.apiVersion}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  const headers = { authorization: `Bearer ${config.accessToken}`, 'content-type': 'application/json' };
  const send = async (body: Record<string, unknown>): Promise<GraphSendResult> => {
    let answer: { status: number; text: string };
    try {
      answer = await post(url, { headers, body: JSON.stringify(body) });
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'network error';
      return { ok: false, retry: true, status: 0, code: undefined, message: `Graph API unreachable (${reason})` };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text) as unknown;
    } catch {
      parsed = undefined;
    }
    return answer.status >= 200 && answer.status < 300 ? toGraphSuccess(answer.status, parsed) : toGraphFailure(answer.status, parsed);
  };
  return {
    sendFlowMessage(message) {
      const built = toFlowMessageBody(message);
      if (!built.ok) return Promise.resolve({ ok: false, retry: false, status: 0, code: undefined, message: built.problem.message });
      return send(built.body);
    },
    sendFlowTemplate: (message) => send(toFlowTemplateBody(message)),
    // Cloud API text message: POST /{phone-number-id}/messages with type text; links are not previewed.
    sendText: (message) => send({ messaging_product: 'whatsapp', recipient_type: 'individual', to: message.to, type: 'text', text: { preview_url: false, body: message.text } }),
  };
}
