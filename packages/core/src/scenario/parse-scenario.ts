import type { Expectation, Scenario, ScenarioEndpoint, ScenarioStep } from './scenario.js';
import { isJsonObject } from '../json/is-json-object.js';

/** A scenario, or every problem found in the file (messages name the field or step). */
export type ParseScenarioResult = { ok: true; scenario: Scenario } | { ok: false; problems: string[] };

/** How the scenario is kept: a file beside its Flow (the default), or stored with its Flow in Flowline. */
export interface ParseScenarioOptions {
  /**
   * A scenario stored with its Flow (docs/governance.md): it plays whichever version it is run against, so
   * it names no Flow file (`flow` may be given and is ignored) and no endpoint (Flowline's own answers);
   * it needs a `name`, by which it is listed.
   */
  readonly stored?: boolean;
}

type Json = Record<string, unknown>;

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

const EXPECT_KEYS = ['screen', 'data', 'form', 'visible', 'hidden', 'errors', 'completed', 'error', 'opened', 'notice'];

function parseExpectation(value: unknown, where: string, problems: string[]): Expectation | undefined {
  if (!isJsonObject(value)) {
    problems.push(`${where}: "expect" must be an object`);
    return undefined;
  }
  const out: { -readonly [K in keyof Expectation]: Expectation[K] } = {};
  for (const key of Object.keys(value)) {
    if (!EXPECT_KEYS.includes(key)) problems.push(`${where}: unknown expectation "${key}" (known: ${EXPECT_KEYS.join(', ')})`);
  }
  const { screen, data, form, visible, hidden, errors, completed, error, opened, notice } = value;
  if (screen !== undefined) {
    if (typeof screen === 'string') out.screen = screen;
    else problems.push(`${where}: expect.screen must be a string`);
  }
  if (data !== undefined) {
    if (isJsonObject(data)) out.data = data;
    else problems.push(`${where}: expect.data must be an object`);
  }
  if (form !== undefined) {
    if (isJsonObject(form)) out.form = form;
    else problems.push(`${where}: expect.form must be an object`);
  }
  if (completed !== undefined) {
    if (isJsonObject(completed)) out.completed = completed;
    else problems.push(`${where}: expect.completed must be an object`);
  }
  if (visible !== undefined) {
    if (isStringArray(visible)) out.visible = visible;
    else problems.push(`${where}: expect.visible must be an array of strings`);
  }
  if (hidden !== undefined) {
    if (isStringArray(hidden)) out.hidden = hidden;
    else problems.push(`${where}: expect.hidden must be an array of strings`);
  }
  if (errors !== undefined) {
    if (isJsonObject(errors) && Object.values(errors).every((e) => e === true || typeof e === 'string')) {
      out.errors = errors as Record<string, true | string>;
    } else problems.push(`${where}: expect.errors must map input names to true or a message`);
  }
  if (error !== undefined) {
    if (error === true || typeof error === 'number' || typeof error === 'string') out.error = error;
    else problems.push(`${where}: expect.error must be true, an HTTP status or a message`);
  }
  if (opened !== undefined) {
    if (typeof opened === 'string') out.opened = opened;
    else problems.push(`${where}: expect.opened must be a URL string`);
  }
  if (notice !== undefined) {
    if (notice === true || typeof notice === 'string') out.notice = notice;
    else problems.push(`${where}: expect.notice must be true or a message`);
  }
  return out;
}

function parseStep(value: unknown, index: number, problems: string[]): ScenarioStep | undefined {
  const where = `step ${index + 1}`;
  if (!isJsonObject(value)) {
    problems.push(`${where}: a step must be an object`);
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    problems.push(`${where}: a step has exactly one of "fill", "press", "back", "expect" (got ${keys.map((k) => `"${k}"`).join(', ') || 'none'})`);
    return undefined;
  }
  if ('fill' in value) {
    if (isJsonObject(value['fill'])) return { kind: 'fill', values: value['fill'] };
    problems.push(`${where}: "fill" must map input names to values`);
  } else if ('press' in value) {
    if (typeof value['press'] === 'string' && value['press'] !== '') return { kind: 'press', target: value['press'] };
    problems.push(`${where}: "press" must be "footer", a link or OptIn text, or a NavigationList item id`);
  } else if ('back' in value) {
    if (value['back'] === true) return { kind: 'back' };
    problems.push(`${where}: "back" must be true`);
  } else if ('expect' in value) {
    const expect = parseExpectation(value['expect'], where, problems);
    if (expect !== undefined) return { kind: 'expect', expect };
  } else {
    problems.push(`${where}: unknown step "${keys[0] ?? ''}" (known: fill, press, back, expect)`);
  }
  return undefined;
}

