import type { CompiledFlow } from './compile-flow.js';
import type { RuntimeState, ScreenState } from './runtime-state.js';
import { resolveValue, type Scope } from './scope.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Pushes a screen with new data. A screen shown before keeps its form values (as the phone
 * keeps a screen's answers when the customer comes back to it); a new screen starts from its
 * `init-value`s and Form `init-values`, resolved against the new data.
 */
export function enterScreen(
  flow: CompiledFlow,
  state: RuntimeState,
  screenId: string,
  data: Readonly<Record<string, unknown>>,
  notice?: string,
): RuntimeState {
  const previous = state.screens[screenId];
  const blank: ScreenState = { data, form: previous?.form ?? {}, errors: {}, touched: [] };
  const withData: RuntimeState = {
    ...state,
    stack: [...state.stack, screenId],
    screens: { ...state.screens, [screenId]: blank },
  };
  const form = previous === undefined ? initialForm({ flow, state: withData, screenId }) : blank.form;
  const entry: ScreenState = notice === undefined ? { ...blank, form } : { ...blank, form, notice };
  return { ...withData, screens: { ...withData.screens, [screenId]: entry } };
}

/** The initial form values of a screen: per-component `init-value`, else the Form's `init-values`. */
export function initialForm(scope: Scope): Record<string, unknown> {
  const screen = scope.flow.screens.get(scope.screenId);
  const form: Record<string, unknown> = {};
  if (screen === undefined) return form;
  const formInits = new Map<object, unknown>();
  for (const input of screen.inputs.values()) {
    let value = resolveValue(scope, input.node['init-value']);
    if (value === undefined && input.form !== undefined) {
      if (!formInits.has(input.form)) formInits.set(input.form, resolveValue(scope, input.form['init-values']));
      const all = formInits.get(input.form);
      value = isJsonObject(all) ? all[input.name] : undefined;
    }
    if (value !== undefined && value !== null && input.kind !== 'media') form[input.name] = value;
  }
  return form;
}
