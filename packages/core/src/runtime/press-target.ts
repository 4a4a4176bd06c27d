import { checkInput } from './check-input.js';
import type { CompiledFlow } from './compile-flow.js';
import { toArray } from './json-value.js';
import type { PressTarget } from './runtime-event.js';
import { DEFAULT_MESSAGES } from './runtime-messages.js';
import { currentScreenId, withScreen, type RuntimeState } from './runtime-state.js';
import { runAction } from './run-action.js';
import { resolveFlag, resolveValue, type Scope } from './scope.js';
import { fail, type StepContext, type StepOutcome } from './step-outcome.js';
import { walkScreen, type PlacedComponent } from './walk-screen.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Presses the Footer, an EmbeddedLink (by text), an OptIn's "Read more" link or a
 * NavigationList item. The Footer first checks every shown input as the client does: with
 * errors the screen stays and the inputs carry them; links and list items run directly.
 */
export function pressTarget(flow: CompiledFlow, state: RuntimeState, target: PressTarget, context: StepContext): StepOutcome {
  const screenId = currentScreenId(state);
  const screen = screenId === undefined ? undefined : flow.screens.get(screenId);
  if (screenId === undefined || screen === undefined) return fail('FLOW_NOT_RUNNING', 'No screen is shown.');
  const scope: Scope = { flow, state, screenId };
  const placed = walkScreen(scope, screen.children).filter((p) => p.visible);
  if (target === 'footer') {
    const footer = placed.find((p) => p.type === 'Footer');
    if (footer === undefined) return fail('UNKNOWN_COMPONENT', `Screen ${screenId} shows no Footer.`);
    if (!resolveFlag(scope, footer.node['enabled'], true)) {
      return fail('COMPONENT_DISABLED', `The Footer of screen ${screenId} is disabled.`);
    }
    const errors = checkScreenInputs(scope, placed, context);
    const current = state.screens[screenId];
    if (current === undefined) return fail('FLOW_NOT_RUNNING', 'No screen is shown.');
    if (Object.keys(errors).length > 0) return { state: withScreen(state, screenId, { ...current, errors }), effects: [] };
    const cleared = withScreen(state, screenId, { ...current, errors: {} });
    return runAction(flow, cleared, footer.node['on-click-action'], 'press');
  }
  if ('link' in target) {
    const link = placed.find((p) => p.type === 'EmbeddedLink' && resolveValue(scope, p.node['text']) === target.link)
      ?? placed.find((p) => p.type === 'OptIn' && p.node['on-click-action'] !== undefined && resolveValue(scope, p.node['label']) === target.link);
    if (link === undefined) return fail('UNKNOWN_COMPONENT', `Screen ${screenId} shows no link "${target.link}".`);
    return runAction(flow, state, link.node['on-click-action'], 'press');
  }
  if ('optIn' in target) {
    const optIn = placed.find((p) => p.type === 'OptIn' && p.node['name'] === target.optIn);
    if (optIn === undefined) return fail('UNKNOWN_COMPONENT', `Screen ${screenId} shows no OptIn "${target.optIn}".`);
    return runAction(flow, state, optIn.node['on-click-action'], 'press');
  }
  for (const list of placed.filter((p) => p.type === 'NavigationList')) {
    const item = toArray(resolveValue(scope, list.node['list-items'])).find(
      (i) => isJsonObject(i) && i['id'] === target.navigationItem,
    );
    if (isJsonObject(item)) {
      // The action sits on the list or on every item, never both (spec §2.13).
      const raw = rawItemAction(list, target.navigationItem) ?? item['on-click-action'] ?? list.node['on-click-action'];
      return runAction(flow, state, raw, 'press');
    }
  }
  return fail('UNKNOWN_COMPONENT', `Screen ${screenId} shows no navigation item "${target.navigationItem}".`);
}

function rawItemAction(list: PlacedComponent, id: string): unknown {
  const items = list.node['list-items'];
  if (!Array.isArray(items)) return undefined;
  const item = items.find((i) => isJsonObject(i) && i['id'] === id);
  return isJsonObject(item) ? item['on-click-action'] : undefined;
}

/** Client-side checks of every shown, enabled input of a screen: name → error text. */
export function checkScreenInputs(scope: Scope, placed: readonly PlacedComponent[], context: StepContext): Record<string, string> {
  const screen = scope.flow.screens.get(scope.screenId);
  const form = scope.state.screens[scope.screenId]?.form ?? {};
  const errors: Record<string, string> = {};
  for (const p of placed) {
    const name = p.node['name'];
    const input = typeof name === 'string' ? screen?.inputs.get(name) : undefined;
    if (input === undefined || input.node !== p.node || !p.visible) continue;
    if (!resolveFlag(scope, input.node['enabled'], true)) continue;
    const message = checkInput(scope, input, form[input.name], context.messages ?? DEFAULT_MESSAGES);
    if (message !== undefined) errors[input.name] = message;
  }
  return errors;
}
