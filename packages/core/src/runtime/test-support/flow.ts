/** Builds a Flow JSON document for tests. */
export function flowOf(version: string, screens: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { version, ...extra, screens };
}

/** Builds a screen with a SingleColumnLayout. */
export function screenOf(id: string, children: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, ...extra, layout: { type: 'SingleColumnLayout', children } };
}

/** A Footer running `action`. */
export function footer(action: Record<string, unknown>, label = 'Continue'): Record<string, unknown> {
  return { type: 'Footer', label, 'on-click-action': action };
}

/** A `complete` action. */
export function complete(payload: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'complete', payload };
}

/** A `navigate` action. */
export function navigate(next: string, payload: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: 'navigate', next: { type: 'screen', name: next }, payload };
}
