import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isYamlPath, parseScenarioText } from './parse-scenario-text.js';

describe('parseScenarioText', () => {
  it('reads the same scenario from JSON and from YAML', () => {
    const json = parseScenarioText('a.scenario.json', '{"flow":"f.json","steps":[{"press":"footer"},{"expect":{"screen":"B"}}]}');
    const yaml = parseScenarioText('a.scenario.yaml', 'flow: f.json # the Flow\nsteps:\n  - press: footer\n  - expect: { screen: B }\n');
    assert.ok(json.ok && yaml.ok);
    assert.deepEqual(yaml.value, json.value);
  });

  it('keeps YAML scalars as YAML types: quoted digits stay strings, bare ones are numbers', () => {
    const parsed = parseScenarioText('a.yml', 'fill: { quantity: "12", age: 12, ok: true }');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, { fill: { quantity: '12', age: 12, ok: true } });
  });

  it('names the line and column of YAML errors, and refuses duplicate keys', () => {
    const duplicate = parseScenarioText('a.scenario.yaml', 'flow: a.json\nsteps: []\nflow: b.json\n');
    assert.equal(duplicate.ok, false);
    if (!duplicate.ok) assert.match(duplicate.error, /^not valid YAML at line 3, column 1 \(DUPLICATE_KEY/);
    const broken = parseScenarioText('a.scenario.yml', 'steps:\n  - press: footer\n   - expect: {screen: B\n');
    assert.equal(broken.ok, false);
    if (!broken.ok) assert.match(broken.error, /^not valid YAML at line \d+, column \d+/);
  });

  it('reports invalid JSON for .json files and never reads them as YAML', () => {
    const parsed = parseScenarioText('a.scenario.json', 'flow: a.json');
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.match(parsed.error, /^not valid JSON/);
  });

  it('recognises YAML by extension only', () => {
    assert.deepEqual(['x.yaml', 'x.YML', 'x.scenario.yml', 'x.json', 'yaml.json'].map(isYamlPath), [true, true, true, false, false]);
  });
});
