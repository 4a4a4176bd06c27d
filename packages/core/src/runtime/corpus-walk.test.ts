import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderScreen } from './render-screen.js';
import { startFlow } from './start-flow.js';
import { isStepError } from './step-outcome.js';
import { loadCorpusFlows } from './test-support/corpus.js';
import { walkToCompletion } from './test-support/play.js';

const flows = loadCorpusFlows();

describe('every static corpus Flow', () => {
  const statics = flows.filter((f) => f.isStatic);
  it('has enough static Flows to be meaningful', () => assert.ok(statics.length >= 30, String(statics.length)));
  for (const { file, doc } of statics) {
    it(`walks ${file} from its first screen to completion with generated answers`, () => {
      const { state, screens } = walkToCompletion(doc);
      assert.equal(state.status.kind, 'completed', `stopped on ${screens.join(' → ')}`);
      if (state.status.kind === 'completed') assert.equal(state.status.via, 'complete');
    });
  }
});

describe('every corpus Flow', () => {
  for (const { file, doc } of flows) {
    it(`renders every screen of ${file}`, () => {
      const screens = (doc['screens'] as { id: string }[]).map((s) => s.id);
      for (const screen of screens) {
        const started = startFlow(doc, { screen });
        assert.ok(!isStepError(started));
        const rendered = renderScreen(doc, started.state);
        assert.ok(rendered !== undefined, screen);
        assert.equal(rendered.id, screen);
        assert.ok(rendered.components.length > 0, `${screen} renders no component`);
      }
    });
  }
});
