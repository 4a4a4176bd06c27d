import { displayValue } from './build-summary.js';
import { compileFlow, type InputDeclaration } from './compile-flow.js';
import { classifyValue } from '../expression/index.js';
import { isEmptyAnswer, toArray } from './json-value.js';
import { currentScreenId, type RuntimeState, type RuntimeStatus } from './runtime-state.js';
import { resolveFlag, resolveValue, type Scope } from './scope.js';
import { walkScreen } from './walk-screen.js';
import { isJsonObject } from '../json/is-json-object.js';

/** One option of a CheckboxGroup, RadioButtonsGroup, Dropdown or ChipsSelector, resolved. */
export interface RenderedOption {
  readonly id: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly metadata: string | undefined;
  readonly image: string | undefined;
  readonly altText: string | undefined;
  readonly enabled: boolean;
  readonly selected: boolean;
}

/** A component as the phone shows it: every property resolved, with value, error and options. */
export interface RenderedComponent {
  readonly type: string;
  /** JSON pointer of the component inside its screen. */
  readonly pointer: string;
  readonly name: string | undefined;
  readonly visible: boolean;
  readonly enabled: boolean;
  /** All other properties with bindings and expressions evaluated; actions are left out. */
  readonly props: Readonly<Record<string, unknown>>;
  /** The input's current value (inputs only). */
  readonly value: unknown;
  /** The value as the client shows it (option titles, ISO dates, file counts), when set. */
  readonly display: string | undefined;
  readonly error: string | undefined;
  /** Resolved data-source options (selection components only). */
  readonly options: readonly RenderedOption[] | undefined;
  /** Whether pressing or changing it runs an action (links, list items, selection actions). */
  readonly hasAction: boolean;
}

/** The Footer of the screen, resolved. */
export interface RenderedFooter {
  readonly label: string;
  readonly leftCaption: string | undefined;
  readonly centerCaption: string | undefined;
  readonly rightCaption: string | undefined;
  readonly enabled: boolean;
}

/** The current screen as data, for the terminal UI and the web preview to draw. */
export interface RenderedScreen {
  readonly id: string;
  readonly title: string | undefined;
  readonly terminal: boolean;
  readonly components: readonly RenderedComponent[];
  readonly footer: RenderedFooter | undefined;
  /** A message over the screen: the endpoint's `error_message` or a request failure. */
  readonly notice: string | undefined;
  readonly canGoBack: boolean;
  readonly status: RuntimeStatus['kind'];
}

const ACTION_KEYS = new Set(['on-click-action', 'on-select-action', 'on-unselect-action']);
const OWN_KEYS = new Set(['type', 'name', 'visible', 'enabled', 'data-source', 'init-value', 'error-message']);

/**
 * Renders the screen on top of the stack: If/Switch branches chosen, Forms inlined, every
 * property resolved from data and form values, options, values and errors attached.
 * Undefined when no screen is shown (an INIT request is pending, or the Flow has no screens).
 */
export function renderScreen(flow: unknown, state: RuntimeState): RenderedScreen | undefined {
  const compiled = compileFlow(flow);
  const screenId = currentScreenId(state);
  const screen = screenId === undefined ? undefined : compiled.screens.get(screenId);
  const screenState = screenId === undefined ? undefined : state.screens[screenId];
  if (screenId === undefined || screen === undefined || screenState === undefined) return undefined;
  const scope: Scope = { flow: compiled, state, screenId };
  const components: RenderedComponent[] = [];
  let footer: RenderedFooter | undefined;
  for (const placed of walkScreen(scope, screen.children)) {
    const name = typeof placed.node['name'] === 'string' ? placed.node['name'] : undefined;
    const input = name === undefined ? undefined : screen.inputs.get(name);
    const own = input !== undefined && input.node === placed.node ? input : undefined;
    const rendered = renderComponent(scope, placed.type, placed.pointer, placed.node, placed.visible, name, own);
    components.push(rendered);
    if (placed.type === 'Footer' && placed.visible && footer === undefined) footer = toFooter(rendered);
  }
  const title = resolveValue(scope, screen.raw['title']);
  return {
    id: screenId,
    title: typeof title === 'string' ? title : undefined,
    terminal: screen.terminal,
    components,
    footer,
    notice: screenState.notice,
    canGoBack: state.stack.length > 1,
    status: state.status.kind,
  };
}

