import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePolicy } from '../policy/index.js';
import { validateFlow } from './validate-flow.js';
import { complete, flow, footer, navigate, screen, terminal, text, type Json } from './test-support/flow-fixtures.js';

const codes = (source: string, options = {}): string[] => validateFlow(source, options).warnings.map((w) => w.code);

describe('Flowline warnings', () => {
  it('warns about screens unreachable from the first screen', () => {
    const source = text(flow([terminal('A'), screen('B', [footer(navigate('C'))]), terminal('C'), screen('D', [footer(navigate('C'))])]));
    const result = validateFlow(source);
    const unreachable = result.warnings.filter((w) => w.code === 'FLOWLINE_UNREACHABLE_SCREEN').map((w) => w.pointer);
    assert.deepEqual(unreachable, ['/screens/1', '/screens/2', '/screens/3']);
  });

  it('warns about declared data that is never used', () => {
    const source = text(flow([terminal('A', [{ type: 'TextBody', text: '${data.used}' }], { data: { used: { type: 'string', __example__: 'x' }, unused: { type: 'string', __example__: 'y' } } })]));
    const found = validateFlow(source).warnings.filter((w) => w.code === 'FLOWLINE_UNUSED_DATA');
    assert.deepEqual(found.map((w) => w.pointer), ['/screens/0/data/unused']);
  });

  it('warns about inputs whose value never reaches a payload', () => {
    const doc = flow([
      screen('A', [{ type: 'TextInput', name: 'kept', label: 'k' }, { type: 'TextInput', name: 'lost', label: 'l' }, footer(navigate('B'))]),
      screen('B', [footer(complete({ k: '${screen.A.form.kept}' }))], { terminal: true }),
    ]);
    const found = validateFlow(text(doc)).warnings.filter((w) => w.code === 'FLOWLINE_INPUT_NEVER_SUBMITTED');
    assert.deepEqual(found.map((w) => w.pointer), ['/screens/0/layout/children/1/name']);
  });
});

describe('policy', () => {
  const big = flow([
    screen('A', [...[1, 2, 3].map((i): Json => ({ type: 'TextBody', text: `t${i}` })), footer(navigate('B'))]),
    screen('B', [{ type: 'TextInput', name: 'email', label: 'e', 'input-type': 'email' }, { type: 'TextInput', name: 'customer_iban', label: 'i' }, footer(complete({ e: '${form.email}', i: '${form.customer_iban}' }))], { terminal: true }),
  ]);

  it('parses a policy file and applies its limits as warnings', () => {
    const parsed = parsePolicy({ maxScreens: 1, maxComponentsPerScreen: 3, requireSensitive: { namePatterns: ['IBAN'] }, allowedVersions: ['7.3'] });
    assert.ok(parsed.ok);
    const found = codes(text(big), { policy: parsed.policy });
    assert.ok(found.includes('FLOWLINE_POLICY_MAX_SCREENS'));
    assert.ok(found.includes('FLOWLINE_POLICY_MAX_COMPONENTS'));
    assert.ok(found.includes('FLOWLINE_POLICY_VERSION'));
    const sensitive = validateFlow(text(big), { policy: parsed.policy }).warnings.filter((w) => w.code === 'FLOWLINE_POLICY_SENSITIVE');
    assert.deepEqual(sensitive.map((w) => w.pointer), ['/screens/1/layout/children/0/name', '/screens/1/layout/children/1/name']);
  });

  it('accepts inputs listed as sensitive', () => {
    const parsed = parsePolicy({ requireSensitive: true });
    assert.ok(parsed.ok);
    const doc = flow([terminal('A', [{ type: 'TextInput', name: 'email', label: 'e', 'input-type': 'email' }], { sensitive: ['email'] })]);
    assert.ok(!codes(text(doc), { policy: parsed.policy }).includes('FLOWLINE_POLICY_SENSITIVE'));
  });

  it('turns Flowline checks into errors or off through severity overrides', () => {
    const parsed = parsePolicy({ maxScreens: 1, severity: { FLOWLINE_POLICY_MAX_SCREENS: 'error', FLOWLINE_INPUT_NEVER_SUBMITTED: 'off' } });
    assert.ok(parsed.ok);
    const doc = flow([screen('A', [{ type: 'TextInput', name: 'x', label: 'x' }, footer(navigate('B'))]), terminal('B')]);
    const result = validateFlow(text(doc), { policy: parsed.policy });
    assert.equal(result.valid, false);
    assert.ok(result.errors.some((e) => e.code === 'FLOWLINE_POLICY_MAX_SCREENS' && e.severity === 'error'));
    assert.ok(!result.warnings.some((w) => w.code === 'FLOWLINE_INPUT_NEVER_SUBMITTED'));
  });

  it('reports every problem of a bad policy file', () => {
    const parsed = parsePolicy({ maxScreens: 0, extra: 1, allowedVersions: ['seven'], severity: { MAX_FOOTER_PER_SCREEN: 'off', FLOWLINE_X: 'loud' } });
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.problems.map((p) => p.pointer),
      ['/extra', '/maxScreens', '/allowedVersions/0', '/severity/MAX_FOOTER_PER_SCREEN', '/severity/FLOWLINE_X'],
    );
    assert.ok(parsed.problems.every((p) => p.code === 'FLOWLINE_INVALID_POLICY'));
  });

  it('rejects a policy that is not an object', () => {
    const parsed = parsePolicy([1, 2]);
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems.length, 1);
  });
});
