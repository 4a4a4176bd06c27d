import { isJsonObject } from '@flowline/core';
import type { EndpointConfig, Step } from './endpoint-config.js';

/** A mismatch between a declarative endpoint configuration and the Flow it serves; the pointer is into the configuration. */
export interface EndpointFitProblem {
  readonly code: 'ENDPOINT_CONFIG_INVALID' | 'ENDPOINT_UNKNOWN_SCREEN' | 'ENDPOINT_NO_HANDLER' | 'ENDPOINT_DATA_MISSING' | 'ENDPOINT_DATA_UNDECLARED';
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly pointer: string;
}

interface ScreenInfo {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly exchanges: boolean;
}

/**
 * Why a Flow JSON needs a data endpoint, or undefined when it does not: it declares a
 * `data_api_version`, or one of its screens has a `data_exchange` action.
 */
export function endpointNeed(flow: unknown): string | undefined {
  if (!isJsonObject(flow)) return undefined;
  if (flow['data_api_version'] !== undefined) return `the Flow JSON declares data_api_version ${JSON.stringify(flow['data_api_version'])}`;
  const exchanging = [...screensOf(flow)].filter(([, info]) => info.exchanges).map(([id]) => id);
  return exchanging.length === 0 ? undefined : `screen${exchanging.length === 1 ? '' : 's'} ${exchanging.join(', ')} use${exchanging.length === 1 ? 's' : ''} a data_exchange action`;
}

/**
 * Checks a declarative endpoint configuration against the Flow's screens and data models, as the
 * endpoint would meet them at run time: every screen a step answers with exists, every screen with a
 * data_exchange action has a handler, and each answer carries the fields its screen's data model
 * declares (missing ones are errors, as checkScreenData refuses them; undeclared ones are warnings).
 */
export function checkEndpointFit(flow: unknown, config: EndpointConfig): EndpointFitProblem[] {
  const screens = screensOf(flow);
  const problems: EndpointFitProblem[] = [];
  const checkStep = (step: Step, pointer: string): void => {
    if (step.book !== undefined) checkStep(step.book.onFull, `${pointer}/book/onFull`);
    (step.choose ?? []).forEach((branch, index) => checkStep(branch.then, `${pointer}/choose/${index}/then`));
    const target = step.screen ?? 'SUCCESS';
    if (target === 'SUCCESS') return;
    const screen = screens.get(target);
    if (screen === undefined) {
      problems.push({ code: 'ENDPOINT_UNKNOWN_SCREEN', severity: 'error', message: `answers with screen ${target}, which the Flow does not have`, pointer: `${pointer}/screen` });
      return;
    }
    const data = step.data ?? {};
    for (const field of Object.keys(screen.fields)) {
      if (!(field in data)) problems.push({ code: 'ENDPOINT_DATA_MISSING', severity: 'error', message: `the answer for screen ${target} lacks '${field}', declared in its data model`, pointer: `${pointer}/data` });
    }
    for (const field of Object.keys(data)) {
      if (field !== 'error_message' && !(field in screen.fields)) {
        problems.push({ code: 'ENDPOINT_DATA_UNDECLARED', severity: 'warning', message: `'${field}' is not declared in the data model of screen ${target}`, pointer: `${pointer}/data/${escapePointer(field)}` });
      }
    }
  };
  const checkScreenKey = (screen: string, pointer: string): boolean => {
    if (screens.has(screen)) return true;
    problems.push({ code: 'ENDPOINT_UNKNOWN_SCREEN', severity: 'error', message: `has a handler for screen ${screen}, which the Flow does not have`, pointer });
    return false;
  };
  if (config.INIT !== undefined) checkStep(config.INIT, '/INIT');
  const back = config.BACK;
  if (back !== undefined) {
    if ('screen' in back || 'choose' in back || 'book' in back) checkStep(back as Step, '/BACK');
    else for (const [screen, step] of Object.entries(back as Readonly<Record<string, Step>>)) if (checkScreenKey(screen, `/BACK/${escapePointer(screen)}`)) checkStep(step, `/BACK/${escapePointer(screen)}`);
  }
  for (const [screen, step] of Object.entries(config.data_exchange ?? {})) {
    if (checkScreenKey(screen, `/data_exchange/${escapePointer(screen)}`)) checkStep(step, `/data_exchange/${escapePointer(screen)}`);
  }
  for (const [id, info] of screens) {
    if (info.exchanges && config.data_exchange?.[id] === undefined) {
      problems.push({ code: 'ENDPOINT_NO_HANDLER', severity: 'error', message: `screen ${id} has a data_exchange action but no data_exchange handler`, pointer: '/data_exchange' });
    }
  }
  if (config.fallback !== undefined && 'screen' in config.fallback && !screens.has(config.fallback.screen)) {
    problems.push({ code: 'ENDPOINT_UNKNOWN_SCREEN', severity: 'error', message: `the fallback screen ${config.fallback.screen} is not a screen of the Flow`, pointer: '/fallback/screen' });
  }
  return problems;
}

function screensOf(flow: unknown): Map<string, ScreenInfo> {
  const screens = new Map<string, ScreenInfo>();
  const list = isJsonObject(flow) && Array.isArray(flow['screens']) ? (flow['screens'] as unknown[]) : [];
  for (const screen of list) {
    if (!isJsonObject(screen) || typeof screen['id'] !== 'string') continue;
    const fields = isJsonObject(screen['data']) ? screen['data'] : {};
    screens.set(screen['id'], { fields, exchanges: hasDataExchange(screen['layout'], 0) });
  }
  return screens;
}

/** Whether a layout holds an action named data_exchange (bounded depth: Flow JSON nests a few levels). */
function hasDataExchange(node: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (Array.isArray(node)) return node.some((item) => hasDataExchange(item, depth + 1));
  if (!isJsonObject(node)) return false;
  if (node['name'] === 'data_exchange') return true;
  return Object.values(node).some((value) => hasDataExchange(value, depth + 1));
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
