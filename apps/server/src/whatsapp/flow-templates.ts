import type { WhatsAppTemplate } from '@flowline/storage';
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

/** Templates with a FLOW button: create (pointing at the Flow's current Meta id), list with Meta's review status, delete. */
export function createFlowTemplates(deps: WhatsAppDeps, connections: WhatsAppConnections) {
  const { storage } = deps;
  return {
    async create(ws: string, input: FlowTemplateInput): Promise<Outcome<{ template: WhatsAppTemplate }>> {
      const problem = checkTemplateInput(input);
      if (problem !== undefined) return refuse('INVALID_TEMPLATE', problem);
      const current = currentMetaFlow(await storage.whatsapp.listMetaFlows(ws, input.flowId));
      if (current === undefined) return refuse('NOT_ON_META', `Flow ${input.flowId} is not on Meta yet: push and publish it before making a template that starts it`, 409);
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
      return { ok: true, template };
    },
    /** The workspace's templates; with `refresh`, Meta's review status (and rejection reason) is read first. */
    async list(ws: string, refresh: boolean): Promise<Outcome<{ templates: WhatsAppTemplate[] }>> {
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
      return { ok: true, templates: await storage.whatsapp.listTemplates(ws) };
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
