import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp, isGlob } from './glob-to-regexp.js';

describe('globToRegExp', () => {
  it('matches * within one folder name only', () => {
    const re = globToRegExp('examples/*.scenario.json');
    assert.ok(re.test('examples/a.scenario.json'));
    assert.ok(!re.test('examples/x/a.scenario.json'));
    assert.ok(!re.test('examples/a.scenarioXjson'));
  });

  it('matches ** across any number of folders, including none', () => {
    const re = globToRegExp('tests/**/*.scenario.json');
    assert.ok(re.test('tests/a.scenario.json'));
    assert.ok(re.test('tests/x/y/a.scenario.json'));
    assert.ok(!re.test('other/a.scenario.json'));
  });

  it('supports ? and character classes', () => {
    assert.ok(globToRegExp('s?.json').test('s1.json'));
    assert.ok(globToRegExp('s[12].json').test('s2.json'));
    assert.ok(!globToRegExp('s[!12].json').test('s2.json'));
  });

  it('recognises globs', () => {
    assert.ok(isGlob('a/*.json'));
    assert.ok(!isGlob('a/b.json'));
  });
});
