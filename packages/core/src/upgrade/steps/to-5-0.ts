import { isDynamicString } from '../../expression/index.js';
import { toDayNumber, toIsoDate } from '../../runtime/date-value.js';
import { indexFlow, type ComponentInfo } from '../../validator/flow-index.js';
import { joinPointer } from '../../validator/join-pointer.js';
import { writable, type UpgradeStepContext, type UpgradeStep } from '../upgrade-step.js';
import { isJsonObject } from '../../json/is-json-object.js';

const DATE_PROPERTIES = ['min-date', 'max-date', 'unavailable-dates', 'init-value'] as const;
const TIMESTAMP = /^-?\d+$/;
const DATA_BINDING = /^\$\{data\.([A-Za-z_][\w-]*)\}$/;

/**
 * 4.0 → 5.0 (spec §1.2, §2.9): DatePicker dates become time-zone-free "YYYY-MM-DD" strings instead of
 * millisecond timestamps. Literal timestamps are converted (UTC day, as the runtime reads them); dates that
 * come from data cannot be, since whoever sends the data must send the new format.
 */
export const toVersion5: UpgradeStep = {
  from: '4.0',
  to: '5.0',
  summary: 'DatePicker dates are "YYYY-MM-DD" strings instead of millisecond timestamps (images and media-size on options are additions).',
  apply(doc, ctx) {
    for (const screen of indexFlow(doc)?.screens ?? []) {
      for (const component of screen.components) {
        if (component.type === 'DatePicker') convertPicker(component, ctx);
        if (component.type === 'Form') convertFormInitValues(component, screen.components, ctx);
      }
    }
  },
};

function convertPicker(picker: ComponentInfo, ctx: UpgradeStepContext): void {
  const node = writable(picker.node);
  for (const key of DATE_PROPERTIES) {
    const value = node[key];
    if (value === undefined) continue;
    const pointer = joinPointer(picker.pointer, key);
    if (typeof value === 'string' && isDynamicString(value)) {
      convertExample(picker, value, ctx);
      ctx.issue('manual', 'UPGRADE_DATE_FROM_DATA', pointer, `${key} of DatePicker '${picker.name ?? ''}' comes from ${value}: whoever supplies it (endpoint, navigate payload, message) must send "YYYY-MM-DD" dates from Flow JSON 5.0.`);
      continue;
    }
    const converted = convertDates(value);
    if (converted === undefined) continue;
    node[key] = converted;
    ctx.change('DATE_CONVERTED', pointer, `${key} of DatePicker '${picker.name ?? ''}': millisecond timestamps → "YYYY-MM-DD".`);
  }
  ctx.issue('notice', 'UPGRADE_DATE_ANSWER_FORMAT', picker.pointer, `DatePicker '${picker.name ?? ''}' answers "YYYY-MM-DD" instead of a millisecond timestamp from Flow JSON 5.0: routing rules, connectors and the endpoint reading it see the new format.`);
}

/** A Form's `init-values` entry for a DatePicker of that Form. */
function convertFormInitValues(form: ComponentInfo, components: readonly ComponentInfo[], ctx: UpgradeStepContext): void {
  const initValues = form.node['init-values'];
  if (!isJsonObject(initValues)) return;
  for (const picker of components) {
    if (picker.type !== 'DatePicker' || picker.form !== form || picker.name === undefined) continue;
    const converted = convertDates(initValues[picker.name]);
    if (converted === undefined) continue;
    writable(initValues)[picker.name] = converted;
    ctx.change('DATE_CONVERTED', joinPointer(form.pointer, 'init-values', picker.name), `init-values of DatePicker '${picker.name}': millisecond timestamp → "YYYY-MM-DD".`);
  }
}

/** The Builder preview's `__example__` of a `${data.x}` date field, converted like the literals. */
function convertExample(picker: ComponentInfo, binding: string, ctx: UpgradeStepContext): void {
  const field = DATA_BINDING.exec(binding)?.[1];
  const declaration = field === undefined ? undefined : picker.screen.data?.[field];
  if (field === undefined || !isJsonObject(declaration)) return;
  const converted = convertDates(declaration['__example__']);
  if (converted === undefined) return;
  writable(declaration)['__example__'] = converted;
  ctx.change('DATE_CONVERTED', joinPointer(picker.screen.pointer, 'data', field, '__example__'), `__example__ of data field '${field}' (a DatePicker date): millisecond timestamps → "YYYY-MM-DD".`);
}

/** A timestamp string or an array of them as "YYYY-MM-DD"; undefined when there is nothing (left) to convert. */
function convertDates(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return TIMESTAMP.test(value) ? toIso(value) : undefined;
  if (!Array.isArray(value) || !value.some((v) => typeof v === 'string' && TIMESTAMP.test(v))) return undefined;
  if (!value.every((v) => typeof v === 'string' && (TIMESTAMP.test(v) || toDayNumber(v) !== undefined))) return undefined;
  return value.map((v: string) => (TIMESTAMP.test(v) ? toIso(v) : v));
}

function toIso(timestamp: string): string {
  return toIsoDate(toDayNumber(timestamp) ?? 0);
}
