import type { Campaign, Storage } from '@flowline/storage';
import type { CloudApiClient } from '../channels/cloud-api-client.js';
import { findOpenedMetaFlow } from '../channels/find-opened-meta-flow.js';
import { toFlowTemplateBody, toFlowMessageBody } from '../channels/flow-message.js';
import type { GraphSendResult } from '../channels/graph-send-result.js';
import type { SandboxOutlet } from '../channels/send-flow.js';
import { metaSendRefusal } from '../whatsapp/apply-meta-flow-event.js';
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
  /** The Meta Flow the message opens, as its send records it; undefined when none is known (the sandbox, or a Flow Flowline never pushed). */
  readonly graphFlowId?: string | undefined;
}

/** Why a campaign stops before sending more: its status and the reason in words (the campaign's `statusReason`). */
export interface CampaignStop {
  readonly status: 'flow-not-sendable' | 'template-paused';
  readonly reason: string;
}

/** Where a campaign's messages go: the Cloud API or the sandbox phone. */
export interface CampaignChannel {
  /** Sends one message; never throws (a failure is a value saying whether to retry). */
  send(message: CampaignMessage): Promise<GraphSendResult>;
  /**
   * The Meta Flow each arm's messages open now, by arm key; read before every batch, so recipients claimed
   * after a publish open the new Meta Flow and their sends record it. Empty for the sandbox.
   */
  openedMetaFlows(): Promise<ReadonlyMap<string, string>>;
  /** Why the campaign must stop now (its Meta Flow THROTTLED or BLOCKED, a paused template), checked every few seconds; undefined when it may go on. */
  stopReason(): Promise<CampaignStop | undefined>;
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
      openedMetaFlows: () => Promise.resolve(new Map()),
      stopReason: () => Promise.resolve(undefined),
    };
  }
  const client = await deps.cloudApiFor(ws);
  if (client === undefined) return undefined;
  return {
    send(message) {
      const callbackData = `send:${message.sendId}`;
      if (template && message.arm.template !== undefined) {
        return client.sendFlowTemplate({ to: message.to, templateName: message.arm.template.name, language: message.arm.template.language, flowToken: message.flowToken, flowActionData: message.flowActionData, callbackData });
      }
      // The Meta Flow its send recorded at the claim: what the message opens is what holds a retiring Meta Flow.
      const graphFlowId = message.graphFlowId;
      const m = definition.message;
      return client.sendFlowMessage({
        to: message.to, ...(graphFlowId === undefined ? { flowName: message.arm.flowId } : { flowId: graphFlowId }), flowToken: message.flowToken,
        cta: m?.cta ?? 'Open', body: m?.body ?? '', mode: 'published', action: 'navigate', callbackData,
        ...(m?.header === undefined ? {} : { header: m.header }), ...(m?.footer === undefined ? {} : { footer: m.footer }), ...(m?.screen === undefined ? {} : { screen: m.screen }),
        ...(Object.keys(message.flowActionData).length === 0 ? {} : { data: message.flowActionData }),
      });
    },
    async openedMetaFlows() {
      const opens = new Map<string, string>();
      for (const arm of definition.arms) {
        const graphFlowId = await findOpenedMetaFlow(deps.storage, ws, arm.flowId, template ? arm.template : undefined);
        if (graphFlowId !== undefined) opens.set(arm.key, graphFlowId);
      }
      return opens;
    },
    // The refusals of a single send (sendFlow): the Flow's Meta status first, then the template's review.
    async stopReason() {
      for (const arm of definition.arms) {
        const refusal = await metaSendRefusal(deps.storage, ws, arm.flowId);
        if (refusal !== undefined) return { status: 'flow-not-sendable', reason: refusal };
      }
      if (!template) return undefined;
      for (const arm of definition.arms) {
        const refusal = await templateSendRefusal(deps.storage, ws, arm.template);
        if (refusal !== undefined) return { status: 'template-paused', reason: refusal };
      }
      return undefined;
    },
  };
}
