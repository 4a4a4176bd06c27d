import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateValidAnswers } from './generate-valid-answers.js';
import { renderScreen } from './render-screen.js';
import type { RuntimeEvent } from './runtime-event.js';
import { startFlow } from './start-flow.js';
import { isStepError } from './step-outcome.js';
import { step } from './step.js';
import { loadCorpusFlows } from './test-support/corpus.js';

const flows = loadCorpusFlows().filter((f) => f.file !== 'metadocs-usecase__health_insurance_quote.json');

/** Names and ids found in a Flow, so random events often hit real components. */
function vocabulary(doc: unknown): string[] {
  const words = new Set<string>(['footer', 'x']);
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, item] of Object.entries(v)) {
        if ((k === 'name' || k === 'id' || k === 'text') && typeof item === 'string') words.add(item);
        visit(item);
      }
    }
  };
  visit(doc);
  return [...words];
}

function eventArb(words: string[]): fc.Arbitrary<RuntimeEvent | 'valid'> {
  const word = fc.constantFrom(...words);
  const value = fc.oneof(fc.string(), fc.constantFrom(...words), fc.boolean(), fc.integer(), fc.array(word, { maxLength: 3 }),
    fc.constant('2025-01-06'), fc.constant(null), fc.record({ 'start-date': fc.string(), 'end-date': fc.string() }));
  return fc.oneof(
    fc.constant<'valid'>('valid'),
    fc.record({ type: fc.constant('fill' as const), name: word, value }),
    fc.record({ type: fc.constantFrom('select' as const, 'unselect' as const), name: word, id: word }),
    fc.constant<RuntimeEvent>({ type: 'press', target: 'footer' }),
    word.map((w): RuntimeEvent => ({ type: 'press', target: { link: w } })),
    word.map((w): RuntimeEvent => ({ type: 'press', target: { navigationItem: w } })),
    fc.constant<RuntimeEvent>({ type: 'back' }),
    fc.record({ type: fc.constant('endpoint_response' as const), response: fc.oneof(fc.anything(), word.map((s) => ({ screen: s, data: {} }))) }),
    fc.record({ type: fc.constant('endpoint_error' as const), status: fc.constantFrom(421, 427, 432, 500, 'timeout' as const) }),
  );
}

describe('random event sequences over the corpus Flows', () => {
  for (const { file, doc } of flows) {
    it(`${file}: every step returns a state or a clear error, never throws`, () => {
      const words = vocabulary(doc);
      fc.assert(
        fc.property(fc.array(eventArb(words), { maxLength: 25 }), fc.boolean(), (events, exchangeStart) => {
          const started = startFlow(doc, exchangeStart ? { action: 'data_exchange' } : {});
          assert.ok(!isStepError(started));
          let state = started.state;
          for (const picked of events) {
            const batch: RuntimeEvent[] = picked === 'valid'
              ? Object.entries(generateValidAnswers(doc, state)).map(([name, v]) => ({ type: 'fill', name, value: v }))
              : [picked];
            for (const event of batch) {
              const outcome = step(doc, state, event);
              if (isStepError(outcome)) {
                assert.equal(typeof outcome.error.code, 'string');
                assert.ok(outcome.error.message.length > 0);
                assert.notEqual(outcome.error.code, 'UNEXPECTED_FAILURE', outcome.error.message);
                continue;
              }
              assert.deepEqual(JSON.parse(JSON.stringify(outcome.state)), outcome.state);
              state = outcome.state;
              renderScreen(doc, state);
            }
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});
