import type { Campaign, Storage } from '@flowline/storage';
import type { CloudApiClient } from '../channels/cloud-api-client.js';
import { loadSendLanguageChoice, type SendLanguageChoice } from '../channels/choose-send-language.js';
import { loadMetaFlowChoice, type MetaFlowChoice, type TemplateRef } from '../channels/find-opened-meta-flow.js';
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
  /** The template sent (template campaigns): the arm's, or the one of the same name in the recipient's language; the arm's when absent. */
  readonly template?: TemplateRef | undefined;
}

/** What one recipient's message opens: the Meta Flow its send records, the language it is sent in and, for a template campaign, the template. */
export interface CampaignOpen {
  readonly graphFlowId: string | undefined;
  readonly language: string | undefined;
  readonly template: TemplateRef | undefined;
}

/** What the messages of a batch open, by arm and recipient language (read once per batch). */
export interface CampaignOpens {
  /** Undefined for an arm the campaign does not have. */
  open(armKey: string, contactLanguage: string | null | undefined): CampaignOpen | undefined;
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
   * What each arm's messages open now, in each recipient's language (the contact's, as a single send:
   * docs/localization.md); read before every batch, so recipients claimed after a publish open the new
   * Meta Flow and their sends record it. The sandbox opens no Meta Flow.
   */
  openedMetaFlows(): Promise<CampaignOpens>;
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
        const sent = message.template ?? message.arm.template;
        if (template && sent !== undefined) {
          request = toFlowTemplateBody({ to: message.to, templateName: sent.name, language: sent.language, flowToken: message.flowToken, flowActionData: message.flowActionData });
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
      openedMetaFlows: () => loadCampaignOpens(deps, campaign, false),
      stopReason: () => Promise.resolve(undefined),
    };
  }
  const client = await deps.cloudApiFor(ws);
  if (client === undefined) return undefined;
  return {
    send(message) {
      const callbackData = `send:${message.sendId}`;
      const sent = message.template ?? message.arm.template;
      if (template && sent !== undefined) {
        return client.sendFlowTemplate({ to: message.to, templateName: sent.name, language: sent.language, flowToken: message.flowToken, flowActionData: message.flowActionData, callbackData });
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
    openedMetaFlows: () => loadCampaignOpens(deps, campaign, true),
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

/**
 * What a campaign's messages open, per arm and recipient language: the language chosen as for a single
 * send (the contact's when the arm's version is complete in it, else the fallback, else the source), the
 * template of the same name in that language when one was made and is approved, and on Meta that
 * language's published Meta Flow (else the fallback's or the source's; docs/localization.md).
 */
async function loadCampaignOpens(deps: CampaignChannelDeps, campaign: Campaign, onMeta: boolean): Promise<CampaignOpens> {
  const ws = campaign.workspaceId;
  const templateCampaign = campaign.kind === 'template';
  const arms = new Map<string, { arm: CampaignArm; languages: SendLanguageChoice; meta: MetaFlowChoice }>();
  for (const arm of definitionOf(campaign).arms) {
    const version = await deps.storage.flows.findVersion(ws, arm.flowId, arm.version);
    const languages = version === undefined ? { choose: () => undefined } : await loadSendLanguageChoice(deps.storage, ws, version);
    arms.set(arm.key, { arm, languages, meta: await loadMetaFlowChoice(deps.storage, ws, arm.flowId) });
  }
  return {
    open(armKey, contactLanguage) {
      const found = arms.get(armKey);
      if (found === undefined) return undefined;
      // The contact's language, else (a template campaign) the language of the arm's template.
      const language = found.languages.choose(contactLanguage ?? (templateCampaign ? found.arm.template?.language : undefined));
      // A campaign never stops for a localized template: one not approved (or opening a deprecated Meta Flow) leaves the arm's.
      const template = templateCampaign && found.arm.template !== undefined ? found.meta.templateFor(found.arm.template, language, { sendableOnly: true }) : undefined;
      if (!onMeta) return { graphFlowId: undefined, language, template };
      const opened = found.meta.open({ template, language });
      return { graphFlowId: opened.graphFlowId, language: opened.language, template };
    },
  };
}
