/** The endpoint configuration being edited: unchanged (the next version keeps the saved one), none, or a new one. */
export type EndpointDraft = { readonly kind: 'unchanged' } | { readonly kind: 'none' } | { readonly kind: 'config'; readonly config: Record<string, unknown> };

/** One line of the endpoint check (POST /flows/{id}/endpoint-config/check). */
export interface EndpointCheck {
  readonly need: string | null;
  readonly hasEndpointConfig: boolean;
  readonly publishable: boolean;
  readonly problems: readonly { readonly code: string; readonly severity: string; readonly message: string; readonly pointer: string }[];
}

/** Reads the text of the endpoint editor: empty = none, else a JSON object, or why it is not one. */
export function parseEndpointText(text: string): { ok: true; draft: EndpointDraft } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, draft: { kind: 'none' } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'the endpoint configuration must be a JSON object' };
  return { ok: true, draft: { kind: 'config', config: value as Record<string, unknown> } };
}

/** The `endpointConfig` a saved version is sent with: absent keeps the previous version's, null removes it. */
export function endpointConfigField(draft: EndpointDraft): { endpointConfig?: Record<string, unknown> | null } {
  if (draft.kind === 'unchanged') return {};
  return { endpointConfig: draft.kind === 'none' ? null : draft.config };
}

/** Reads a check answer defensively (the studio never trusts a shape it did not build). */
export function toEndpointCheck(value: unknown): EndpointCheck | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['publishable'] !== 'boolean' || !Array.isArray(v['problems'])) return undefined;
  const problems = (v['problems'] as unknown[]).filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null).map((p) => ({
    code: String(p['code'] ?? ''), severity: String(p['severity'] ?? 'error'), message: String(p['message'] ?? ''), pointer: String(p['pointer'] ?? ''),
  }));
  return { need: typeof v['need'] === 'string' ? v['need'] : null, hasEndpointConfig: v['hasEndpointConfig'] === true, publishable: v['publishable'], problems };
}
