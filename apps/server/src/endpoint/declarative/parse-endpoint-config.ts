import { isJsonObject } from '@flowline/core';
import type { EndpointConfig } from './endpoint-config.js';

const SOURCE_KINDS: ReadonlySet<string> = new Set(['static', 'lookup', 'http', 'calendar']);
const OPS: ReadonlySet<string> = new Set(['==', '!=', '>', '>=', '<', '<=']);

/** Parses an endpoint config (unknown JSON) into an EndpointConfig, or every problem with its JSON path. */
export function parseEndpointConfig(value: unknown): { ok: true; config: EndpointConfig } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (!isJsonObject(value)) return { ok: false, errors: ['config must be an object'] };
  const tokens = value['tokens'];
  if (tokens !== undefined && (!isJsonObject(tokens) || (tokens['mode'] !== 'open' && tokens['mode'] !== 'known'))) errors.push('tokens.mode must be "open" or "known"');
  const timeout = value['timeoutMs'];
  if (timeout !== undefined && (typeof timeout !== 'number' || timeout < 10 || timeout > 9000)) errors.push('timeoutMs must be a number between 10 and 9000');
  const fallback = value['fallback'];
  if (fallback !== undefined && !(isJsonObject(fallback) && (typeof fallback['error_message'] === 'string' || (typeof fallback['screen'] === 'string' && isJsonObject(fallback['data']))))) {
    errors.push('fallback must be {"error_message": string} or {"screen": string, "data": object}');
  }
  if (value['INIT'] !== undefined) checkStep(value['INIT'], 'INIT', errors);
  const back = value['BACK'];
  if (back !== undefined) {
    if (isJsonObject(back) && !('screen' in back) && !('choose' in back) && !('book' in back)) for (const [screen, step] of Object.entries(back)) checkStep(step, `BACK.${screen}`, errors);
    else checkStep(back, 'BACK', errors);
  }
  const exchange = value['data_exchange'];
  if (exchange !== undefined) {
    if (!isJsonObject(exchange)) errors.push('data_exchange must map screen ids to steps');
    else for (const [screen, step] of Object.entries(exchange)) checkStep(step, `data_exchange.${screen}`, errors);
  }
  // Boundary: every field read above was checked; the value is the config.
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: value as EndpointConfig };
}

function checkStep(step: unknown, path: string, errors: string[]): void {
  if (!isJsonObject(step)) {
    errors.push(`${path} must be an object`);
    return;
  }
  const choose = step['choose'];
  if (choose !== undefined) {
    if (!Array.isArray(choose)) errors.push(`${path}.choose must be an array`);
    else
      choose.forEach((branch: unknown, index) => {
        const when = isJsonObject(branch) ? branch['when'] : undefined;
        if (!isJsonObject(branch) || !isJsonObject(when) || typeof when['field'] !== 'string' || typeof when['op'] !== 'string' || !OPS.has(when['op'])) {
          errors.push(`${path}.choose[${index}] needs {"when": {"field", "op", "value"}, "then": step}`);
          return;
        }
        checkStep(branch['then'], `${path}.choose[${index}].then`, errors);
      });
  }
  const book = step['book'];
  if (book !== undefined) {
    if (!isJsonObject(book) || book['slot'] === undefined) errors.push(`${path}.book needs a slot value`);
    else checkStep(book['onFull'], `${path}.book.onFull`, errors);
  }
  if (typeof step['screen'] !== 'string' && choose === undefined) errors.push(`${path}.screen must be a screen id`);
  if (step['data'] !== undefined) {
    if (!isJsonObject(step['data'])) errors.push(`${path}.data must be an object`);
    else checkValues(step['data'], `${path}.data`, errors);
  }
}

function checkValues(value: unknown, path: string, errors: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkValues(item, `${path}[${index}]`, errors));
    return;
  }
  if (!isJsonObject(value)) return;
  const source = value['$source'];
  if (source !== undefined && (!isJsonObject(source) || typeof source['kind'] !== 'string' || !SOURCE_KINDS.has(source['kind']))) {
    errors.push(`${path}.$source.kind must be one of static, lookup, http, calendar`);
  }
  for (const [key, inner] of Object.entries(value)) if (!key.startsWith('$')) checkValues(inner, `${path}.${key}`, errors);
}

