import { renderScreen, type RuntimeState } from '../runtime/index.js';
import { findSubsetMismatch } from './find-subset-mismatch.js';
import type { Expectation } from './scenario.js';
import { findVisibleLabels } from './find-visible-labels.js';

const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

function describeStatus(state: RuntimeState): string {
  switch (state.status.kind) {
    case 'active':
      return `screen ${state.stack[state.stack.length - 1] ?? '(none)'}`;
    case 'waiting':
      return `waiting for the endpoint (${state.status.request.action})`;
    case 'completed':
      return `completed with ${JSON.stringify(state.status.payload)}`;
    case 'closed':
      return `closed with an error (${state.status.error.code}: ${state.status.error.message})`;
  }
}

function subset(what: string, expected: unknown, actual: unknown): string | undefined {
  const mismatch = findSubsetMismatch(expected, actual);
  if (mismatch === undefined) return undefined;
  const at = mismatch.path === '' ? what : `${what}.${mismatch.path}`;
  return `expected ${at} to be ${show(mismatch.expected)}, got ${show(mismatch.actual)}`;
}

/**
 * Checks an `expect` step against the simulated phone and returns every failed part
 * (an empty list when the expectation holds).
 */
export function checkExpectation(
  flow: unknown,
  state: RuntimeState,
  expect: Expectation,
  endpointStatus?: number | 'timeout',
  opened: readonly string[] = [],
): string[] {
  const failures: string[] = [];
  const screenId = state.stack[state.stack.length - 1];
  const screen = screenId === undefined ? undefined : state.screens[screenId];
  const onScreen = state.status.kind === 'active' || state.status.kind === 'waiting';
  if (expect.screen !== undefined && (!onScreen || screenId !== expect.screen)) {
    failures.push(`expected screen ${expect.screen}, but the Flow is ${describeStatus(state)}`);
  }
  if (expect.data !== undefined) {
    const f = subset('data', expect.data, screen?.data);
    if (f !== undefined) failures.push(f);
  }
  if (expect.form !== undefined) {
    const f = subset('form', expect.form, screen?.form);
    if (f !== undefined) failures.push(f);
  }
  const rendered = onScreen ? renderScreen(flow, state) : undefined;
  if (expect.errors !== undefined) {
    // The rendered screen also shows errors the endpoint sent through a bound error-message.
    const shown = new Map<string, string>();
    for (const c of rendered?.components ?? []) if (c.name !== undefined && c.error !== undefined) shown.set(c.name, c.error);
    for (const [name, wanted] of Object.entries(expect.errors)) {
      const actual = shown.get(name) ?? screen?.errors[name];
      if (actual === undefined) failures.push(`expected an error on ${name}, but it has none`);
      else if (wanted !== true && actual !== wanted) failures.push(`expected the error on ${name} to be ${show(wanted)}, got ${show(actual)}`);
    }
  }
  if (expect.visible !== undefined || expect.hidden !== undefined) {
    const visible = findVisibleLabels(rendered);
    for (const label of expect.visible ?? []) if (!visible.has(label)) failures.push(`expected ${show(label)} to be visible, but it is not`);
    for (const label of expect.hidden ?? []) if (visible.has(label)) failures.push(`expected ${show(label)} to be hidden, but it is visible`);
  }
  if (expect.completed !== undefined) {
    if (state.status.kind !== 'completed') failures.push(`expected the Flow to complete, but it is ${describeStatus(state)}`);
    else {
      const f = subset('completed', expect.completed, state.status.payload);
      if (f !== undefined) failures.push(f);
    }
  }
  if (expect.error !== undefined) {
    if (state.status.kind !== 'closed') failures.push(`expected the Flow to close with an error, but it is ${describeStatus(state)}`);
    else {
      const { code, message } = state.status.error;
      const wanted = expect.error;
      const matches =
        wanted === true ||
        (typeof wanted === 'number' && endpointStatus === wanted) ||
        (typeof wanted === 'string' && (message.includes(wanted) || code === wanted));
      if (!matches) {
        const http = endpointStatus === undefined ? '' : ` after HTTP ${endpointStatus}`;
        failures.push(`expected the error to match ${show(wanted)}, got ${code}: ${message}${http}`);
      }
    }
  }
  if (expect.opened !== undefined) {
    const last = opened.at(-1);
    if (last !== expect.opened) failures.push(`expected ${show(expect.opened)} to have been opened, ${last === undefined ? 'but no URL was opened' : `but the last URL opened was ${show(last)}`}`);
  }
  if (expect.notice !== undefined) {
    const notice = rendered?.notice ?? screen?.notice;
    if (notice === undefined) failures.push('expected a notice on the screen, but it shows none');
    else if (expect.notice !== true && notice !== expect.notice) failures.push(`expected the notice ${show(expect.notice)}, got ${show(notice)}`);
  }
  return failures;
}
