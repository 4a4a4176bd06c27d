import type { InputDeclaration } from './compile-flow.js';
import { DEFAULT_MAX_DAY, DEFAULT_MIN_DAY, toDayNumber, weekdayOf } from './date-value.js';
import { isEmptyAnswer, toArray, toNumberOrUndefined } from './json-value.js';
import type { RuntimeMessages } from './runtime-messages.js';
import { resolveFlag, resolveValue, type Scope } from './scope.js';
import { isJsonObject } from '../json/is-json-object.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]+$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)$/;
const DIGITS = /^\d+$/;

/**
 * Checks one input's value as the WhatsApp client does before it runs the Footer action,
 * returning the error text or undefined. The component's `error-message` (or the Form's
 * `error-messages` entry) replaces the default text when it resolves to a string.
 */
export function checkInput(
  scope: Scope,
  input: InputDeclaration,
  value: unknown,
  messages: RuntimeMessages,
): string | undefined {
  const problem = findProblem(scope, input, value, messages);
  if (problem === undefined) return undefined;
  return overrideMessage(scope, input) ?? problem;
}

function overrideMessage(scope: Scope, input: InputDeclaration): string | undefined {
  const own = resolveValue(scope, input.node['error-message']);
  if (typeof own === 'string' && own !== '') return own;
  if (input.form === undefined) return undefined;
  const all = resolveValue(scope, input.form['error-messages']);
  const fromForm = isJsonObject(all) ? all[input.name] : undefined;
  return typeof fromForm === 'string' && fromForm !== '' ? fromForm : undefined;
}

function prop(scope: Scope, input: InputDeclaration, key: string): unknown {
  return resolveValue(scope, input.node[key]);
}

function num(scope: Scope, input: InputDeclaration, key: string): number | undefined {
  return toNumberOrUndefined(prop(scope, input, key));
}

function findProblem(scope: Scope, input: InputDeclaration, value: unknown, m: RuntimeMessages): string | undefined {
  if (input.kind === 'calendar') return checkCalendar(scope, input, value, m);
  const required = resolveFlag(scope, input.node['required'], false);
  if (input.kind === 'boolean') return required && value !== true ? m.required : undefined;
  if (input.kind === 'media') return checkMedia(scope, input, value, m);
  if (isEmptyAnswer(value)) {
    const min = num(scope, input, 'min-selected-items');
    if (input.kind === 'multi' && min !== undefined && min > 0) return m.minSelected(min);
    return required ? m.required : undefined;
  }
  switch (input.kind) {
    case 'text':
      return typeof value === 'string' ? checkText(scope, input, value, m) : undefined;
    case 'multi': {
      const count = toArray(value).length;
      const min = num(scope, input, 'min-selected-items');
      const max = num(scope, input, 'max-selected-items');
      if (min !== undefined && count < min) return m.minSelected(min);
      if (max !== undefined && count > max) return m.maxSelected(max);
      return undefined;
    }
    case 'date':
      return checkDay(scope, input, toDayNumber(value), m);
    case 'single':
      return undefined;
  }
}

function checkText(scope: Scope, input: InputDeclaration, value: string, m: RuntimeMessages): string | undefined {
  const length = [...value].length;
  if (input.type === 'TextArea') {
    const maxLength = num(scope, input, 'max-length') ?? 600;
    return length > maxLength ? m.maxChars(maxLength) : undefined;
  }
  const minChars = num(scope, input, 'min-chars');
  const maxChars = num(scope, input, 'max-chars') ?? 80;
  if (minChars !== undefined && length < minChars) return m.minChars(minChars);
  if (length > maxChars) return m.maxChars(maxChars);
  const inputType = prop(scope, input, 'input-type');
  if (inputType === 'email' && !EMAIL.test(value)) return m.email;
  if (inputType === 'phone') {
    const digits = value.replace(/\D/g, '').length;
    if (!PHONE.test(value) || digits < 5 || digits > 15) return m.phone;
  }
  if (inputType === 'number' && !NUMBER.test(value)) return m.number;
  if (inputType === 'passcode' && !DIGITS.test(value)) return m.passcode;
  const pattern = prop(scope, input, 'pattern');
  if (typeof pattern === 'string' && pattern !== '' && !matchesPattern(pattern, value)) {
    // The pattern requires helper-text, which describes the expected format; show it as the error.
    const helper = prop(scope, input, 'helper-text');
    return typeof helper === 'string' && helper !== '' ? helper : m.pattern;
  }
  return undefined;
}

