import { isJsonObject, type PressTarget, type RuntimeEvent } from '@flowline/core';

/** A customer event read from a request, or why it was refused. */
export type ParsedCustomerEvent = { readonly ok: true; readonly event: RuntimeEvent } | { readonly ok: false; readonly message: string };

function pressTarget(value: unknown): PressTarget | undefined {
  if (value === 'footer') return 'footer';
  if (!isJsonObject(value)) return undefined;
  for (const key of ['link', 'optIn', 'navigationItem'] as const) {
    const text = value[key];
    if (typeof text === 'string' && Object.keys(value).length === 1) {
      return key === 'link' ? { link: text } : key === 'optIn' ? { optIn: text } : { navigationItem: text };
    }
  }
  return undefined;
}

/**
 * Reads what a customer does on the sandbox phone: `{type: 'fill', name, value}`, `{type: 'select' |
 * 'unselect', name, id}`, `{type: 'press', target: 'footer' | {link} | {optIn} | {navigationItem}}` or
 * `{type: 'back'}`. Endpoint answers are not customer events and are refused.
 */
export function parseCustomerEvent(value: unknown): ParsedCustomerEvent {
  if (!isJsonObject(value)) return { ok: false, message: 'event must be an object with a type' };
  const { type, name } = value;
  switch (type) {
    case 'fill':
      if (typeof name !== 'string' || name === '') return { ok: false, message: 'a fill event needs the component name' };
      if (!('value' in value)) return { ok: false, message: 'a fill event needs a value' };
      return { ok: true, event: { type: 'fill', name, value: value['value'] } };
    case 'select':
    case 'unselect': {
      const id = value['id'];
      if (typeof name !== 'string' || name === '' || typeof id !== 'string') return { ok: false, message: `a ${type} event needs the component name and the option id` };
      return { ok: true, event: { type, name, id } };
    }
    case 'press': {
      const target = pressTarget(value['target']);
      if (target === undefined) return { ok: false, message: "a press event needs target 'footer', {link}, {optIn} or {navigationItem}" };
      return { ok: true, event: { type: 'press', target } };
    }
    case 'back':
      return { ok: true, event: { type: 'back' } };
    default:
      return { ok: false, message: `event type ${JSON.stringify(type)} is not something a customer does; use fill, select, unselect, press or back` };
  }
}
