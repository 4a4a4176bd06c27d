import type { Storage } from '@flowline/storage';
import type { TemplateStatusItem } from '../webhooks/parse-webhook-payload.js';

/** What a `message_template_status_update` webhook did; returned in the webhook's 200 response and logged. */
export interface TemplateStatusOutcome {
  readonly kind: 'template_status';
  readonly graphTemplateId: string;
  readonly event: string;
  /** `applied`: the stored template's status changed; `recorded`: nothing to change; `unknown_template`: not made through Flowline. */
  readonly outcome: 'applied' | 'recorded' | 'unknown_template';
  readonly status?: string;
}

/**
 * The review status an event leaves a template in, or undefined when the event is a notice only.
 * REINSTATED lifts a pause (the template is APPROVED again); FLAGGED warns of low quality without
 * changing what can be sent (Meta pauses the template later if the quality stays low).
 */
export function statusAfterEvent(event: string): string | undefined {
  if (event === 'REINSTATED') return 'APPROVED';
  if (event === 'FLAGGED') return undefined;
  return event;
}

/** Applies Meta's review of a template (webhook) to the template stored under Meta's id, in whichever workspace made it. */
export async function applyTemplateStatus(deps: { readonly storage: Storage; readonly now: () => Date }, item: TemplateStatusItem): Promise<TemplateStatusOutcome> {
  const base = { kind: 'template_status', graphTemplateId: item.graphTemplateId, event: item.event } as const;
  const template = await deps.storage.whatsapp.locateTemplate(item.graphTemplateId);
  if (template === undefined) return { ...base, outcome: 'unknown_template' };
  const status = statusAfterEvent(item.event);
  // A repeat (Meta retries) finds the status already set: nothing is written, so no receipt is needed.
  if (status === undefined || (status === template.status && item.reason === template.reason)) return { ...base, outcome: 'recorded', status: template.status };
  await deps.storage.whatsapp.updateTemplateStatus(template.workspaceId, template.graphTemplateId, status, status === 'APPROVED' ? null : item.reason, deps.now());
  return { ...base, outcome: 'applied', status };
}

/**
 * Why a template send is refused by Meta's review, or undefined. Only templates made through Flowline
 * are known here; a template made in Meta's tools is sent as asked (Meta refuses it if it is not approved).
 */
export async function templateSendRefusal(storage: Storage, workspaceId: string, template: { readonly name: string; readonly language: string } | undefined): Promise<string | undefined> {
  if (template === undefined) return undefined;
  const known = (await storage.whatsapp.listTemplates(workspaceId)).find((t) => t.name === template.name && t.language === template.language);
  if (known === undefined) return undefined;
  if (known.status === 'APPROVED') {
    // Its FLOW button opens the Meta Flow it was made for; once that one is deprecated WhatsApp cannot open it.
    const opens = await storage.whatsapp.locateMetaFlow(known.graphFlowId);
    if (opens !== undefined && opens.workspaceId === workspaceId && (opens.status === 'DEPRECATED' || opens.status === 'DELETED')) {
      return `template "${template.name}" (${template.language}) opens Meta Flow ${known.graphFlowId}, which is ${opens.status} on WhatsApp: create the template again for the Flow's current Meta Flow`;
    }
    return undefined;
  }
  const why = known.reason === null ? '' : ` (${known.reason})`;
  const advice = known.status === 'PENDING' || known.status === 'IN_APPEAL'
    ? 'wait for Meta\'s review (GET /api/v1/whatsapp/templates?refresh=true reads it)'
    : known.status === 'PAUSED' ? 'Meta paused it for low quality; it is sendable again when Meta reinstates it'
      : 'make a new template';
  return `template "${template.name}" (${template.language}) is ${known.status} on WhatsApp${why}, not APPROVED: Meta sends approved templates only; ${advice}`;
}
