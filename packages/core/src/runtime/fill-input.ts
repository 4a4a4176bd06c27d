import { checkInput } from './check-input.js';
import type { CompiledFlow, InputDeclaration } from './compile-flow.js';
import { findPlacedInput } from './find-placed-input.js';
import { toArray } from './json-value.js';
import { normalizeFill, optionsOf } from './normalize-fill.js';
import type { RuntimeEffect } from './runtime-effect.js';
import { DEFAULT_MESSAGES } from './runtime-messages.js';
import { withScreen, type RuntimeState } from './runtime-state.js';
import { runAction } from './run-action.js';
import type { Scope } from './scope.js';
import { isStepError, type StepContext, type StepOutcome } from './step-outcome.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Sets an input's value as the customer would, then fires the selection actions the change
 * causes: for each option that became unselected its `on-unselect-action`, for each newly
 * selected option its `on-select-action` (item-level first, else component-level); date and
 * calendar pickers fire `on-select-action` when their value changes.
 */
export function fillInput(
  flow: CompiledFlow,
  state: RuntimeState,
  name: string,
  value: unknown,
  context: StepContext,
): StepOutcome {
  const found = findPlacedInput(flow, state, name);
  if ('error' in found) return found;
  const normalized = normalizeFill(found.scope, found.input, value);
  if ('error' in normalized) return normalized;
  const screenId = found.scope.screenId;
  const current = state.screens[screenId];
  if (current === undefined) return { state, effects: [] };
  const before = current.form[name];
  const form = { ...current.form };
  if (normalized.value === undefined) delete form[name];
  else form[name] = normalized.value;
  const touched = current.touched.includes(name) ? current.touched : [...current.touched, name];
  let next = withScreen(state, screenId, { ...current, form, touched });
  next = recheck(flow, next, screenId, found.input, context);
  return fireChangeActions(flow, next, found.input, before, normalized.value);
}

/** Selects or unselects one option of a selection component (the `select`/`unselect` events). */
export function toggleOption(
  flow: CompiledFlow,
  state: RuntimeState,
  name: string,
  id: string,
  selected: boolean,
  context: StepContext,
): StepOutcome {
  const found = findPlacedInput(flow, state, name);
  if ('error' in found) return found;
  const { input } = found;
  const before = found.scope.state.screens[found.scope.screenId]?.form[name];
  if (input.kind === 'multi') {
    const ids = toArray(before).filter((x) => x !== id);
    return fillInput(flow, state, name, selected ? [...ids, id] : ids, context);
  }
  if (input.kind === 'single') return fillInput(flow, state, name, selected ? id : before === id ? null : before, context);
  if (input.kind === 'boolean') return fillInput(flow, state, name, selected, context);
  return { error: { code: 'INVALID_EVENT', message: `Input "${name}" (${input.type}) has no options to select.` } };
}

function recheck(flow: CompiledFlow, state: RuntimeState, screenId: string, input: InputDeclaration, context: StepContext) {
  const screen = state.screens[screenId];
  if (screen === undefined || !Object.hasOwn(screen.errors, input.name)) return state;
  const scope: Scope = { flow, state, screenId };
  const message = checkInput(scope, input, screen.form[input.name], context.messages ?? DEFAULT_MESSAGES);
  const errors = { ...screen.errors };
  if (message === undefined) delete errors[input.name];
  else errors[input.name] = message;
  return withScreen(state, screenId, { ...screen, errors });
}

function fireChangeActions(
  flow: CompiledFlow,
  state: RuntimeState,
  input: InputDeclaration,
  before: unknown,
  after: unknown,
): StepOutcome {
  const triggers: { readonly action: unknown }[] = [];
  if (input.kind === 'single' || input.kind === 'multi') {
    const oldIds = (Array.isArray(before) ? before : before === undefined ? [] : [before]).map(String);
    const newIds = (Array.isArray(after) ? after : after === undefined ? [] : [after]).map(String);
    for (const id of oldIds.filter((x) => !newIds.includes(x))) triggers.push({ action: selectionAction(state, flow, input, id, false) });
    for (const id of newIds.filter((x) => !oldIds.includes(x))) triggers.push({ action: selectionAction(state, flow, input, id, true) });
  } else if ((input.kind === 'date' || input.kind === 'calendar') && JSON.stringify(before) !== JSON.stringify(after)) {
    triggers.push({ action: input.node['on-select-action'] });
  }
  let current = state;
  const effects: RuntimeEffect[] = [];
  for (const { action } of triggers) {
    if (action === undefined) continue;
    // One endpoint call at a time: once waiting, later actions of this change are not run.
    if (current.status.kind !== 'active') break;
    const outcome = runAction(flow, current, action, 'component');
    if (isStepError(outcome)) return outcome;
    current = outcome.state;
    effects.push(...outcome.effects);
  }
  return { state: current, effects };
}

/**
 * The action for selecting/unselecting one option: the data-source item's own action wins;
 * otherwise the component's. ChipsSelector rule (spec §2.5): without `on-unselect-action`,
 * `on-select-action` handles unselection too.
 */
function selectionAction(state: RuntimeState, flow: CompiledFlow, input: InputDeclaration, id: string, selected: boolean) {
  const key = selected ? 'on-select-action' : 'on-unselect-action';
  const screenId = state.stack[state.stack.length - 1] ?? '';
  const source = input.node['data-source'];
  // Literal data-sources keep their actions unresolved; bound ones hold actions as data.
  const items = Array.isArray(source) ? source : optionsOf({ flow, state, screenId }, input);
  const item = items.find((o) => isJsonObject(o) && o['id'] === id);
  if (isJsonObject(item) && item[key] !== undefined) return item[key];
  if (input.node[key] !== undefined) return input.node[key];
  if (!selected && input.type === 'ChipsSelector') return input.node['on-select-action'];
  return undefined;
}