function renderComponent(
  scope: Scope,
  type: string,
  pointer: string,
  node: Readonly<Record<string, unknown>>,
  visible: boolean,
  name: string | undefined,
  input: InputDeclaration | undefined,
): RenderedComponent {
  const props: Record<string, unknown> = {};
  let hasAction = false;
  for (const [key, raw] of Object.entries(node)) {
    if (ACTION_KEYS.has(key)) hasAction = true;
    if (ACTION_KEYS.has(key) || OWN_KEYS.has(key)) continue;
    const value = stripActions(resolveValue(scope, raw));
    if (value !== undefined) props[key] = value;
  }
  const screenState = scope.state.screens[scope.screenId];
  const value = input === undefined ? undefined : screenState?.form[input.name];
  const options = input?.kind === 'single' || input?.kind === 'multi' ? renderOptions(scope, node, value) : undefined;
  if (options !== undefined && !hasAction) hasAction = toArray(node['data-source']).some((o) => isJsonObject(o) && (o['on-select-action'] ?? o['on-unselect-action']) !== undefined);
  if (type === 'NavigationList') hasAction = true;
  return {
    type,
    pointer,
    name,
    visible,
    enabled: resolveFlag(scope, node['enabled'], true),
    props,
    value,
    display: input === undefined || isEmptyAnswer(value) ? undefined : displayValue(scope, input, value),
    error: input === undefined ? undefined : errorOf(scope, input),
    options,
    hasAction,
  };
}

/**
 * A client-side error from the last Footer press, else an error the endpoint sent through a
 * bound `error-message` (or Form `error-messages`), shown until the customer edits the field.
 */
function errorOf(scope: Scope, input: InputDeclaration): string | undefined {
  const screenState = scope.state.screens[scope.screenId];
  const own = screenState?.errors[input.name];
  if (own !== undefined) return own;
  if (screenState?.touched.includes(input.name) === true) return undefined;
  const raw = input.node['error-message'];
  if (typeof raw === 'string' && classifyValue(raw).kind !== 'literal') {
    const sent = resolveValue(scope, raw);
    if (typeof sent === 'string' && sent !== '') return sent;
  }
  const all = input.form === undefined ? undefined : input.form['error-messages'];
  if (typeof all === 'string') {
    const sent = resolveValue(scope, all);
    const mine = isJsonObject(sent) ? sent[input.name] : undefined;
    if (typeof mine === 'string' && mine !== '') return mine;
  }
  return undefined;
}

function renderOptions(scope: Scope, node: Readonly<Record<string, unknown>>, value: unknown): RenderedOption[] {
  const selected = Array.isArray(value) ? value : [value];
  const options: RenderedOption[] = [];
  for (const item of toArray(resolveValue(scope, node['data-source']))) {
    if (!isJsonObject(item) || typeof item['id'] !== 'string') continue;
    const text = (key: string) => (typeof item[key] === 'string' ? item[key] : undefined);
    options.push({
      id: item['id'],
      title: text('title') ?? item['id'],
      description: text('description'),
      metadata: text('metadata'),
      image: text('image'),
      altText: text('alt-text'),
      enabled: item['enabled'] !== false,
      selected: selected.includes(item['id']),
    });
  }
  return options;
}

function stripActions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripActions);
  if (!isJsonObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (!ACTION_KEYS.has(key)) out[key] = stripActions(item);
  return out;
}

function toFooter(rendered: RenderedComponent): RenderedFooter {
  const text = (key: string) => (typeof rendered.props[key] === 'string' ? rendered.props[key] : undefined);
  return {
    label: text('label') ?? '',
    leftCaption: text('left-caption'),
    centerCaption: text('center-caption'),
    rightCaption: text('right-caption'),
    enabled: rendered.enabled,
  };
}
