import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderScreen } from './render-screen.js';
import { loadCorpusFlows } from './test-support/corpus.js';
import { complete, flowOf, footer, navigate, screenOf } from './test-support/flow.js';
import { play, start } from './test-support/play.js';

const corpus = new Map(loadCorpusFlows().map((f) => [f.file, f.doc]));

describe('on-select-action / on-unselect-action', () => {
  const address = corpus.get('pywa__v6_0_update_data.json');

  it('runs data-source item update_data actions on select and unselect (Meta address example)', () => {
    assert.ok(address !== undefined);
    const { state } = start(address);
    assert.deepEqual(renderScreen(address, state)?.components.map((c) => c.visible), [true, false, false, true]);
    const usa = play(address, state, { type: 'select', name: 'select_country', id: '1' }).state;
    assert.equal(usa.screens['ADDRESS_SELECTION']?.data['state_visibility'], true);
    const ny = play(address, usa, { type: 'select', name: 'select_states', id: 'new_york' }).state;
    const pincode = renderScreen(address, ny)?.components.find((c) => c.name === 'pincode');
    assert.deepEqual(pincode?.options?.map((o) => o.id), ['10001', '10005']);
    assert.equal(pincode?.visible, true);
    const canada = play(address, ny, { type: 'fill', name: 'select_country', value: '2' }).state;
    const data = canada.screens['ADDRESS_SELECTION']?.data;
    assert.equal(data?.['pincode_visibility'], false, 'unselecting USA hid the pincodes');
    assert.equal(data?.['state_visibility'], true, 'selecting Canada showed the states again');
  });

  const chips = (withUnselect: boolean) => flowOf('7.1', [
    screenOf('S', [
      {
        type: 'ChipsSelector', name: 'c', label: 'Pick',
        'data-source': [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }],
        'on-select-action': { name: 'update_data', payload: { picked: '${form.c}' } },
        ...(withUnselect ? { 'on-unselect-action': { name: 'update_data', payload: { last: 'unselect' } } } : {}),
      },
      footer(complete()),
    ], { terminal: true, data: { picked: { type: 'array', items: { type: 'string' }, __example__: [] }, last: { type: 'string', __example__: '' } } }),
  ]);

  it('lets a ChipsSelector on-select-action handle unselection when there is no on-unselect-action', () => {
    const flow = chips(false);
    const selected = play(flow, start(flow).state, { type: 'select', name: 'c', id: 'a' }).state;
    assert.deepEqual(selected.screens['S']?.data['picked'], ['a']);
    const unselected = play(flow, selected, { type: 'unselect', name: 'c', id: 'a' }).state;
    assert.deepEqual(unselected.screens['S']?.data['picked'], []);
  });

  it('runs only on-unselect-action on unselection when a ChipsSelector has one', () => {
    const flow = chips(true);
    const s = play(flow, start(flow).state, { type: 'select', name: 'c', id: 'a' }, { type: 'unselect', name: 'c', id: 'a' }).state;
    assert.deepEqual(s.screens['S']?.data['picked'], ['a']);
    assert.equal(s.screens['S']?.data['last'], 'unselect');
  });
});

describe('links, OptIn links, navigation lists and open_url', () => {
  const flow = flowOf('7.2', [
    screenOf('A', [
      { type: 'EmbeddedLink', text: 'Terms', 'on-click-action': { name: 'open_url', url: 'https://example.com/terms' } },
      { type: 'OptIn', name: 'agree', label: 'I agree', 'on-click-action': navigate('B') },
      { type: 'EmbeddedLink', text: 'Go to B', 'on-click-action': navigate('B') },
      footer(navigate('B')),
    ]),
    screenOf('B', [{ type: 'TextBody', text: 'B' }, footer(complete())], { terminal: true }),
  ]);

  it('emits open_url for an EmbeddedLink and stays on the screen', () => {
    const out = play(flow, start(flow).state, { type: 'press', target: { link: 'Terms' } });
    assert.deepEqual(out.effects, [{ type: 'open_url', url: 'https://example.com/terms' }]);
    assert.deepEqual(out.state.stack, ['A']);
  });

  it('navigates from an EmbeddedLink and from an OptIn "Read more" link without checking inputs', () => {
    assert.deepEqual(play(flow, start(flow).state, { type: 'press', target: { link: 'Go to B' } }).state.stack, ['A', 'B']);
    assert.deepEqual(play(flow, start(flow).state, { type: 'press', target: { optIn: 'agree' } }).state.stack, ['A', 'B']);
  });

  it('runs a NavigationList item action by its id', () => {
    const list = flowOf('6.2', [
      screenOf('L', [{
        type: 'NavigationList', name: 'menu',
        'list-items': [
          { id: 'x', 'main-content': { title: 'X' }, 'on-click-action': navigate('X', { from: 'x' }) },
        ],
      }]),
      screenOf('X', [{ type: 'TextBody', text: '${data.from}' }, footer(complete())], { terminal: true, data: { from: { type: 'string', __example__: '' } } }),
    ]);
    const out = play(list, start(list).state, { type: 'press', target: { navigationItem: 'x' } });
    assert.deepEqual(out.state.stack, ['L', 'X']);
    assert.equal(renderScreen(list, out.state)?.components[0]?.props['text'], 'x');
  });
});