const patternMemo = new Map<string, RegExp | null>();

function matchesPattern(pattern: string, value: string): boolean {
  let regex = patternMemo.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(pattern);
    } catch {
      regex = null;
    }
    if (patternMemo.size > 1000) patternMemo.clear();
    patternMemo.set(pattern, regex);
  }
  // A pattern the client cannot compile cannot reject anything.
  return regex === null ? true : regex.test(value);
}

function checkDay(scope: Scope, input: InputDeclaration, day: number | undefined, m: RuntimeMessages): string | undefined {
  if (day === undefined) return m.dateOutOfRange;
  const min = toDayNumber(prop(scope, input, 'min-date')) ?? DEFAULT_MIN_DAY;
  const max = toDayNumber(prop(scope, input, 'max-date')) ?? DEFAULT_MAX_DAY;
  if (day < min || day > max) return m.dateOutOfRange;
  const unavailable = toArray(prop(scope, input, 'unavailable-dates')).map(toDayNumber);
  if (unavailable.includes(day)) return m.dateUnavailable;
  const include = prop(scope, input, 'include-days');
  if (Array.isArray(include) && !include.includes(weekdayOf(day))) return m.dateUnavailable;
  return undefined;
}

function checkCalendar(scope: Scope, input: InputDeclaration, value: unknown, m: RuntimeMessages): string | undefined {
  const required = prop(scope, input, 'required');
  if (prop(scope, input, 'mode') !== 'range') {
    if (isEmptyAnswer(value)) return required === true ? m.required : undefined;
    return checkDay(scope, input, toDayNumber(value), m);
  }
  const range = isJsonObject(value) ? value : {};
  const start = range['start-date'];
  const end = range['end-date'];
  const needStart = required === true || (isJsonObject(required) && required['start-date'] === true);
  const needEnd = required === true || (isJsonObject(required) && required['end-date'] === true);
  if ((needStart && isEmptyAnswer(start)) || (needEnd && isEmptyAnswer(end))) return m.required;
  const startDay = isEmptyAnswer(start) ? undefined : toDayNumber(start);
  const endDay = isEmptyAnswer(end) ? undefined : toDayNumber(end);
  for (const [raw, day] of [[start, startDay], [end, endDay]] as const) {
    if (isEmptyAnswer(raw)) continue;
    const problem = checkDay(scope, input, day, m);
    if (problem !== undefined) return problem;
  }
  if (startDay !== undefined && endDay !== undefined) {
    if (endDay < startDay) return m.rangeOrder;
    // The range counts both ends: 21–23 October is 3 days.
    const days = endDay - startDay + 1;
    const minDays = num(scope, input, 'min-days');
    const maxDays = num(scope, input, 'max-days');
    if (minDays !== undefined && days < minDays) return m.minDays(minDays);
    if (maxDays !== undefined && days > maxDays) return m.maxDays(maxDays);
  }
  return undefined;
}

function checkMedia(scope: Scope, input: InputDeclaration, value: unknown, m: RuntimeMessages): string | undefined {
  const files = toArray(value);
  const noun = input.type === 'PhotoPicker' ? 'photos' : 'documents';
  const min = num(scope, input, `min-uploaded-${noun}`) ?? 0;
  const max = num(scope, input, `max-uploaded-${noun}`) ?? 30;
  if (files.length < min) return m.minUploads(min);
  if (files.length > max) return m.maxUploads(max);
  const maxKb = num(scope, input, 'max-file-size-kb') ?? 25600;
  const allowed = prop(scope, input, 'allowed-mime-types');
  for (const file of files) {
    if (!isJsonObject(file)) continue;
    const size = toNumberOrUndefined(file['size_kb']);
    if (size !== undefined && size > maxKb) return m.fileTooLarge(maxKb);
    const mime = file['mime_type'];
    if (Array.isArray(allowed) && typeof mime === 'string' && !allowed.includes(mime)) return m.fileType;
  }
  return undefined;
}
