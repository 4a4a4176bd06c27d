import { isVersionAtLeast } from '../model/index.js';
import type { InputDeclaration } from './compile-flow.js';
import { toDayNumber, toIsoDate, toTimestampString } from './date-value.js';
import { toArray } from './json-value.js';
import { resolveValue, type Scope } from './scope.js';
import { fail, type RuntimeError } from './step-outcome.js';
import { isJsonObject } from '../json/is-json-object.js';

/**
 * Turns a value a customer (or a scenario) enters into what the client stores in `${form.name}`,
 * or an error when the phone could not produce it (a wrong type, an option that does not exist).
 * Dates are accepted as `YYYY-MM-DD` or ms timestamps and stored in the Flow version's format.
 */
export function normalizeFill(
  scope: Scope,
  input: InputDeclaration,
  value: unknown,
): { readonly value: unknown } | { readonly error: RuntimeError } {
  const where = `input "${input.name}" (${input.type})`;
  if (value === null || value === undefined) return { value: undefined };
  switch (input.kind) {
    case 'text':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' && Number.isFinite(value)) return { value: String(value) };
      return fail('INVALID_VALUE', `${where} takes text.`);
    case 'boolean':
      return typeof value === 'boolean' ? { value } : fail('INVALID_VALUE', `${where} takes true or false.`);
    case 'single': {
      if (value === '') return { value: undefined };
      const id = typeof value === 'number' ? String(value) : value;
      if (typeof id !== 'string') return fail('INVALID_VALUE', `${where} takes one option id.`);
      return checkOptions(scope, input, [id]) ?? { value: id };
    }
    case 'multi': {
      const ids = Array.isArray(value) ? value : [value];
      if (!ids.every((id) => typeof id === 'string')) return fail('INVALID_VALUE', `${where} takes option ids.`);
      return checkOptions(scope, input, ids) ?? { value: [...new Set(ids)] };
    }
    case 'date': {
      const day = toDayNumber(value);
      if (day === undefined) return fail('INVALID_VALUE', `${where} takes a date (YYYY-MM-DD).`);
      const modern = scope.flow.version === undefined || isVersionAtLeast(scope.flow.version, '5.0');
      return { value: modern ? toIsoDate(day) : toTimestampString(day) };
    }
    case 'calendar':
      return normalizeCalendar(scope, input, value, where);
    case 'media': {
      const files = toArray(value);
      if (!Array.isArray(value) || !files.every((f) => isJsonObject(f) && typeof f['file_name'] === 'string')) {
        return fail('INVALID_VALUE', `${where} takes an array of files ({file_name, mime_type?, size_kb?}).`);
      }
      return { value: files };
    }
  }
}

function normalizeCalendar(scope: Scope, input: InputDeclaration, value: unknown, where: string) {
  const toIso = (raw: unknown): string | undefined | null => {
    if (raw === undefined || raw === null || raw === '') return undefined;
    const day = toDayNumber(raw);
    return day === undefined ? null : toIsoDate(day);
  };
  if (resolveValue(scope, input.node['mode']) !== 'range') {
    const iso = toIso(value);
    return iso === null ? fail('INVALID_VALUE', `${where} takes a date (YYYY-MM-DD).`) : { value: iso };
  }
  if (!isJsonObject(value)) return fail('INVALID_VALUE', `${where} takes {"start-date", "end-date"}.`);
  const start = toIso(value['start-date']);
  const end = toIso(value['end-date']);
  if (start === null || end === null) return fail('INVALID_VALUE', `${where} takes dates as YYYY-MM-DD.`);
  return { value: { 'start-date': start ?? '', 'end-date': end ?? '' } };
}

/** The options a selection component offers right now (data-source resolved from data). */
export function optionsOf(scope: Scope, input: InputDeclaration): readonly unknown[] {
  return toArray(resolveValue(scope, input.node['data-source']));
}

function checkOptions(scope: Scope, input: InputDeclaration, ids: readonly unknown[]) {
  const options = optionsOf(scope, input);
  for (const id of ids) {
    const option = options.find((o) => isJsonObject(o) && o['id'] === id);
    if (option === undefined) return fail('UNKNOWN_OPTION', `Input "${input.name}" has no option "${String(id)}".`);
    if (isJsonObject(option) && option['enabled'] === false) {
      return fail('COMPONENT_DISABLED', `Option "${String(id)}" of input "${input.name}" is disabled.`);
    }
  }
  return undefined;
}