function parseEndpoint(value: unknown, problems: string[]): ScenarioEndpoint | undefined {
  if (!isJsonObject(value) || typeof value['url'] !== 'string' || typeof value['publicKey'] !== 'string') {
    problems.push('"endpoint" must be an object with "url" and "publicKey" strings');
    return undefined;
  }
  const appSecret = value['appSecret'];
  if (appSecret !== undefined && typeof appSecret !== 'string') problems.push('"endpoint.appSecret" must be a string');
  const endpoint = { url: value['url'], publicKey: value['publicKey'] };
  return typeof appSecret === 'string' ? { ...endpoint, appSecret } : endpoint;
}

/** Parses a scenario file's JSON value; never throws. */
export function parseScenario(value: unknown, options: ParseScenarioOptions = {}): ParseScenarioResult {
  const problems: string[] = [];
  if (!isJsonObject(value)) return { ok: false, problems: ['a scenario must be a JSON object'] };
  const { flow, start, endpoint, steps, name, flowToken, flowAction } = value;
  const stored = options.stored === true;
  if (stored) {
    if (typeof name !== 'string' || name.trim() === '') problems.push('"name" is required: a stored scenario is listed by its name');
    if (endpoint !== undefined) problems.push('"endpoint" is not used by a stored scenario: Flowline\'s own data endpoint answers it with the configuration of the version under test; remove it');
  } else if (typeof flow !== 'string' || flow === '') problems.push('"flow" must be the path of the Flow JSON, relative to the scenario');
  if (!Array.isArray(steps)) problems.push('"steps" must be an array');
  let parsedStart: Scenario['start'];
  if (start !== undefined) {
    if (!isJsonObject(start)) problems.push('"start" must be an object with "screen" and/or "data"');
    else {
      const s: { screen?: string; data?: Json } = {};
      if (start['screen'] !== undefined) {
        if (typeof start['screen'] === 'string') s.screen = start['screen'];
        else problems.push('"start.screen" must be a string');
      }
      if (start['data'] !== undefined) {
        if (isJsonObject(start['data'])) s.data = start['data'];
        else problems.push('"start.data" must be an object');
      }
      parsedStart = s;
    }
  }
  if (name !== undefined && typeof name !== 'string') problems.push('"name" must be a string');
  if (flowToken !== undefined && typeof flowToken !== 'string') problems.push('"flowToken" must be a string');
  if (flowAction !== undefined && flowAction !== 'navigate' && flowAction !== 'data_exchange') {
    problems.push('"flowAction" must be "navigate" or "data_exchange"');
  }
  const parsedEndpoint = endpoint === undefined || stored ? undefined : parseEndpoint(endpoint, problems);
  const rawSteps: unknown[] = Array.isArray(steps) ? steps : [];
  const parsedSteps = rawSteps.map((s, i) => parseStep(s, i, problems));
  if (problems.length > 0) return { ok: false, problems };
  const scenario: { -readonly [K in keyof Scenario]: Scenario[K] } = {
    steps: parsedSteps.filter((s): s is ScenarioStep => s !== undefined),
    rawSteps,
  };
  if (!stored && typeof flow === 'string') scenario.flow = flow;
  if (typeof name === 'string') scenario.name = name;
  if (parsedStart !== undefined) scenario.start = parsedStart;
  if (parsedEndpoint !== undefined) scenario.endpoint = parsedEndpoint;
  if (typeof flowToken === 'string') scenario.flowToken = flowToken;
  if (flowAction === 'navigate' || flowAction === 'data_exchange') scenario.flowAction = flowAction;
  return { ok: true, scenario };
}
