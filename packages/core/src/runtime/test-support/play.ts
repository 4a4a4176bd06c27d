import assert from 'node:assert/strict';
import { generateValidAnswers } from '../generate-valid-answers.js';
import type { RuntimeEvent } from '../runtime-event.js';
import type { RuntimeState } from '../runtime-state.js';
import { startFlow, type StartOptions } from '../start-flow.js';
import { isStepError, type StepSuccess } from '../step-outcome.js';
import { step } from '../step.js';

/** Starts a Flow and fails the test on an error. */
export function start(flow: unknown, options: StartOptions = {}): StepSuccess {
  const outcome = startFlow(flow, options);
  if (isStepError(outcome)) assert.fail(`startFlow failed: ${outcome.error.message}`);
  return outcome;
}

/** Applies events in order, failing the test on the first error; returns the last outcome. */
export function play(flow: unknown, state: RuntimeState, ...events: RuntimeEvent[]): StepSuccess {
  let outcome: StepSuccess = { state, effects: [] };
  for (const event of events) {
    const next = step(flow, outcome.state, event);
    if (isStepError(next)) assert.fail(`${JSON.stringify(event)} failed: ${next.error.message}`);
    outcome = next;
  }
  return outcome;
}

/** Fills every input with generated valid answers and presses the Footer, screen after screen. */
export function walkToCompletion(flow: unknown, limit = 30): { state: RuntimeState; screens: string[] } {
  let { state } = start(flow);
  const screens: string[] = [];
  for (let i = 0; i < limit && state.status.kind === 'active'; i += 1) {
    screens.push(state.stack[state.stack.length - 1] ?? '');
    for (const [name, value] of Object.entries(generateValidAnswers(flow, state))) {
      const filled = step(flow, state, { type: 'fill', name, value });
      // Filling may hide later inputs (If/visible); those are skipped, the rest must succeed.
      if (isStepError(filled)) {
        assert.equal(filled.error.code, 'COMPONENT_HIDDEN', filled.error.message);
        continue;
      }
      state = filled.state;
    }
    state = play(flow, state, { type: 'press', target: 'footer' }).state;
    const top = state.stack[state.stack.length - 1] ?? '';
    const errors = state.screens[top]?.errors ?? {};
    assert.deepEqual(errors, {}, `screen ${top} rejected generated answers`);
  }
  return { state, screens };
}
