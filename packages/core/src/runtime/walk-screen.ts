import { toArray, toStringOrUndefined } from './json-value.js';
import { evaluateCondition, resolveFlag, resolveValue, type Scope } from './scope.js';
import { isJsonObject, type JsonObject } from '../json/is-json-object.js';

/** A component placed on the screen after If/Switch branches are chosen and Forms flattened. */
export interface PlacedComponent {
  readonly type: string;
  readonly node: JsonObject;
  /** JSON pointer of the component inside its screen (e.g. `/layout/children/1/then/0`). */
  readonly pointer: string;
  /** The enclosing Form, if any. */
  readonly form: JsonObject | undefined;
  /** The component's `visible` property, evaluated (default true). */
  readonly visible: boolean;
}

/** Lists a screen's components in display order: chosen If/Switch branches, Form children inlined. */
export function walkScreen(scope: Scope, children: readonly unknown[]): PlacedComponent[] {
  const out: PlacedComponent[] = [];
  place(scope, children, '/layout/children', undefined, out);
  return out;
}

function place(
  scope: Scope,
  nodes: readonly unknown[],
  base: string,
  form: JsonObject | undefined,
  out: PlacedComponent[],
): void {
  nodes.forEach((node, index) => {
    if (!isJsonObject(node)) return;
    const pointer = `${base}/${index}`;
    const type = toStringOrUndefined(node['type']) ?? '';
    if (type === 'Form') {
      place(scope, toArray(node['children']), `${pointer}/children`, node, out);
    } else if (type === 'If') {
      const taken = evaluateCondition(scope, node['condition']);
      const key = taken ? 'then' : 'else';
      place(scope, toArray(node[key]), `${pointer}/${key}`, form, out);
    } else if (type === 'Switch') {
      const value = resolveValue(scope, node['value']);
      const cases = isJsonObject(node['cases']) ? node['cases'] : {};
      const key = value === undefined || value === null ? undefined : String(value);
      if (key !== undefined && Object.hasOwn(cases, key)) {
        place(scope, toArray(cases[key]), `${pointer}/cases/${escapePointer(key)}`, form, out);
      }
    } else {
      out.push({ type, node, pointer, form, visible: resolveFlag(scope, node['visible'], true) });
    }
  });
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
