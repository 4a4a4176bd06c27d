import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FLOW_JSON_VERSIONS } from '../model/index.js';
import { complete, flow, footer, navigate, screen, terminal, type Json } from '../validator/test-support/flow-fixtures.js';
import { upgradeFlow } from './upgrade-flow.js';
import { UPGRADE_STEPS } from './upgrade-steps.js';

/** Runs one transition on a minimal document of its `from` version. */
function run(doc: Json, to: string) {
  const result = upgradeFlow(doc, { to });
  return { ...result, codes: result.changes.map((c) => c.code), issueCodes: result.issues.map((i) => `${i.kind}:${i.code}`) };
}

function at(doc: Record<string, unknown> | undefined, pointer: string): unknown {
  let value: unknown = doc;
  for (const token of pointer.split('/').slice(1)) value = (value as Record<string, unknown> | undefined)?.[token];
  return value;
}

const checkbox = (extra: Record<string, Json> = {}): Json => ({ type: 'CheckboxGroup', name: 'pick', 'data-source': [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }], ...extra });
const form = (children: Json[], extra: Record<string, Json> = {}): Json => ({ type: 'Form', name: 'f', ...extra, children });

describe('the upgrade steps', () => {
  it('cover every pair of consecutive registry versions, once and in order', () => {
    const versions = FLOW_JSON_VERSIONS.map((v) => v.version);
    assert.deepEqual(UPGRADE_STEPS.map((s) => [s.from, s.to]), versions.slice(1).map((v, i) => [versions[i], v]));
  });

  describe('2.1 → 3.0', () => {
    it('removes data_channel_uri and tells where the endpoint URL goes now', () => {
      const doc = flow([terminal('A')], { data_api_version: '3.0', routing_model: { A: [] }, data_channel_uri: 'https://example.com/flow' }, '2.1');
      const r = run(doc, '3.0');
      assert.ok(r.ok, JSON.stringify(r.issues));
      assert.equal(r.flow?.['data_channel_uri'], undefined);
      assert.deepEqual(r.codes, ['DATA_CHANNEL_URI_REMOVED', 'VERSION_SET']);
      assert.deepEqual(r.issueCodes, ['notice:UPGRADE_ENDPOINT_URI_MOVED']);
      assert.match(r.issues[0]?.message ?? '', /https:\/\/example\.com\/flow/);
    });

    it('adds data_api_version and a routing_model from navigate actions to a Flow that exchanges data without them', () => {
      const doc = flow([
        screen('A', [footer(navigate('B'))]),
        terminal('B', [{ type: 'EmbeddedLink', text: 'Refresh', 'on-click-action': { name: 'data_exchange', payload: {} } }]),
      ], {}, '2.1');
      const r = run(doc, '3.0');
      assert.equal(r.flow?.['data_api_version'], '3.0');
      assert.deepEqual(r.flow?.['routing_model'], { A: ['B'], B: [] });
      assert.deepEqual(r.issueCodes, ['notice:UPGRADE_ROUTING_MODEL_DERIVED']);
      assert.ok(r.validation?.valid, JSON.stringify(r.validation?.errors));
    });

    it('changes nothing but the version of a static Flow', () => {
      const r = run(flow([terminal('A')], {}, '2.1'), '3.0');
      assert.deepEqual(r.codes, ['VERSION_SET']);
      assert.deepEqual(r.issues, []);
      assert.equal(r.flow?.['version'], '3.0');
    });
  });

  describe('3.1 → 4.0', () => {
    it('reports each CheckboxGroup or RadioButtonsGroup without the label 4.0 requires', () => {
      const doc = flow([terminal('A', [form([checkbox(), { type: 'RadioButtonsGroup', name: 'one', label: 'One', 'data-source': [{ id: 'a', title: 'A' }] }])])], {}, '3.1');
      const r = run(doc, '4.0');
      assert.equal(r.ok, false);
      const manual = r.issues.filter((i) => i.kind === 'manual');
      assert.deepEqual(manual.map((i) => [i.code, i.pointer]), [['UPGRADE_LABEL_REQUIRED', '/screens/0/layout/children/0/children/0']]);
    });

    it('passes a group that has its label', () => {
      const r = run(flow([terminal('A', [form([checkbox({ label: 'Pick' })])])], {}, '3.1'), '4.0');
      assert.ok(r.ok, JSON.stringify(r.issues));
    });
  });

  describe('4.0 → 5.0', () => {
    it('converts literal DatePicker timestamps to YYYY-MM-DD (UTC day) and notes the new answer format', () => {
      const picker = { type: 'DatePicker', name: 'day', label: 'Day', 'min-date': '1693569600000', 'max-date': '1767182400000', 'unavailable-dates': ['1694779200000'] };
      const r = run(flow([terminal('A', [form([picker])])], {}, '4.0'), '5.0');
      assert.ok(r.ok, JSON.stringify(r.issues));
      const p = '/screens/0/layout/children/0/children/0';
      assert.equal(at(r.flow, `${p}/min-date`), '2023-09-01');
      assert.equal(at(r.flow, `${p}/max-date`), '2025-12-31');
      assert.deepEqual(at(r.flow, `${p}/unavailable-dates`), ['2023-09-15']);
      assert.deepEqual(r.issueCodes, ['notice:UPGRADE_DATE_ANSWER_FORMAT']);
    });

    it('converts a Form init-values date and the __example__ of a bound date, and reports the bound date as manual', () => {
      const picker = { type: 'DatePicker', name: 'day', label: 'Day', 'min-date': '${data.first}' };
      const doc = flow([terminal('A', [form([picker], { 'init-values': { day: '1693569600000' } })], { data: { first: { type: 'string', __example__: '1693569600000' } } })], {}, '4.0');
      const r = run(doc, '5.0');
      assert.equal(at(r.flow, '/screens/0/layout/children/0/init-values/day'), '2023-09-01');
      assert.equal(at(r.flow, '/screens/0/data/first/__example__'), '2023-09-01');
      assert.equal(at(r.flow, '/screens/0/layout/children/0/children/0/min-date'), '${data.first}');
      assert.ok(r.issueCodes.includes('manual:UPGRADE_DATE_FROM_DATA'));
      assert.equal(r.ok, false);
    });
  });

  describe('5.1 → 6.0', () => {
    it('removes blank optional strings (properties, options, init-values) and reports blank required ones', () => {
      const input = { type: 'TextInput', name: 'who', label: 'Name', 'helper-text': ' \n' };
      const options = { type: 'Dropdown', name: 'pick', label: 'Pick', 'data-source': [{ id: 'a', title: 'A', description: '' }, { id: 'b', title: '\t' }] };
      const doc = flow([terminal('A', [form([input, options], { 'init-values': { who: '' } })])], {}, '5.1');
      const r = run(doc, '6.0');
      const p = '/screens/0/layout/children/0';
      assert.equal(at(r.flow, `${p}/children/0/helper-text`), undefined);
      assert.equal(at(r.flow, `${p}/children/1/data-source/0/description`), undefined);
      assert.deepEqual(at(r.flow, `${p}/init-values`), {});
      assert.equal(r.codes.filter((c) => c === 'BLANK_STRING_REMOVED').length, 3);
      assert.deepEqual(r.issues.filter((i) => i.kind === 'manual').map((i) => [i.code, i.pointer]), [['UPGRADE_BLANK_REQUIRED_STRING', `${p}/children/1/data-source/1/title`]]);
    });

    it('reports option images above the new 100 KB limit', () => {
      const big = 'A'.repeat(Math.ceil((150 * 1024 * 4) / 3));
      const doc = flow([terminal('A', [form([{ type: 'RadioButtonsGroup', name: 'r', label: 'R', 'data-source': [{ id: 'a', title: 'A', image: big }] }])])], {}, '5.1');
      const r = run(doc, '6.0');
      assert.deepEqual(r.issues.filter((i) => i.kind === 'manual').map((i) => i.code), ['UPGRADE_IMAGE_TOO_LARGE']);
    });

    it('notes that a component on-select-action now runs on render when the target stays below 7.0, not when it reaches 7.0', () => {
      const select = { type: 'Dropdown', name: 'd', label: 'D', 'data-source': [{ id: 'a', title: 'A' }], 'on-select-action': { name: 'data_exchange', payload: {} } };
      const doc = flow([terminal('A', [form([select])])], { data_api_version: '3.0', routing_model: { A: [] } }, '5.1');
      assert.ok(run(doc, '6.0').issueCodes.includes('notice:UPGRADE_SELECT_ACTION_ON_RENDER'));
      const to7 = run(doc, '7.0').issueCodes;
      assert.ok(!to7.includes('notice:UPGRADE_SELECT_ACTION_ON_RENDER') && !to7.includes('notice:UPGRADE_SELECT_ACTION_NOT_ON_RENDER'), to7.join());
    });
  });

  describe('6.3 → 7.0', () => {
    it('notes that a 6.x component on-select-action stops running on render', () => {
      const select = { type: 'Dropdown', name: 'd', label: 'D', 'data-source': [{ id: 'a', title: 'A' }], 'on-select-action': { name: 'data_exchange', payload: {} } };
      const r = run(flow([terminal('A', [select])], { data_api_version: '3.0', routing_model: { A: [] } }, '6.3'), '7.0');
      assert.deepEqual(r.issueCodes, ['notice:UPGRADE_SELECT_ACTION_NOT_ON_RENDER']);
      assert.equal(r.issues[0]?.pointer, '/screens/0/layout/children/0/on-select-action');
    });

    it('writes unambiguous Form init-values in the type 7.0 checks and reports the others', () => {
      const doc = flow([terminal('A', [form([checkbox({ label: 'Pick' }), { type: 'OptIn', name: 'ok', label: 'OK' }, { type: 'TextInput', name: 't', label: 'T' }], {
        'init-values': { pick: 'a', ok: 'true', t: { x: 1 } },
        'error-messages': { t: 5 },
      })])], {}, '6.3');
      const r = run(doc, '7.0');
      assert.deepEqual(at(r.flow, '/screens/0/layout/children/0/init-values/pick'), ['a']);
      assert.equal(at(r.flow, '/screens/0/layout/children/0/init-values/ok'), true);
      assert.deepEqual(r.issues.filter((i) => i.kind === 'manual').map((i) => i.code), ['UPGRADE_INIT_VALUE_TYPE', 'UPGRADE_ERROR_MESSAGE_TYPE']);
    });
  });

  describe('7.1 → 7.2', () => {
    it('reports an action expression reading data the screen does not declare as invalid at the target, with Meta\'s code', () => {
      const set = { type: 'Dropdown', name: 'd', label: 'D', 'data-source': [{ id: 'a', title: 'A' }], 'on-select-action': { name: 'update_data', payload: { shown: '`${data.missing} == \'x\'`' } } };
      const doc = flow([terminal('A', [set], { data: { shown: { type: 'boolean', __example__: true } } })], {}, '7.1');
      assert.ok(upgradeFlow(doc, { to: '7.1' }).ok, 'valid at 7.1');
      const r = run(doc, '7.2');
      assert.equal(r.ok, false);
      const issue = r.issues.find((i) => i.code === 'UPGRADE_INVALID_AT_TARGET');
      assert.equal(issue?.validatorCode, 'INVALID_ACTION_PAYLOAD_PROPERTY');
      assert.equal(issue?.step, 'validation');
    });
  });

  describe('7.2 → 7.3', () => {
    it('adds navigate routes and screens missing from an endpoint Flow\'s routing_model', () => {
      const doc = flow([
        screen('A', [footer({ name: 'data_exchange', payload: {} })]),
        screen('B', [footer(navigate('C'))]),
        terminal('C'),
      ], { data_api_version: '3.0', routing_model: { A: ['B'] } }, '7.2');
      const r = run(doc, '7.3');
      assert.deepEqual(r.flow?.['routing_model'], { A: ['B'], B: ['C'] });
      assert.deepEqual(r.codes, ['ROUTING_MODEL_EDGE_ADDED', 'VERSION_SET']);
      assert.deepEqual(r.issueCodes, ['notice:UPGRADE_DATA_API_VERSION_KEPT']);
      assert.ok(r.ok, JSON.stringify(r.issues));
    });

    it('leaves a static Flow untouched but for its version', () => {
      const r = run(flow([screen('A', [footer(navigate('B'))]), terminal('B', [], { })], {}, '7.2'), '7.3');
      assert.deepEqual(r.codes, ['VERSION_SET']);
      assert.deepEqual(r.issues, []);
      assert.equal(r.flow?.['routing_model'], undefined);
      assert.deepEqual(complete(), { name: 'complete', payload: {} });
    });
  });
});
