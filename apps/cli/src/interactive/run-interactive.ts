import { createInterface } from 'node:readline';
import { createSimulator, isVersionAtLeast, pressByName, renderScreen, type EndpointExchange, type RenderedComponent, type RuntimeEvent, type RuntimeState, type Simulator, type SimulatorResult } from '@flowline/core';
import { createEndpointClient, signFlowTokenSignature } from '@flowline/protocol';
import type { CliIo } from '../cli-io.js';
import { EXIT_FAILED, EXIT_OK } from '../commands/command.js';
import { drawScreen, numberedComponents } from './draw-screen.js';
import { INTERACTIVE_HELP, parseCommand, type InteractiveCommand } from './parse-command.js';

/** How the interactive session opens the Flow and reaches its endpoint. */
export interface InteractiveOptions {
  readonly screen?: string;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly endpoint?: { readonly url: string; readonly publicKeyPath: string };
  readonly appSecret?: string;
  readonly flowToken?: string;
  /** Print each endpoint request and response in full (decrypted) instead of a one-line summary. */
  readonly raw?: boolean;
}

const PROMPT = '> ';
const QUICK_HELP = "\nType a command: '<n> = <value>', 'select <n> <option>', 'check <n>', 'press footer', 'back', 'help' or 'quit'.";

type Found = { ok: true; component: RenderedComponent } | { ok: false; message: string };

function findComponent(sim: Simulator, target: string): Found {
  const state = sim.state();
  const screen = state === undefined ? undefined : renderScreen(sim.flow, state);
  if (screen === undefined) return { ok: false, message: 'no screen is shown' };
  const listed = numberedComponents(screen);
  const byNumber = /^\d+$/.test(target) ? listed[Number(target) - 1] : undefined;
  const component = byNumber ?? listed.find((c) => c.name === target);
  return component === undefined ? { ok: false, message: `no component ${target} on this screen` } : { ok: true, component };
}

function optionId(component: RenderedComponent, option: string): string {
  const match = component.options?.find((o) => o.id === option) ?? component.options?.find((o) => o.title.toLowerCase() === option.toLowerCase());
  return match?.id ?? option;
}

/** Converts typed text to the value the component holds (lists, booleans, date ranges, option ids). */
function toValue(component: RenderedComponent, text: string): unknown {
  if (component.type === 'OptIn') return /^(true|yes|y|1|x)$/i.test(text);
  if (component.type === 'CheckboxGroup' || component.type === 'ChipsSelector') {
    return text === '' ? [] : text.split(',').map((t) => optionId(component, t.trim()));
  }
  if (component.options !== undefined) return optionId(component, text);
  if (component.type === 'CalendarPicker' && component.props['mode'] === 'range') {
    const [start = '', end = ''] = text.split('..').map((t) => t.trim());
    return { 'start-date': start, 'end-date': end };
  }
  if (component.type === 'PhotoPicker' || component.type === 'DocumentPicker') {
    return text === '' ? [] : text.split(',').map((name) => ({ file_name: name.trim() }));
  }
  return text;
}

function pressName(sim: Simulator, target: string): string {
  if (!/^\d+$/.test(target)) return target;
  const found = findComponent(sim, target);
  if (!found.ok) return target;
  const c = found.component;
  if (c.type === 'EmbeddedLink') return typeof c.props['text'] === 'string' ? c.props['text'] : target;
  return c.name ?? target;
}

async function execute(sim: Simulator, command: InteractiveCommand, io: CliIo): Promise<SimulatorResult> {
  const state = sim.state();
  const screen = state?.stack.at(-1);
  const entry = screen === undefined ? undefined : state?.screens[screen];
  switch (command.kind) {
    case 'empty':
    case 'quit':
      return { ok: true };
    case 'help':
      io.stdout.write(INTERACTIVE_HELP);
      return { ok: true };
    case 'unknown':
      return { ok: false, message: `unknown command '${command.text}' (type help)` };
    case 'show':
      io.stdout.write(`${JSON.stringify(command.what === 'data' ? entry?.data ?? {} : entry?.form ?? {}, null, 2)}\n`);
      return { ok: true };
    case 'back':
      return sim.dispatch({ type: 'back' });
    case 'press':
      return pressByName(sim, pressName(sim, command.target));
    case 'set': {
      const found = findComponent(sim, command.target);
      if (!found.ok) return found;
      if (found.component.name === undefined) return { ok: false, message: `${found.component.type} takes no value` };
      return sim.dispatch({ type: 'fill', name: found.component.name, value: toValue(found.component, command.value) });
    }
    case 'check': {
      const found = findComponent(sim, command.target);
      if (!found.ok) return found;
      if (found.component.type !== 'OptIn' || found.component.name === undefined) return { ok: false, message: `${command.target} is not an OptIn` };
      return sim.dispatch({ type: 'fill', name: found.component.name, value: command.checked });
    }
    case 'select': {
      const found = findComponent(sim, command.target);
      if (!found.ok) return found;
      const { component } = found;
      if (component.options === undefined || component.name === undefined) return { ok: false, message: `${command.target} has no options` };
      const id = optionId(component, command.option);
      const multi = Array.isArray(component.value);
      const already = component.options.find((o) => o.id === id)?.selected === true;
      const event: RuntimeEvent = { type: command.selected && !(multi && already) ? 'select' : 'unselect', name: component.name, id };
      return sim.dispatch(event);
    }
  }
}

