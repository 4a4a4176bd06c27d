import { pickLanguage } from '@flowline/core';
import type { FlowLocalization, MetaFlow, WhatsAppTemplate } from '@flowline/storage';
import { currentMetaFlow, toLifecycleFailure, type LifecycleFailure } from './meta-flow-lifecycle.js';
import type { WhatsAppConnections, WhatsAppDeps } from './whatsapp-connection.js';

/** A message template whose FLOW button starts a Flow (platform spec §5.2). */
export interface FlowTemplateInput {
  /** Lower-case letters, digits and underscores (Meta's rule). */
  readonly name: string;
  /** Such as `en_US`. */
  readonly language: string;
  /** MARKETING or UTILITY (authentication templates cannot carry a FLOW button). */
  readonly category: 'MARKETING' | 'UTILITY';
  /** Body text, with `{{1}}`… variables when `bodyExamples` gives their examples. */
  readonly body: string;
  readonly bodyExamples?: readonly string[];
  /** The button label (≤ 25 characters). */
  readonly buttonText: string;
  readonly flowId: string;
  readonly flowAction?: 'navigate' | 'data_exchange';
  /** The first screen with `navigate` (Meta's default is the Flow's first entry screen). */
  readonly navigateScreen?: string;
}

type Outcome<T> = ({ readonly ok: true } & T) | LifecycleFailure;

function refuse(code: string, message: string, status = 400): LifecycleFailure {
  return { ok: false, status, code, message };
}

/** The template's Cloud API components: a BODY and a BUTTONS component with one FLOW button. */
export function toTemplateComponents(input: FlowTemplateInput, graphFlowId: string): Record<string, unknown>[] {
  const action = input.flowAction ?? 'navigate';
  return [
    { type: 'BODY', text: input.body, ...(input.bodyExamples === undefined || input.bodyExamples.length === 0 ? {} : { example: { body_text: [[...input.bodyExamples]] } }) },
    {
      type: 'BUTTONS',
      buttons: [{ type: 'FLOW', text: input.buttonText, flow_id: graphFlowId, flow_action: action, ...(action === 'navigate' && input.navigateScreen !== undefined ? { navigate_screen: input.navigateScreen } : {}) }],
    },
  ];
}

/** Why a template input is refused before calling Meta, or undefined. */
export function checkTemplateInput(input: FlowTemplateInput): string | undefined {
  if (!/^[a-z0-9_]{1,512}$/.test(input.name)) return 'name must be lower-case letters, digits and underscores (at most 512)';
  if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(input.language)) return 'language must be a WhatsApp language code such as en_US or pt_BR';
  if (input.buttonText.length === 0 || input.buttonText.length > 25) return 'buttonText must be 1 to 25 characters';
  if (input.body.length === 0 || input.body.length > 1024) return 'body must be 1 to 1024 characters';
  const variables = new Set([...input.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1]));
  if (variables.size !== (input.bodyExamples?.length ?? 0)) return `the body has ${variables.size} variable(s) ({{1}}…) and ${input.bodyExamples?.length ?? 0} example(s): Meta needs one example per variable`;
  if (input.navigateScreen !== undefined && (input.flowAction ?? 'navigate') !== 'navigate') return 'navigateScreen goes with flowAction navigate only';
  return undefined;
}

/** A template as listed: with the language of the Flow build its FLOW button opens. */
export type ListedTemplate = WhatsAppTemplate & {
  /**
   * The language of the Flow build the FLOW button opens: a translated language for that language's Meta
   * Flow, the Flow's source language for its source Meta Flow; null when the Flow has no languages set or
   * the Meta Flow is not linked here.
   */
  readonly flowLanguage: string | null;
};

/**
 * The Meta Flow a new template's FLOW button names (a button names one Meta Flow id, so there is a template
 * per language): for a template in one of the Flow's translated languages ("es", or "es_MX" for a Flow in
 * "es"), that language's current Meta Flow when it has one; else the Flow's current (source) Meta Flow.
 */
export function templateMetaFlow(history: readonly MetaFlow[], localization: FlowLocalization | undefined, templateLanguage: string): { meta: MetaFlow; language: string | null } | undefined {
  const source = currentMetaFlow(history);
  const sourceLanguage = localization?.sourceLanguage ?? null;
  if (localization !== undefined) {
    const language = pickLanguage(templateLanguage, [localization.sourceLanguage, ...localization.languages], localization.sourceLanguage);
    const own = language === localization.sourceLanguage ? undefined : currentMetaFlow(history, language);
    if (own !== undefined) return { meta: own, language };
  }
  return source === undefined ? undefined : { meta: source, language: sourceLanguage };
}