describe('the response summary after completion', () => {
  it('shows labels and values as shown, masks sensitive fields and hides passwords', () => {
    const flow = flowOf('7.2', [
      screenOf('S', [
        { type: 'TextInput', name: 'name', label: 'Name' },
        { type: 'TextInput', name: 'ssn', label: 'SSN' },
        { type: 'TextInput', name: 'pw', label: 'Password', 'input-type': 'password' },
        { type: 'RadioButtonsGroup', name: 'size', label: 'Size', 'data-source': [{ id: 'm', title: 'Medium' }] },
        { type: 'OptIn', name: 'terms', label: 'Terms' },
        footer(complete()),
      ], { terminal: true, sensitive: ['ssn', 'terms'] }),
    ]);
    const done = play(flow, start(flow).state,
      { type: 'fill', name: 'name', value: 'Ana' },
      { type: 'fill', name: 'ssn', value: '123-45' },
      { type: 'fill', name: 'pw', value: 'secret' },
      { type: 'fill', name: 'size', value: 'm' },
      { type: 'fill', name: 'terms', value: true },
      { type: 'press', target: 'footer' });
    assert.deepEqual(done.state.status.kind === 'completed' ? done.state.status.summary.map((e) => [e.label, e.value]) : [], [
      ['Name', 'Ana'], ['SSN', '••••'], ['Size', 'Medium'], ['Terms', 'Yes'],
    ]);
  });
});

describe('forward references', () => {
  it('reads another screen\'s form values after Back, and empty before it was visited (Meta example)', () => {
    const doc = corpus.get('metadocs-flowjson__forward_references_if_switch.json');
    assert.ok(doc !== undefined);
    const { state } = start(doc);
    const texts = (s: typeof state) => renderScreen(doc, s)?.components.filter((c) => c.type === 'TextBody').map((c) => c.props['text']);
    assert.deepEqual(texts(state), ["You haven't selected any insurance type"]);
    const chosen = play(doc, state, { type: 'press', target: { link: 'Choose insurance type' } }, { type: 'select', name: 'insurance', id: 'full' }, { type: 'back' });
    assert.deepEqual(texts(chosen.state), ["You've selected a comprehensive insurance"]);
    const done = play(doc, chosen.state, { type: 'press', target: 'footer' });
    assert.deepEqual(done.effects[0]?.type === 'completed' ? done.effects[0].payload : undefined, { selected_insurance_type: 'full' });
  });
});

describe('the render model', () => {
  it('renders every component type the corpus uses (If, Switch and Form resolve into their children)', () => {
    const seen = new Set<string>();
    for (const doc of corpus.values()) {
      for (const screen of doc['screens'] as { id: string }[]) {
        const started = start(doc, { screen: screen.id });
        for (const c of renderScreen(doc, started.state)?.components ?? []) seen.add(c.type);
      }
    }
    for (const type of ['TextHeading', 'TextSubheading', 'TextBody', 'TextCaption', 'RichText', 'TextInput', 'TextArea',
      'CheckboxGroup', 'RadioButtonsGroup', 'Dropdown', 'ChipsSelector', 'DatePicker', 'CalendarPicker', 'OptIn',
      'EmbeddedLink', 'Footer', 'Image', 'ImageCarousel', 'NavigationList', 'PhotoPicker', 'DocumentPicker']) {
      assert.ok(seen.has(type), `${type} was never rendered`);
    }
    for (const container of ['If', 'Switch', 'Form']) assert.ok(!seen.has(container));
  });

  it('evaluates backtick expressions with string concatenation and math (division by zero gives 0)', () => {
    const flow = flowOf('6.0', [screenOf('S', [
      { type: 'TextInput', name: 'q', label: 'Qty', 'input-type': 'number' },
      { type: 'TextBody', text: "`'Total: ' (${data.price} * ${form.q})`" },
      { type: 'TextBody', text: '`${data.price} / ${form.q}`' },
      footer(complete()),
    ], { terminal: true, data: { price: { type: 'number', __example__: 5 } } })]);
    const zero = play(flow, start(flow).state, { type: 'fill', name: 'q', value: '0' }).state;
    assert.deepEqual(renderScreen(flow, zero)?.components.slice(1, 3).map((c) => c.props['text']), ['Total: 0', 0]);
    const three = play(flow, zero, { type: 'fill', name: 'q', value: '3' }).state;
    assert.equal(renderScreen(flow, three)?.components[1]?.props['text'], 'Total: 15');
  });
});
