import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { buildLocalizedFlow, extractTexts, parseScenario } from '@flowline/core';
import { parseScenarioText } from './parse-scenario-text.js';
import { runScenarioFile } from './run-scenario-file.js';

const repoRoot = process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd();
const files = [
  join(repoRoot, 'examples', 'registration.scenario.json'),
  ...['branching-above-10.scenario.json', 'branching-changed-mind.scenario.yaml', 'branching-not-above-10.scenario.json', 'conditions.scenario.json', 'dates.scenario.json', 'media.scenario.json', 'navigation.scenario.json', 'selection.scenario.json', 'text-inputs.scenario.json', 'update-data.scenario.json'].map((f) =>
    join(repoRoot, 'examples', 'scenarios', f),
  ),
];

/** Another language for the test: every text reversed (same length, so Meta's limits hold as in the source). */
function otherLanguage(scenarioPath: string) {
  const document = parseScenarioText(scenarioPath, readFileSync(scenarioPath, 'utf8'));
  assert.ok(document.ok);
  const parsed = parseScenario(document.value);
  assert.ok(parsed.ok && parsed.scenario.flow !== undefined);
  const source: unknown = JSON.parse(readFileSync(join(dirname(scenarioPath), parsed.scenario.flow), 'utf8'));
  const translations = extractTexts(source).map((t) => ({ key: t.key, text: `${[...t.text].reverse().join('')}`, sourceHash: t.hash }));
  return { source, built: buildLocalizedFlow(source, translations) };
}

for (const file of files) {
  test(`the scenario ${file.slice(repoRoot.length + 1)}, written once, passes in another language of its Flow`, async () => {
    const { source, built } = otherLanguage(file);
    assert.notDeepEqual(built.flow, source);
    assert.deepEqual(built.untranslated, []);
    const result = await runScenarioFile(file, { flow: built.flow, texts: built.texts });
    assert.equal(result.passed, true, JSON.stringify(result.failure));
  });
}

test('a scenario that presses a link by its source text fails in another language without the text map', async () => {
  const file = join(repoRoot, 'examples', 'scenarios', 'navigation.scenario.json');
  const { built } = otherLanguage(file);
  const result = await runScenarioFile(file, { flow: built.flow });
  assert.equal(result.passed, false);
  assert.match(result.failure?.message ?? '', /Visit our website/);
});
