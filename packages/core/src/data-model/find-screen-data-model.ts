import { isJsonObject } from '../json/is-json-object.js';

/** A screen's declared data model: field name → its JSON-Schema-like declaration (§1.7). */
export type ScreenDataModel =
  | { readonly kind: 'found'; readonly fields: Readonly<Record<string, unknown>> }
  | { readonly kind: 'unknown-screen' };

/** Finds the `data` declaration of a screen; a screen without `data` declares no fields. */
export function findScreenDataModel(flow: unknown, screenId: string): ScreenDataModel {
  if (typeof flow !== 'object' || flow === null) return { kind: 'unknown-screen' };
  const screens: unknown = (flow as { screens?: unknown }).screens;
  if (!Array.isArray(screens)) return { kind: 'unknown-screen' };
  for (const screen of screens as unknown[]) {
    if (typeof screen !== 'object' || screen === null) continue;
    const { id, data } = screen as { id?: unknown; data?: unknown };
    if (id !== screenId) continue;
    const fields = isJsonObject(data) ? data : {};
    return { kind: 'found', fields };
  }
  return { kind: 'unknown-screen' };
}