/** Templates with a FLOW button: create (pointing at the Flow's current Meta id in the template's language), list with Meta's review status, delete. */
export function createFlowTemplates(deps: WhatsAppDeps, connections: WhatsAppConnections) {
  const { storage } = deps;
  return {
    async create(ws: string, input: FlowTemplateInput): Promise<Outcome<{ template: ListedTemplate }>> {
      const problem = checkTemplateInput(input);
      if (problem !== undefined) return refuse('INVALID_TEMPLATE', problem);
      const history = await storage.whatsapp.listMetaFlows(ws, input.flowId);
      const opens = templateMetaFlow(history, await storage.translations.findLocalization(ws, input.flowId), input.language);
      if (opens === undefined) return refuse('NOT_ON_META', `Flow ${input.flowId} is not on Meta yet: push and publish it before making a template that starts it`, 409);
      const current = opens.meta;
      const got = await connections.client(ws);
      if (!got.ok) return refuse('WHATSAPP_NOT_CONNECTED', got.message, 409);
      const components = toTemplateComponents(input, current.graphFlowId);
      const created = await got.client.createTemplate({ name: input.name, language: input.language, category: input.category, components });
      let made: { id: string; status: string };
      if (created.ok) made = created.value;
      else {
        // A lost answer (network failure, 5xx) may hide a template Meta did create: look for it, so it is recorded, not orphaned.
        let found: { id: string; status: string } | undefined;
        let looked = true;
        if (created.error.retry && created.error.kind !== 'rate_limited') {
          const listed = await got.client.listTemplates();
          looked = listed.ok;
          const match = listed.ok ? listed.value.find((t) => t['name'] === input.name && t['language'] === input.language && typeof t['id'] === 'string') : undefined;
          if (match !== undefined) found = { id: String(match['id']), status: typeof match['status'] === 'string' ? match['status'] : 'PENDING' };
        }
        if (found === undefined) {
          const failure = toLifecycleFailure(created.error);
          return looked ? failure : { ...failure, message: `${failure.message} (Meta may have created "${input.name}" anyway: list the templates with refresh before creating it again)` };
        }
        made = found;
        deps.log('warn', 'whatsapp.template_create_recovered', { workspace: ws, name: input.name, graphTemplateId: found.id, error: created.error.kind });
      }
      const template = await storage.whatsapp.saveTemplate(ws, {
        name: input.name, language: input.language, graphTemplateId: made.id, category: input.category, flowId: input.flowId, graphFlowId: current.graphFlowId,
        status: made.status, components, at: deps.now(),
      });
      deps.log('info', 'whatsapp.template_created', { workspace: ws, name: input.name, language: input.language, graphFlowId: current.graphFlowId, flowLanguage: opens.language });
      return { ok: true, template: { ...template, flowLanguage: opens.language } };
    },
    /** The workspace's templates; with `refresh`, Meta's review status (and rejection reason) is read first. */
    async list(ws: string, refresh: boolean): Promise<Outcome<{ templates: ListedTemplate[] }>> {
      if (refresh) {
        const got = await connections.client(ws);
        if (!got.ok) return refuse('WHATSAPP_NOT_CONNECTED', got.message, 409);
        const onMeta = await got.client.listTemplates();
        if (!onMeta.ok) return toLifecycleFailure(onMeta.error);
        for (const t of onMeta.value) {
          if (typeof t['id'] !== 'string' || typeof t['status'] !== 'string') continue;
          const reason = typeof t['rejected_reason'] === 'string' && t['rejected_reason'] !== 'NONE' ? t['rejected_reason'] : null;
          await storage.whatsapp.updateTemplateStatus(ws, t['id'], t['status'], reason, deps.now());
        }
      }
      const templates = await storage.whatsapp.listTemplates(ws);
      const metaFlows = new Map((await storage.whatsapp.listAllMetaFlows(ws)).map((m) => [m.graphFlowId, m]));
      const sources = new Map<string, string | null>();
      const listed: ListedTemplate[] = [];
      for (const t of templates) {
        const meta = metaFlows.get(t.graphFlowId);
        if (meta !== undefined && meta.language === null && !sources.has(t.flowId)) sources.set(t.flowId, (await storage.translations.findLocalization(ws, t.flowId))?.sourceLanguage ?? null);
        listed.push({ ...t, flowLanguage: meta === undefined ? null : (meta.language ?? sources.get(t.flowId) ?? null) });
      }
      return { ok: true, templates: listed };
    },
    /** Deletes every language of a template name on Meta, then here. */
    async remove(ws: string, name: string): Promise<Outcome<{ deleted: number }>> {
      const known = (await storage.whatsapp.listTemplates(ws)).filter((t) => t.name === name);
      if (known.length === 0) return refuse('NOT_FOUND', `no template "${name}" was made through Flowline`, 404);
      const got = await connections.client(ws);
      if (!got.ok) return refuse('WHATSAPP_NOT_CONNECTED', got.message, 409);
      const deleted = await got.client.deleteTemplate(name);
      if (!deleted.ok) return toLifecycleFailure(deleted.error);
      return { ok: true, deleted: await storage.whatsapp.deleteTemplates(ws, name) };
    },
  };
}

/** The template service (see createFlowTemplates). */
export type FlowTemplates = ReturnType<typeof createFlowTemplates>;
