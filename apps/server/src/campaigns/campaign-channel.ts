import type { Campaign, Storage } from '@flowline/storage';
import type { CloudApiClient } from '../channels/cloud-api-client.js';
import { toFlowTemplateBody, toFlowMessageBody } from '../channels/flow-message.js';
import type { GraphSendResult } from '../channels/graph-send-result.js';
import type { SandboxOutlet } from '../channels/send-flow.js';
import { templateSendRefusal } from '../whatsapp/template-status.js';
import { definitionOf, type CampaignArm } from './campaign-definition.js';

/** One campaign message to one recipient. */
export interface CampaignMessage {
  readonly to: string;
  readonly contactId: string;
  readonly sendId: string;
  readonly flowToken: string;
  readonly arm: CampaignArm;
  readonly flowActionData: Readonly<Record<string, unknown>>;
}

/** Where a campaign's messages go: the Cloud API or the sandbox phone. */
export interface CampaignChannel {
  /** Sends one message; never throws (a failure is a value saying whether to retry). */
  send(message: CampaignMessage): Promise<GraphSendResult>;
  /** Why the campaign must stop now (a paused template), checked every few seconds; undefined when it may go on. */
  stopReason(): Promise<string | undefined>;
}

/** What building a campaign's channel needs from the server. */
export interface CampaignChannelDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  /** The Cloud API client of a workspace (saved connection or environment); undefined when WhatsApp is not configured. */
  readonly cloudApiFor: (workspaceId: string) => Promise<CloudApiClient | undefined>;
  readonly sandbox?: SandboxOutlet | undefined;
}

/**
 * The channel of a campaign, or undefined when it is not configured. Every WhatsApp message carries
 * `biz_opaque_callback_data` = `send:<id>`, so a status webhook names the send even when the process
 * stopped before recording Meta's answer.
 */
export async function campaignChannelFor(deps: CampaignChannelDeps, campaign: Campaign): Promise<CampaignChannel | undefined> {
  const ws = campaign.workspaceId;
  const definition = definitionOf(campaign);
  const template = campaign.kind === 'template';
  if (campaign.channel === 'sandbox') {
    const sandbox = deps.sandbox;
    if (sandbox === undefined) return undefined;
    return {
      async send(message) {
        let request: Record<string, unknown>;
        if (template && message.arm.template !== undefined) {
          request = toFlowTemplateBody({ to: message.to, templateName: message.arm.template.name, language: message.arm.template.language, flowToken: message.flowToken, flowActionData: message.flowActionData });
        } else {
          // The sandbox runs our own Flow, so it is named by our id.
          const built = toFlowMessageBody({
            to: message.to, flowId: message.arm.flowId, flowToken: message.flowToken, cta: definition.message?.cta ?? 'Open', body: definition.message?.body ?? '', mode: 'published', action: 'navigate',
            ...(definition.message?.screen === undefined ? {} : { screen: definition.message.screen }), ...(Object.keys(message.flowActionData).length === 0 ? {} : { data: message.flowActionData }),
          });
          if (!built.ok) return { ok: false, retry: false, status: 400, code: undefined, message: built.problem.message };
          request = built.body;
        }
        const { messageId } = await sandbox.deliverFlowMessage(ws, { contactId: message.contactId, sendId: message.sendId, body: request, at: deps.now() });
        return { ok: true, messageId, waId: undefined };
      },
      stopReason: () => Promise.resolve(undefined),
    };
  }
  const client = await deps.cloudApiFor(ws);
  if (client === undefined) return undefined;
  const graphFlowIds = new Map<string, string | undefined>();
  for (const arm of definition.arms) graphFlowIds.set(arm.flowId, await deps.storage.channels.findGraphFlowId(ws, arm.flowId));
  return {
    send(message) {
      const callbackData = `send:${message.sendId}`;
      if (template && message.arm.template !== undefined) {
        return client.sendFlowTemplate({ to: message.to, templateName: message.arm.template.name, language: message.arm.template.language, flowToken: message.flowToken, flowActionData: message.flowActionData, callbackData });
      }
      const graphFlowId = graphFlowIds.get(message.arm.flowId);
      const m = definition.message;
      return client.sendFlowMessage({
        to: message.to, ...(graphFlowId === undefined ? { flowName: message.arm.flowId } : { flowId: graphFlowId }), flowToken: message.flowToken,
        cta: m?.cta ?? 'Open', body: m?.body ?? '', mode: 'published', action: 'navigate', callbackData,
        ...(m?.header === undefined ? {} : { header: m.header }), ...(m?.footer === undefined ? {} : { footer: m.footer }), ...(m?.screen === undefined ? {} : { screen: m.screen }),
        ...(Object.keys(message.flowActionData).length === 0 ? {} : { data: message.flowActionData }),
      });
    },
    async stopReason() {
      if (!template) return undefined;
      for (const arm of definition.arms) {
        const refusal = await templateSendRefusal(deps.storage, ws, arm.template);
        if (refusal !== undefined) return refusal;
      }
      return undefined;
    },
  };
}
