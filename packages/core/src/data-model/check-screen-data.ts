import type { RawProblem } from '../problem.js';
import { checkSchemaValue } from './check-schema-value.js';
import { findScreenDataModel } from './find-screen-data-model.js';
import { isJsonObject } from '../json/is-json-object.js';

/** Keys an endpoint may add to any screen's data without declaring them (§1.5: snackbar error). */
const IMPLICIT_KEYS: ReadonlySet<string> = new Set(['error_message']);

/**
 * Checks whether `data` is acceptable for screen `screenId` of `flow` (an endpoint response's
 * `data`, or a navigate payload): the problems a phone would raise as `payload-schema-error` or
 * `invalid-screen-transition`. `SUCCESS` is checked for `extension_message_response.params.flow_token`.
 * Never throws, whatever the shape of `flow` and `data`.
 */
export function checkScreenData(flow: unknown, screenId: string, data: unknown): RawProblem[] {
  if (screenId === 'SUCCESS') return checkSuccessData(data);
  const model = findScreenDataModel(flow, screenId);
  if (model.kind === 'unknown-screen') {
    return [problem('FLOWLINE_UNKNOWN_SCREEN', `Screen '${screenId}' does not exist in the Flow`, '')];
  }
  if (!isJsonObject(data)) {
    return [problem('FLOWLINE_SCREEN_DATA_NOT_OBJECT', `Data for screen '${screenId}' must be an object`, '')];
  }
  const problems: RawProblem[] = [];
  const fields = model.fields;
  for (const [key, schema] of Object.entries(fields)) {
    const pointer = `/${escapePointer(key)}`;
    if (!(key in data)) {
      problems.push(problem('FLOWLINE_SCREEN_DATA_MISSING', `Missing '${key}' declared in the data model of screen '${screenId}'`, pointer));
      continue;
    }
    checkSchemaValue(schema, data[key], pointer, problems);
  }
  for (const [key, value] of Object.entries(data)) {
    if (key in fields) continue;
    const pointer = `/${escapePointer(key)}`;
    if (IMPLICIT_KEYS.has(key)) {
      if (typeof value !== 'string') problems.push(problem('FLOWLINE_SCREEN_DATA_TYPE', `'${key}' must be a string`, pointer));
      continue;
    }
    problems.push(problem('FLOWLINE_SCREEN_DATA_UNKNOWN', `'${key}' is not declared in the data model of screen '${screenId}'`, pointer, 'warning'));
  }
  return problems;
}

function checkSuccessData(data: unknown): RawProblem[] {
  const params = isJsonObject(data) && isJsonObject(data['extension_message_response']) ? data['extension_message_response']['params'] : undefined;
  if (!isJsonObject(params)) {
    return [problem('FLOWLINE_SUCCESS_PARAMS_MISSING', 'A SUCCESS response needs data.extension_message_response.params', '')];
  }
  if (typeof params['flow_token'] !== 'string') {
    return [problem('FLOWLINE_SUCCESS_FLOW_TOKEN_MISSING', 'A SUCCESS response needs params.flow_token (a string)', '/extension_message_response/params/flow_token')];
  }
  return [];
}

function problem(code: string, message: string, pointer: string, severity: 'error' | 'warning' = 'error'): RawProblem {
  return { code, severity, message, pointer };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
