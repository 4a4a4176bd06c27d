import { isDynamicString } from '../../expression/index.js';
import { findComponent, isVersionAtLeast } from '../../model/index.js';
import { indexFlow, type ComponentInfo } from '../../validator/flow-index.js';
import { joinPointer } from '../../validator/join-pointer.js';
import { writable, type UpgradeStepContext, type UpgradeStep } from '../upgrade-step.js';
import { isJsonObject } from '../../json/is-json-object.js';

/**
 * 6.3 → 7.0 (spec §1.2, §1.9, §3): a component-level `on-select-action` no longer runs when the screen renders
 * (back to the behaviour before 6.0), and a Form's `init-values` and `error-messages` are type-checked.
 */
export const toVersion7: UpgradeStep = {
  from: '6.3',
  to: '7.0',
  summary: 'Component on-select-action no longer fires on screen render; Form init-values and error-messages are type-checked (label-variant is an addition).',
  apply(doc, ctx) {
    // A document written before 6.0 never ran the action on render: for it, 6.0 and 7.0 cancel out.
    const wasOnRender = isVersionAtLeast(ctx.from, '6.0');
    for (const screen of indexFlow(doc)?.screens ?? []) {
      for (const component of screen.components) {
        if (wasOnRender && component.node['on-select-action'] !== undefined) {
          ctx.issue('notice', 'UPGRADE_SELECT_ACTION_NOT_ON_RENDER', joinPointer(component.pointer, 'on-select-action'), `From Flow JSON 7.0 the on-select-action of ${component.type ?? 'this component'} '${component.name ?? ''}' runs only when the customer selects, no longer when the screen renders: if the screen relied on it to load data, send that data with the screen instead.`);
        }
        if (component.type === 'Form') checkFormMaps(component, screen.components, ctx);
      }
    }
  },
};

function checkFormMaps(form: ComponentInfo, components: readonly ComponentInfo[], ctx: UpgradeStepContext): void {
  const inputs = new Map(components.filter((c) => c.form === form && c.name !== undefined).map((c) => [c.name ?? '', c]));
  const initValues = form.node['init-values'];
  if (isJsonObject(initValues)) {
    for (const name of Object.keys(initValues)) {
      const input = inputs.get(name);
      const expected = input?.type === undefined ? undefined : findComponent(input.type)?.valueType;
      const value = initValues[name];
      if (expected === undefined || isDynamicString(value) || hasType(value, expected)) continue;
      const pointer = joinPointer(form.pointer, 'init-values', name);
      const coerced = coerce(value, expected);
      if (coerced === undefined) {
        ctx.issue('manual', 'UPGRADE_INIT_VALUE_TYPE', pointer, `init-values of '${name}' should be ${describe(expected)} for ${input?.type ?? ''}; Flow JSON 7.0 checks the type.`);
        continue;
      }
      writable(initValues)[name] = coerced;
      ctx.change('INIT_VALUE_COERCED', pointer, `init-values of '${name}' written as ${describe(expected)} (${input?.type ?? ''}): Flow JSON 7.0 checks the type.`);
    }
  }
  const errorMessages = form.node['error-messages'];
  if (isJsonObject(errorMessages)) {
    for (const name of Object.keys(errorMessages)) {
      const value = errorMessages[name];
      if (typeof value === 'string') continue;
      ctx.issue('manual', 'UPGRADE_ERROR_MESSAGE_TYPE', joinPointer(form.pointer, 'error-messages', name), `error-messages of '${name}' should be a string; Flow JSON 7.0 checks the type.`);
    }
  }
}

type ValueType = 'string' | 'array' | 'boolean' | 'object';

function hasType(value: unknown, expected: ValueType): boolean {
  if (expected === 'array') return Array.isArray(value);
  if (expected === 'object') return isJsonObject(value);
  return typeof value === expected;
}

/** The same value in the expected type where the meaning is unambiguous: one id → a list of one, "true" → true, 3 → "3". */
function coerce(value: unknown, expected: ValueType): unknown {
  if (expected === 'array' && typeof value === 'string') return [value];
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) return String(value);
  if (expected === 'string' && Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  if (expected === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return undefined;
}

function describe(type: ValueType): string {
  return type === 'array' ? 'an array of ids' : type === 'object' ? 'an object' : `a ${type}`;
}
