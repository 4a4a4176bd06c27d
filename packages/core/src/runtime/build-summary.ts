import type { CompiledFlow, InputDeclaration } from './compile-flow.js';
import { toDayNumber, toIsoDate } from './date-value.js';
import { isEmptyAnswer, toArray } from './json-value.js';
import type { RuntimeState, SummaryEntry } from './runtime-state.js';
import { resolveValue, type Scope } from './scope.js';
import { walkScreen } from './walk-screen.js';
import { isJsonObject } from '../json/is-json-object.js';

const MASK = '••••';

/**
 * The response summary the customer keeps in the chat (spec §1.5): every answered, visible
 * input on the screens the customer went through, with its label and value as shown.
 * Password/passcode inputs are never shown; fields in the screen's `sensitive` array are
 * masked (`••••`), except OptIn (shown as is) and uploads (hidden).
 */
export function buildSummary(flow: CompiledFlow, state: RuntimeState): SummaryEntry[] {
  const entries: SummaryEntry[] = [];
  for (const screenId of state.stack) {
    const screen = flow.screens.get(screenId);
    const screenState = state.screens[screenId];
    if (screen === undefined || screenState === undefined) continue;
    const scope: Scope = { flow, state, screenId };
    for (const placed of walkScreen(scope, screen.children)) {
      const name = typeof placed.node['name'] === 'string' ? placed.node['name'] : undefined;
      const input = name === undefined ? undefined : screen.inputs.get(name);
      if (input === undefined || !placed.visible) continue;
      const value = screenState.form[input.name];
      if (isEmptyAnswer(value) || value === false) continue;
      const inputType = resolveValue(scope, input.node['input-type']);
      if (inputType === 'password' || inputType === 'passcode') continue;
      const sensitive = screen.sensitive.includes(input.name);
      if (sensitive && input.kind === 'media') continue;
      const shown = sensitive && input.kind !== 'boolean' ? MASK : displayValue(scope, input, value);
      entries.push({ screen: screenId, name: input.name, label: labelOf(scope, input), value: shown });
    }
  }
  return entries;
}

function labelOf(scope: Scope, input: InputDeclaration): string {
  const label = resolveValue(scope, input.node['label']);
  if (typeof label === 'string') return label;
  if (isJsonObject(label)) return [label['start-date'], label['end-date']].filter((l) => typeof l === 'string').join(' – ');
  return input.name;
}

/** The value of an input as the client shows it: option titles, ISO dates, file counts. */
export function displayValue(scope: Scope, input: InputDeclaration, value: unknown): string {
  switch (input.kind) {
    case 'single':
    case 'multi': {
      const titles = new Map<unknown, unknown>();
      for (const item of toArray(resolveValue(scope, input.node['data-source']))) {
        if (isJsonObject(item)) titles.set(item['id'], item['title']);
      }
      const ids = Array.isArray(value) ? value : [value];
      return ids.map((id) => String(titles.get(id) ?? id)).join(', ');
    }
    case 'date':
      return showDate(value);
    case 'calendar':
      return isJsonObject(value) ? `${showDate(value['start-date'])} – ${showDate(value['end-date'])}` : showDate(value);
    case 'boolean':
      return value === true ? 'Yes' : 'No';
    case 'media': {
      const count = toArray(value).length;
      return `${count} ${count === 1 ? 'file' : 'files'}`;
    }
    case 'text':
      return String(value);
  }
}

function showDate(value: unknown): string {
  const day = toDayNumber(value);
  return day === undefined ? String(value ?? '') : toIsoDate(day);
}
