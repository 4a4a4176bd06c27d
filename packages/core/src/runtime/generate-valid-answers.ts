import { isVersionAtLeast } from '../model/index.js';
import { checkInput } from './check-input.js';
import { compileFlow, type InputDeclaration } from './compile-flow.js';
import { DEFAULT_MAX_DAY, DEFAULT_MIN_DAY, toDayNumber, toIsoDate, toTimestampString } from './date-value.js';
import { toArray, toNumberOrUndefined } from './json-value.js';
import { optionsOf } from './normalize-fill.js';
import { DEFAULT_MESSAGES } from './runtime-messages.js';
import { currentScreenId, type RuntimeState } from './runtime-state.js';
import { resolveFlag, resolveValue, type Scope } from './scope.js';
import { walkScreen } from './walk-screen.js';
import { isJsonObject } from '../json/is-json-object.js';

/** A day used when a date picker has no `min-date`: Monday 6 January 2025 (the core has no clock). */
const ANCHOR_DAY = toDayNumber('2025-01-06') ?? DEFAULT_MIN_DAY;
const SEARCH_DAYS = 800;

/**
 * Values that pass the client-side checks for every shown, enabled input of a screen (default:
 * the current one), derived from the Flow itself: option ids from data-sources, dates inside the
 * allowed range, text matching input-type, length limits and `pattern` (tried with examples from
 * the helper text). Inputs for which no valid value can be derived are left out.
 */
export function generateValidAnswers(flow: unknown, state: RuntimeState, screenId?: string): Record<string, unknown> {
  const compiled = compileFlow(flow);
  const id = screenId ?? currentScreenId(state);
  const screen = id === undefined ? undefined : compiled.screens.get(id);
  const answers: Record<string, unknown> = {};
  if (id === undefined || screen === undefined) return answers;
  const scope: Scope = { flow: compiled, state, screenId: id };
  for (const placed of walkScreen(scope, screen.children)) {
    const name = placed.node['name'];
    const input = typeof name === 'string' ? screen.inputs.get(name) : undefined;
    if (input === undefined || input.node !== placed.node || !placed.visible) continue;
    if (!resolveFlag(scope, input.node['enabled'], true)) continue;
    const valid = candidates(scope, input).find((c) => checkInput(scope, input, c, DEFAULT_MESSAGES) === undefined);
    if (valid !== undefined) answers[input.name] = valid;
  }
  return answers;
}

function candidates(scope: Scope, input: InputDeclaration): unknown[] {
  const num = (key: string) => toNumberOrUndefined(resolveValue(scope, input.node[key]));
  switch (input.kind) {
    case 'boolean':
      return [true];
    case 'single':
      return enabledIds(scope, input).slice(0, 1);
    case 'multi': {
      const ids = enabledIds(scope, input);
      const count = Math.max(num('min-selected-items') ?? 1, 1);
      return [ids.slice(0, Math.min(count, num('max-selected-items') ?? count))];
    }
    case 'media': {
      const noun = input.type === 'PhotoPicker' ? 'photos' : 'documents';
      const count = Math.max(num(`min-uploaded-${noun}`) ?? 1, 1);
      const allowed = toArray(resolveValue(scope, input.node['allowed-mime-types']));
      const mime = typeof allowed[0] === 'string' ? allowed[0] : input.type === 'PhotoPicker' ? 'image/jpeg' : 'application/pdf';
      return [Array.from({ length: count }, (_, i) => ({ file_name: `file${i + 1}`, mime_type: mime, size_kb: 1 }))];
    }
    case 'date':
      return dayCandidates(scope, input).map((day) => toDateValue(scope, day)).slice(0, 50);
    case 'calendar':
      return calendarCandidates(scope, input);
    case 'text':
      return textCandidates(scope, input);
  }
}

function enabledIds(scope: Scope, input: InputDeclaration): string[] {
  return optionsOf(scope, input)
    .filter((o): o is Record<string, unknown> => isJsonObject(o) && typeof o['id'] === 'string' && o['enabled'] !== false)
    .map((o) => String(o['id']));
}

function dayCandidates(scope: Scope, input: InputDeclaration): number[] {
  const min = toDayNumber(resolveValue(scope, input.node['min-date']));
  const max = toDayNumber(resolveValue(scope, input.node['max-date'])) ?? DEFAULT_MAX_DAY;
  const from = min ?? Math.min(ANCHOR_DAY, max);
  const days: number[] = [];
  for (let day = from; day <= max && day < from + SEARCH_DAYS; day += 1) days.push(day);
  return days;
}

function toDateValue(scope: Scope, day: number): string {
  const version = scope.flow.version;
  return version === undefined || isVersionAtLeast(version, '5.0') ? toIsoDate(day) : toTimestampString(day);
}

function calendarCandidates(scope: Scope, input: InputDeclaration): unknown[] {
  const days = dayCandidates(scope, input);
  if (resolveValue(scope, input.node['mode']) !== 'range') return days.slice(0, 50).map(toIsoDate);
  const minDays = toNumberOrUndefined(resolveValue(scope, input.node['min-days'])) ?? 1;
  const out: unknown[] = [];
  for (const start of days.slice(0, 30)) {
    for (let length = Math.max(minDays, 1); length <= Math.max(minDays, 1) + 14; length += 1) {
      out.push({ 'start-date': toIsoDate(start), 'end-date': toIsoDate(start + length - 1) });
    }
  }
  return out;
}

function textCandidates(scope: Scope, input: InputDeclaration): string[] {
  const inputType = resolveValue(scope, input.node['input-type']);
  const base: Record<string, string[]> = {
    email: ['ana@example.com'],
    phone: ['+14155550123'],
    number: ['42', '7', '1000'],
    passcode: ['1234', '123456'],
    password: ['Secret123!'],
  };
  const helper = resolveValue(scope, input.node['helper-text']);
  const hints: string[] = [];
  if (typeof helper === 'string') {
    hints.push(helper.trim());
    for (const sep of [':', 'E.g.', 'e.g.', 'Example']) {
      const at = helper.lastIndexOf(sep);
      if (at >= 0) hints.push(helper.slice(at + sep.length).trim());
    }
    hints.push(...helper.split(/\s+/));
  }
  const minChars = toNumberOrUndefined(resolveValue(scope, input.node['min-chars'])) ?? 0;
  const seeds = [...(base[typeof inputType === 'string' ? inputType : 'text'] ?? ['Sample answer']), ...hints];
  const padChar = inputType === 'number' || inputType === 'passcode' ? '1' : 'x';
  return seeds.filter((s) => s !== '').map((s) => (s.length < minChars ? s + padChar.repeat(minChars - s.length) : s))
    .flatMap((s) => [s, s.slice(0, toNumberOrUndefined(resolveValue(scope, input.node['max-chars'])) ?? 80)]);
}
