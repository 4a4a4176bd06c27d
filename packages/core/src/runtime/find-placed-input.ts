import type { CompiledFlow, InputDeclaration } from './compile-flow.js';
import { currentScreenId, type RuntimeState } from './runtime-state.js';
import { resolveFlag, type Scope } from './scope.js';
import { fail, type RuntimeError } from './step-outcome.js';
import { walkScreen, type PlacedComponent } from './walk-screen.js';

/** An input the customer can reach right now: on the current screen, shown and enabled. */
export interface ReachableInput {
  readonly scope: Scope;
  readonly input: InputDeclaration;
  readonly placed: PlacedComponent;
}

/** Finds the input named `name` on the current screen, or says why the customer cannot use it. */
export function findPlacedInput(
  flow: CompiledFlow,
  state: RuntimeState,
  name: string,
): ReachableInput | { readonly error: RuntimeError } {
  const screenId = currentScreenId(state);
  const screen = screenId === undefined ? undefined : flow.screens.get(screenId);
  if (screenId === undefined || screen === undefined) return fail('FLOW_NOT_RUNNING', 'No screen is shown.');
  const input = screen.inputs.get(name);
  if (input === undefined) return fail('UNKNOWN_COMPONENT', `Screen ${screenId} has no input named "${name}".`);
  const scope: Scope = { flow, state, screenId };
  const placed = walkScreen(scope, screen.children).find((p) => p.node === input.node);
  if (placed === undefined || !placed.visible) {
    return fail('COMPONENT_HIDDEN', `Input "${name}" is not visible on screen ${screenId}.`);
  }
  if (!resolveFlag(scope, input.node['enabled'], true)) {
    return fail('COMPONENT_DISABLED', `Input "${name}" on screen ${screenId} is disabled.`);
  }
  return { scope, input, placed };
}
