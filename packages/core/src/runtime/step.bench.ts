// Runtime steps per second on a multi-screen corpus Flow, single core.
// Run: node --conditions=source --import tsx packages/core/src/runtime/step.bench.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateValidAnswers } from './generate-valid-answers.js';
import type { RuntimeEvent } from './runtime-event.js';
import type { RuntimeState } from './runtime-state.js';
import { startFlow } from './start-flow.js';
import { isStepError } from './step-outcome.js';
import { step } from './step.js';

const FILE = 'flow-studio__ejemplo-completo.json';
const corpus = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'flows');
const flow: unknown = JSON.parse(readFileSync(path.join(corpus, FILE), 'utf8'));

function begin(): RuntimeState {
  const started = startFlow(flow);
  if (isStepError(started)) throw new Error(started.error.message);
  return started.state;
}

/** Records one valid walk (fills, then Footer) from the first screen to completion. */
function recordWalk(): RuntimeEvent[] {
  const events: RuntimeEvent[] = [];
  let state = begin();
  while (state.status.kind === 'active') {
    const screenEvents: RuntimeEvent[] = Object.entries(generateValidAnswers(flow, state)).map(([name, value]) => ({ type: 'fill', name, value }));
    screenEvents.push({ type: 'press', target: 'footer' });
    for (const event of screenEvents) {
      const out = step(flow, state, event);
      if (isStepError(out)) throw new Error(out.error.message);
      state = out.state;
      events.push(event);
    }
  }
  return events;
}

const walk = recordWalk();

/** Runs `fn` for about `ms` milliseconds; returns operations per second. */
function measure(ms: number, fn: () => number): number {
  const startedAt = performance.now();
  let ops = 0;
  while (performance.now() - startedAt < ms) ops += fn();
  return ops / ((performance.now() - startedAt) / 1000);
}

function runWalk(): number {
  let state = begin();
  for (const event of walk) {
    const out = step(flow, state, event);
    if (isStepError(out)) throw new Error(out.error.message);
    state = out.state;
  }
  return walk.length;
}

// Baseline: what a host pays anyway to persist the state after each step (JSON round trip).
const snapshots: RuntimeState[] = [];
{
  let state = begin();
  for (const event of walk) {
    const out = step(flow, state, event);
    if (!isStepError(out)) state = out.state;
    snapshots.push(state);
  }
}
function runBaseline(): number {
  for (const s of snapshots) JSON.parse(JSON.stringify(s));
  return snapshots.length;
}

measure(300, runWalk);
measure(300, runBaseline);
const ours = measure(2000, runWalk);
const baseline = measure(2000, runBaseline);
const target = 50_000;

console.log(`## Runtime step throughput

Command: \`node --conditions=source --import tsx packages/core/src/runtime/step.bench.ts\`

A recorded walk of \`${FILE}\` (${walk.length} events: fills and Footer presses over 5 screens, to completion), replayed on one core.
Baseline: a JSON round trip of the resulting state per step (what a host pays to store it).

| measure | per second |
|---|---|
| runtime steps | ${Math.round(ours).toLocaleString('en-US')} |
| baseline: state JSON round trips | ${Math.round(baseline).toLocaleString('en-US')} |
| ratio steps / round trips | ${(ours / baseline).toFixed(2)} |

Target ≥ ${target.toLocaleString('en-US')} steps/s: ${ours >= target ? 'met' : 'not met'}.
`);
