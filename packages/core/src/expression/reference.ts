/**
 * A reference to a value in a Flow: `${data.a.b}`, `${form.x}`, `${screen.S.data.a}`, `${screen.S.form.x}`.
 * `implicitScope` marks the legacy shorthand `${screen.S.x}` (no `form`/`data` segment) seen in public Flows.
 */
export interface Reference {
  readonly scope: 'data' | 'form';
  readonly screen?: string;
  readonly path: readonly string[];
  readonly implicitScope?: true;
}

const SEGMENT = /^[A-Za-z0-9_]+$/;

/** Parses the inside of a `${…}` binding (without `${` and `}`); undefined when it is not a reference. */
export function parseReference(inner: string): Reference | undefined {
  const parts = inner.split('.');
  if (!parts.every((part) => SEGMENT.test(part))) return undefined;
  const [head, ...rest] = parts;
  if ((head === 'data' || head === 'form') && rest.length > 0) return { scope: head, path: rest };
  if (head !== 'screen' || rest.length < 2) return undefined;
  const [screen, scope, ...path] = rest;
  if (screen === undefined || scope === undefined) return undefined;
  if ((scope === 'data' || scope === 'form') && path.length > 0) return { scope, screen, path };
  if (path.length === 0 && scope !== 'data' && scope !== 'form') return { scope: 'form', screen, path: [scope], implicitScope: true };
  return undefined;
}

/** Formats a reference back to its `${…}` source form. */
export function formatReference(ref: Reference): string {
  const path = ref.path.join('.');
  if (ref.screen === undefined) return `\${${ref.scope}.${path}}`;
  if (ref.implicitScope === true) return `\${screen.${ref.screen}.${path}}`;
  return `\${screen.${ref.screen}.${ref.scope}.${path}}`;
}
