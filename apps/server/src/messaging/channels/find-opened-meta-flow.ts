import type { Repositories } from '@flowline/storage';
import { findPublishedLanguageMetaFlow, sameLanguage } from '../whatsapp/language-meta-flows.js';

/** A template by name and WhatsApp language code (`en_US`, `es`). */
export interface TemplateRef {
  readonly name: string;
  readonly language: string;
}

/** The Meta Flow a WhatsApp send opens, and the language the customer sees in it. */
export interface OpenedMetaFlow {
  /** Meta's id; undefined when Flowline knows no Meta Flow of the Flow (the message then names the Flow by its name). */
  readonly graphFlowId: string | undefined;
  /**
   * The language of the build that Meta Flow carries (the Flow's source language for the source build);
   * the send's chosen language when Flowline cannot tell (a template made in Meta's tools, no Meta Flow known).
   */
  readonly language: string | undefined;
}

/** What a Flow's WhatsApp sends open, read once (a campaign asks it for every recipient of a batch). */
export interface MetaFlowChoice {
  /**
   * The template sent in a language: the template of the same name in that language when Flowline made
   * one, else the one asked for. `sendableOnly`: only a localized template that is APPROVED and whose Meta
   * Flow is not deprecated or deleted (a campaign falls back rather than stop).
   */
  templateFor(template: TemplateRef, language: string | undefined, options?: { readonly sendableOnly?: boolean }): TemplateRef;
  /**
   * The Meta Flow a send opens: a template's FLOW button names the Meta Flow it was made for (when the
   * template was made through Flowline); an interactive message in a translated language opens that
   * language's published Meta Flow, else the fallback language's, else the Flow's current (source) Meta Flow.
   */
  open(request: { readonly template?: TemplateRef | undefined; readonly language?: string | undefined }): OpenedMetaFlow;
}

/** Reads what a Flow's WhatsApp sends open: its languages, its Meta Flows, the templates made through Flowline. */
export async function loadMetaFlowChoice(storage: Pick<Repositories, 'channels' | 'whatsapp' | 'translations'>, workspaceId: string, flowId: string): Promise<MetaFlowChoice> {
  const [localization, history, templates, sourceId] = await Promise.all([
    storage.translations.findLocalization(workspaceId, flowId),
    storage.whatsapp.listMetaFlows(workspaceId, flowId),
    storage.whatsapp.listTemplates(workspaceId),
    storage.channels.findGraphFlowId(workspaceId, flowId),
  ]);
  const byId = new Map(history.map((m) => [m.graphFlowId, m]));
  const source = localization?.sourceLanguage;
  return {
    templateFor(template, language, options = {}) {
      if (language === undefined || sameLanguage(template.language, language)) return template;
      const localized = templates.find((t) => t.name === template.name && sameLanguage(t.language, language));
      if (localized === undefined) return template;
      if (options.sendableOnly === true) {
        const opens = byId.get(localized.graphFlowId);
        if (localized.status !== 'APPROVED' || opens?.status === 'DEPRECATED' || opens?.status === 'DELETED') return template;
      }
      return { name: template.name, language: localized.language };
    },
    open(request) {
      if (request.template !== undefined) {
        const { name, language } = request.template;
        const known = templates.find((t) => t.name === name && t.language === language);
        if (known !== undefined) {
          const meta = byId.get(known.graphFlowId);
          return { graphFlowId: known.graphFlowId, language: meta === undefined ? request.language : (meta.language ?? source ?? request.language) };
        }
      } else if (request.language !== undefined && source !== undefined && !sameLanguage(request.language, source)) {
        for (const candidate of [request.language, localization?.fallbackLanguage]) {
          if (candidate === undefined || sameLanguage(candidate, source)) break;
          const meta = findPublishedLanguageMetaFlow(history, candidate);
          if (meta !== undefined) return { graphFlowId: meta.graphFlowId, language: meta.language ?? candidate };
        }
      }
      if (sourceId === undefined) return { graphFlowId: undefined, language: request.language };
      const meta = byId.get(sourceId);
      return { graphFlowId: sourceId, language: meta === undefined ? request.language : (meta.language ?? source ?? request.language) };
    },
  };
}

/** The Meta Flow one WhatsApp send opens (see MetaFlowChoice.open). */
export async function findOpenedMetaFlow(storage: Pick<Repositories, 'channels' | 'whatsapp' | 'translations'>, workspaceId: string, flowId: string, request: { readonly template?: TemplateRef | undefined; readonly language?: string | undefined }): Promise<OpenedMetaFlow> {
  return (await loadMetaFlowChoice(storage, workspaceId, flowId)).open(request);
}