function drawOutcome(sim: Simulator, io: CliIo): 'running' | 'completed' | 'closed' {
  const state: RuntimeState | undefined = sim.state();
  if (state === undefined) return 'closed';
  if (state.status.kind === 'completed') {
    io.stdout.write(`\nThe Flow completed. Payload sent to the business:\n${JSON.stringify(state.status.payload, null, 2)}\n`);
    if (state.status.summary.length > 0) {
      io.stdout.write('\nSummary the customer keeps in the chat:\n');
      for (const line of state.status.summary) io.stdout.write(`  ${line.label}: ${line.value}\n`);
    }
    return 'completed';
  }
  if (state.status.kind === 'closed') {
    io.stdout.write(`\nThe Flow was closed with an error (${state.status.error.code}): ${state.status.error.message}\n`);
    return 'closed';
  }
  const screen = renderScreen(sim.flow, state);
  if (screen !== undefined) io.stdout.write(drawScreen(screen));
  return 'running';
}

/**
 * One endpoint round trip on one line: the action and the screen it came from, where the answer leads,
 * the HTTP status and the latency — e.g. `data_exchange from DETAILS → SUMMARY · 200 · 35 ms`.
 */
export function summariseExchange(exchange: EndpointExchange): string {
  const from = exchange.screen === '' ? exchange.action : `${exchange.action} from ${exchange.screen}`;
  const ms = `${Math.round(exchange.latencyMs)} ms`;
  const { outcome } = exchange;
  if (outcome.kind === 'error') return `${from} → ${outcome.status === 'timeout' ? 'timed out' : `error ${outcome.status}`}: ${outcome.message} · ${ms}`;
  const response = typeof outcome.response === 'object' && outcome.response !== null ? (outcome.response as Record<string, unknown>) : {};
  const next = typeof response['screen'] === 'string' ? response['screen'] : exchange.action === 'ping' ? 'pong' : 'no screen';
  const data = typeof response['data'] === 'object' && response['data'] !== null ? Object.keys(response['data']) : [];
  const fields = data.length === 0 ? '' : ` (data: ${data.slice(0, 6).join(', ')}${data.length > 6 ? `, +${data.length - 6}` : ''})`;
  return `${from} → ${next}${fields} · ${outcome.status} · ${ms}`;
}

/**
 * The interactive terminal phone: draws the current screen, reads commands from stdin (one per
 * line), and applies them with the same runtime the scenario runner uses. Exit 0 when the Flow
 * completed, 1 when it was closed or the input ended first.
 */
export async function runInteractive(flow: unknown, io: CliIo, options: InteractiveOptions = {}): Promise<number> {
  const appSecret = options.appSecret ?? io.env['FLOWLINE_APP_SECRET'];
  const doc = typeof flow === 'object' && flow !== null ? (flow as Record<string, unknown>) : {};
  const dataApiVersion = typeof doc['data_api_version'] === 'string' ? doc['data_api_version'] : undefined;
  const signs = appSecret !== undefined && dataApiVersion !== undefined && Number(dataApiVersion) >= 4 && typeof doc['version'] === 'string' && isVersionAtLeast(doc['version'], '7.3');
  const endpoint =
    options.endpoint === undefined
      ? undefined
      : createEndpointClient({ ...options.endpoint, fetch: io.fetch, ...(appSecret === undefined ? {} : { appSecret }) });
  const sim = createSimulator(flow, {
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(dataApiVersion === undefined ? {} : { dataApiVersion }),
    ...(signs && appSecret !== undefined ? { signFlowToken: (t: string) => signFlowTokenSignature(t, appSecret, { now: io.now() }) } : {}),
    log: (line) => {
      const exchangeLine = line.startsWith('request') || line.startsWith('response') || line.startsWith('endpoint');
      if (line.startsWith('open') || (exchangeLine && options.raw === true)) io.stdout.write(`  · ${line}\n`);
    },
    ...(options.raw === true ? {} : { onExchange: (exchange: EndpointExchange) => io.stdout.write(`  · ${summariseExchange(exchange)}\n`) }),
    clock: () => performance.now(),
  });
  io.stdout.write('Simulating the Flow as the customer.\n');
  const started = await sim.start({
    flowToken: options.flowToken ?? 'flowline-simulator',
    flowAction: options.screen === undefined && endpoint !== undefined ? 'data_exchange' : 'navigate',
    ...(options.screen === undefined ? {} : { screen: options.screen }),
    ...(options.data === undefined ? {} : { data: options.data }),
  });
  if (!started.ok) {
    io.stderr.write(`flowline simulate: the Flow could not start: ${started.message}\n`);
    return EXIT_FAILED;
  }
  let outcome = drawOutcome(sim, io);
  if (outcome !== 'running') return outcome === 'completed' ? EXIT_OK : EXIT_FAILED;
  io.stdout.write(`${QUICK_HELP}\n`);
  // A terminal echoes what is typed (and the Enter); piped input is echoed here so the transcript reads the same.
  const echo = !('isTTY' in io.stdin && io.stdin.isTTY === true);
  const lines = createInterface({ input: io.stdin, terminal: false });
  io.stdout.write(PROMPT);
  for await (const line of lines) {
    if (echo) io.stdout.write(`${line}\n`);
    const command = parseCommand(line);
    if (command.kind === 'quit') break;
    const result = await execute(sim, command, io);
    if (!result.ok) io.stdout.write(`  ! ${result.message}\n`);
    if (result.ok && command.kind !== 'help' && command.kind !== 'show' && command.kind !== 'empty') {
      outcome = drawOutcome(sim, io);
      if (outcome !== 'running') break;
    }
    io.stdout.write(PROMPT);
  }
  lines.close();
  if (outcome === 'running') io.stdout.write('\nThe session ended before the Flow completed.\n');
  return outcome === 'completed' ? EXIT_OK : EXIT_FAILED;
}
