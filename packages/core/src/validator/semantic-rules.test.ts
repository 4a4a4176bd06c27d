import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateFlow } from './validate-flow.js';
import { complete, flow, footer, navigate, positionOf, screen, terminal, text, type Json } from './test-support/flow-fixtures.js';

interface Case {
  readonly name: string;
  readonly doc: Json;
  readonly code: string;
  readonly pointer: string;
  /** Text found at the reported position: `at` is searched, `skip` characters of it are skipped (value after a key). */
  readonly at: string;
  readonly skip?: number;
  readonly occurrence?: number;
  readonly message?: RegExp;
}

const endpoint = { data_api_version: '3.0' };
const form = (children: Json[], extra: { [key: string]: Json } = {}): Json => ({ type: 'Form', name: 'f', ...extra, children });
const input = (name: string, extra: { [key: string]: Json } = {}): Json => ({ type: 'TextInput', name, label: 'L', ...extra });

const cases: Case[] = [
  // Screens
  { name: 'rejects duplicate screen ids', doc: flow([screen('A', [footer(navigate('B'))]), terminal('B'), terminal('A')]), code: 'DUPLICATE_SCREEN_IDS', pointer: '/screens/2/id', at: '"id": "A"', occurrence: 1, skip: 6 },
  { name: 'rejects the reserved SUCCESS screen id', doc: flow([terminal('SUCCESS')]), code: 'SCREEN_ID_IS_RESERVED_KEYWORD', pointer: '/screens/0/id', at: '"id": "SUCCESS"', skip: 6 },
  { name: 'requires a terminal screen', doc: flow([screen('A', [footer(navigate('B'))]), screen('B', [])]), code: 'MISSING_TERMINAL_SCREEN', pointer: '/screens', at: '"screens": ', skip: 11 },
  { name: 'requires a Footer on terminal screens', doc: flow([screen('A', [{ type: 'TextBody', text: 'x' }], { terminal: true })]), code: 'MISSING_FOOTER_ON_TERMINAL_SCREEN', pointer: '/screens/0', at: '{\n      "id": "A"', message: /terminal screens: A/ },
  { name: 'requires a successful terminal screen', doc: flow([terminal('A', [], { success: false })]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/success', at: '"success": false', skip: 11, message: /success' set as true/ },
  { name: 'rejects refresh_on_back without an endpoint', doc: flow([terminal('A', [], { refresh_on_back: true })]), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/refresh_on_back', at: '"refresh_on_back": true', skip: 19 },
  // Endpoint
  { name: 'requires data_api_version for data_exchange', doc: flow([terminal('A', [footer({ name: 'data_exchange', payload: {} })])]), code: 'MISSING_REQUIRED_PROPERTY', pointer: '/screens/0/layout/children/0/on-click-action/name', at: '"name": "data_exchange"', skip: 8 },
  { name: 'requires routing_model with data_api_version', doc: flow([terminal('A')], endpoint), code: 'MISSING_REQUIRED_PROPERTY', pointer: '/data_api_version', at: '"data_api_version"' },
  { name: 'rejects an unsupported data_api_version', doc: flow([terminal('A')], { data_api_version: '9.9', routing_model: {} }), code: 'NO_SUPPORTED_DATA_API_VERSION', pointer: '/data_api_version', at: '"9.9"' },
  // Routing model
  { name: 'rejects screens missing from the routing model', doc: flow([screen('A', [footer({ name: 'data_exchange', payload: {} })]), terminal('B'), terminal('C')], { ...endpoint, routing_model: { A: ['B'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model', at: '"routing_model": ', skip: 17, message: /missing in the routing model: C/ },
  { name: 'rejects unknown screens in the routing model', doc: flow([terminal('A')], { ...endpoint, routing_model: { ABC: [] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model/ABC', at: '"ABC": ', skip: 7, message: /Invalid screens found in the routing model: ABC/ },
  { name: 'rejects unknown destinations in the routing model', doc: flow([terminal('A')], { ...endpoint, routing_model: { A: ['X'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model/A/0', at: '"X"', message: /Invalid screen found/ },
  { name: 'rejects screens not connected in the routing model', doc: flow([screen('A', [footer({ name: 'data_exchange', payload: {} })]), terminal('B'), screen('C', [footer({ name: 'data_exchange', payload: {} })]), terminal('D')], { ...endpoint, routing_model: { A: ['B'], C: ['D'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model', at: '"routing_model": ', skip: 17, message: /not connected with the rest of the screens : C, D/ },
  { name: 'rejects screens not connected to any screen by navigate', doc: flow([screen('A', [footer(navigate('B'))]), terminal('B'), terminal('C')]), code: 'INVALID_ROUTING_MODEL', pointer: '/screens/2', at: '{\n      "id": "C"', message: /not connected to any of the screens: C/ },
  { name: 'rejects groups of screens cut off from the first screen', doc: flow([terminal('A'), screen('B', [footer(navigate('C'))]), terminal('C')]), code: 'INVALID_ROUTING_MODEL', pointer: '/screens/1', at: '{\n      "id": "B"', message: /via navigate screen action: B, C/ },
  { name: 'requires an entry screen in the routing model', doc: flow([screen('A', [footer({ name: 'data_exchange', payload: {} })]), terminal('B')], { ...endpoint, routing_model: { A: ['B'], B: ['A'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model', at: '"routing_model": ', skip: 17, message: /No entry screen found in the routing model\. Expected/ },
  { name: 'requires an entry screen among navigate actions', doc: flow([screen('A', [footer(navigate('B'))]), terminal('B', [{ type: 'EmbeddedLink', text: 'Back', 'on-click-action': navigate('A') }])]), code: 'INVALID_ROUTING_MODEL', pointer: '/screens', at: '"screens": ', skip: 11, message: /Add a screen that is not used as the next screen/ },
  { name: 'rejects loops in the routing model', doc: flow([screen('S', [footer({ name: 'data_exchange', payload: {} })]), screen('A', []), screen('B', []), terminal('C')], { ...endpoint, routing_model: { S: ['A'], A: ['B'], B: ['C'], C: ['A'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model/A', at: '"A": ', skip: 5, message: /Loop detected in the routing model for screens: A, B, C/ },
  { name: 'rejects a backward route alongside its forward route', doc: flow([screen('S', [footer({ name: 'data_exchange', payload: {} })]), screen('A', []), terminal('B')], { ...endpoint, routing_model: { S: ['A'], A: ['B'], B: ['A'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model/B', at: '"B": ', skip: 5, message: /Backward route \[B->A\]/ },
  { name: 'rejects more than 10 branches', doc: flow(['S', ...'ABCDEFGHIJK'.split('')].map((id) => (id === 'S' ? screen('S', [footer({ name: 'data_exchange', payload: {} })]) : terminal(id))), { ...endpoint, routing_model: { S: 'ABCDEFGHIJK'.split('') } }), code: 'INVALID_ROUTING_MODEL', pointer: '/routing_model/S', at: '"S": ', skip: 5, message: /max limit of 10 for screen: S/ },
  { name: 'rejects a navigate edge missing from the routing model', doc: flow([screen('A', [footer(navigate('B'))]), terminal('B'), terminal('C')], { ...endpoint, routing_model: { A: ['C'], C: ['B'] } }), code: 'INVALID_ROUTING_MODEL', pointer: '/screens/0/layout/children/0/on-click-action/next/name', at: '"name": "B"', skip: 8, message: /Missing direct route from screen 'A' to screen 'B'/ },
  // Limits and Footers
  { name: 'rejects two Footers on a screen', doc: flow([screen('A', [footer(complete()), footer(complete())], { terminal: true })]), code: 'MAX_FOOTER_PER_SCREEN', pointer: '/screens/0/layout/children/1', at: '{\n            "type": "Footer"', occurrence: 1 },
  { name: 'rejects a Footer outside an If that has Footers', doc: flow([screen('A', [{ type: 'If', condition: '${form.x}', then: [footer(complete())], else: [footer(complete())] }, { type: 'OptIn', name: 'x', label: 'x' }, footer(complete())], { terminal: true })]), code: 'MORE_THAN_ONE_FOOTER', pointer: '/screens/0/layout/children/2', at: '{\n            "type": "Footer"' },
  { name: 'rejects three EmbeddedLinks on a screen', doc: flow([terminal('A', [1, 2, 3].map((i) => ({ type: 'EmbeddedLink', text: `L${i}`, 'on-click-action': { name: 'open_url', url: 'https://x.y' } })))]), code: 'MAX_EMBEDDED_LINK_PER_SCREEN', pointer: '/screens/0/layout/children/2', at: '{\n            "type": "EmbeddedLink"', occurrence: 2, message: /is 2 but found 3/ },
  { name: 'rejects four Images on a screen', doc: flow([terminal('A', [1, 2, 3, 4].map(() => ({ type: 'Image', src: 'AAAA' })))]), code: 'MAX_IMAGE_PER_SCREEN', pointer: '/screens/0/layout/children/3', at: '{\n            "type": "Image"', occurrence: 3 },
  { name: 'rejects six OptIns on a screen', doc: flow([terminal('A', [1, 2, 3, 4, 5, 6].map((i) => ({ type: 'OptIn', name: `o${i}`, label: 'x' })))]), code: 'MAX_OPT_IN_PER_SCREEN', pointer: '/screens/0/layout/children/5', at: '{\n            "type": "OptIn"', occurrence: 5 },
  { name: 'rejects two media pickers on a screen', doc: flow([terminal('A', [{ type: 'PhotoPicker', name: 'p', label: 'p' }, { type: 'DocumentPicker', name: 'd', label: 'd' }])], {}, '4.0'), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/1', at: '{\n            "type": "DocumentPicker"', message: /maximum of 1 component/ },
  { name: 'rejects a NavigationList combined with other components', doc: flow([screen('A', [{ type: 'NavigationList', name: 'n', 'list-items': [] }, { type: 'TextBody', text: 'x' }]), terminal('B')], {}, '6.2'), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/1', at: '{\n            "type": "TextBody"', message: /NavigationList cannot be combined/ },
  { name: 'rejects a Footer in a then branch without else', doc: flow([terminal('A', [{ type: 'If', condition: '${data.ti}', then: [footer(complete())] }], { data: { ti: { type: 'boolean', __example__: true } } })], {}, '4.0'), code: 'MISSING_FOOTER_IN_IF_ELSE_BRANCHES', pointer: '/screens/0/layout/children/0', at: '{\n            "type": "If"', message: /Branch 'else' should exist/ },
  { name: 'rejects a Footer in only one If branch', doc: flow([terminal('A', [{ type: 'If', condition: '${data.ti}', then: [{ type: 'TextBody', text: 'x' }], else: [footer(complete())] }], { data: { ti: { type: 'boolean', __example__: true } } })], {}, '4.0'), code: 'MISSING_FOOTER_IN_IF_ELSE_BRANCHES', pointer: '/screens/0/layout/children/0/then', at: '"then": ', skip: 8, message: /all branches/ },
  { name: 'rejects a Footer in only some Switch cases', doc: flow([terminal('A', [{ type: 'Switch', value: '${data.v}', cases: { a: [footer(complete())], b: [{ type: 'TextBody', text: 'x' }] } }], { data: { v: { type: 'string', __example__: 'a' } } })], {}, '4.0'), code: 'MISSING_FOOTER_IN_SWITCH_BRANCHES', pointer: '/screens/0/layout/children/0/cases/b', at: '"b": ', skip: 5 },
  // Forms
  { name: 'rejects duplicate input names across If branches', doc: flow([terminal('A', [{ type: 'If', condition: '${data.c}', then: [input('n')], else: [input('n')] }], { data: { c: { type: 'boolean', __example__: true } } })], {}, '4.0'), code: 'DUPLICATE_FORM_COMPONENT_NAMES', pointer: '/screens/0/layout/children/0/else/0/name', at: '"name": "n"', occurrence: 1, skip: 8 },
  { name: 'rejects inputs outside the Form from 4.0', doc: flow([terminal('A', [input('outside'), form([input('inside')])])], {}, '4.0'), code: 'COMPONENTS_OUTSIDE_FORM', pointer: '/screens/0/layout/children/0', at: '{\n            "type": "TextInput"', message: /Component 'TextInput' is not allowed outside Form/ },
  { name: 'rejects media pickers in Form init-values', doc: flow([terminal('A', [form([{ type: 'PhotoPicker', name: 'photo', label: 'p' }], { 'init-values': { photo: 'abc' } })])], {}, '4.0'), code: 'NATIVE_COMPONENT_IN_FORM_INIT_VALUES', pointer: '/screens/0/layout/children/0/init-values/photo', at: '"photo": "abc"' },
  // Data models
  { name: 'requires __example__ on data fields', doc: flow([terminal('A', [], { data: { x: { type: 'string' } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x', at: '"x": ', skip: 5, message: /__example__/ },
  { name: 'rejects __example__ below the top level', doc: flow([terminal('A', [], { data: { x: { type: 'object', properties: { n: { type: 'number', __example__: 1 } }, __example__: { n: 1 } } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x/properties/n/__example__', at: '"__example__": 1' },
  { name: 'rejects an __example__ of the wrong type', doc: flow([terminal('A', [], { data: { x: { type: 'number', __example__: '123' } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x/__example__', at: '"123"', message: /of type number, but found string/ },
  { name: 'requires type on data fields', doc: flow([terminal('A', [], { data: { x: { __example__: 1 } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x', at: '"x": ', skip: 5, message: /property 'type'/ },
  { name: 'requires type to be a string', doc: flow([terminal('A', [], { data: { x: { type: 123, __example__: 1 } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x/type', at: '123' },
  { name: 'requires items on arrays', doc: flow([terminal('A', [], { data: { x: { type: 'array', __example__: [] } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x', at: '"x": ', skip: 5, message: /'items' in array/ },
  { name: 'requires items to be boolean or object', doc: flow([terminal('A', [], { data: { x: { type: 'array', items: 'string', __example__: [] } } })]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/data/x/items', at: '"string"' },
  // References
  { name: 'rejects undeclared ${data} bindings', doc: flow([terminal('A', [{ type: 'TextHeading', text: '${data.title}' }])]), code: 'INVALID_SCREEN_DYNAMIC_DATA', pointer: '/screens/0/layout/children/0/text', at: '"${data.title}"', message: /Missing dynamic data/ },
  { name: 'rejects a binding whose declared type the property does not accept', doc: flow([terminal('A', [{ type: 'TextHeading', text: '${data.flag}' }], { data: { flag: { type: 'boolean', __example__: true } } })]), code: 'INVALID_SCREEN_DYNAMIC_DATA', pointer: '/screens/0/layout/children/0/text', at: '"${data.flag}"', message: /to be of type 'string'/ },
  { name: 'requires id and title in a dynamic data-source', doc: flow([terminal('A', [{ type: 'Dropdown', name: 'd', label: 'd', 'data-source': '${data.opts}' }], { data: { opts: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' } } }, __example__: [] } } })]), code: 'INVALID_SCREEN_DYNAMIC_DATA', pointer: '/screens/0/layout/children/0/data-source', at: '"${data.opts}"', message: /Missing schema for title/ },
  { name: 'rejects paths into array items', doc: flow([screen('R', [footer(navigate('M'))], { data: { p: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' } } }, __example__: [] } } }), terminal('M', [{ type: 'TextBody', text: '${screen.R.data.p.items.properties.title}' }])], {}, '4.0'), code: 'INVALID_SCREEN_DYNAMIC_DATA', pointer: '/screens/1/layout/children/0/text', at: '"${screen.R.data.p.items', message: /'items' is defined in an array schema/ },
  { name: 'rejects global references to unknown screens', doc: flow([terminal('A', [{ type: 'TextBody', text: '${screen.ROOT.form.x}' }])]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/layout/children/0/text', at: '"${screen.ROOT.form.x}"', message: /on screen ROOT does not exist/ },
  { name: 'rejects global references to the current screen', doc: flow([terminal('A', [input('x'), { type: 'TextBody', text: '${screen.A.form.x}' }])]), code: 'INVALID_SCREEN_DATA', pointer: '/screens/0/layout/children/1/text', at: '"${screen.A.form.x}"', message: /represents current screen/ },
  { name: 'rejects ${form} payload bindings to missing inputs', doc: flow([terminal('A', [])].map(() => screen('A', [footer(complete({ v: '${form.nope}' }))], { terminal: true }))), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/on-click-action/payload/v', at: '"${form.nope}"', message: /Missing Form component \$\{form.nope\} for screen 'A'/ },
  { name: 'rejects ${data} payload bindings missing from the data model', doc: flow([screen('A', [footer(complete({ v: '${data.nope}' }))], { terminal: true })]), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/on-click-action/payload/v', at: '"${data.nope}"', message: /in the data model for screen A/ },
  { name: 'rejects the Form itself in a form binding', doc: flow([screen('A', [form([input('x'), footer(complete({ v: '${form.f}' }))])], { terminal: true })]), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/children/1/on-click-action/payload/v', at: '"${form.f}"', message: /Value of 'Form' component/ },
  // Expressions
  { name: 'reports If condition syntax errors at their column', doc: flow([terminal('A', [{ type: 'If', condition: '${data.a} && (', then: [{ type: 'TextBody', text: 'x' }] }], { data: { a: { type: 'boolean', __example__: true } } })], {}, '4.0'), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/condition', at: '"${data.a} && ("', skip: 14, message: /parenthesis/ },
  { name: 'rejects a condition whose only operand is a literal', doc: flow([terminal('A', [{ type: 'If', condition: 'true', then: [{ type: 'TextBody', text: 'x' }] }])], {}, '4.0'), code: 'INVALID_PROPERTY_VALUE', pointer: '/screens/0/layout/children/0/condition', at: '"condition": "true"', skip: 14, message: /only operand is a literal/ },
  // Actions
  { name: 'rejects complete on a non-terminal screen', doc: flow([screen('A', [footer(complete())]), terminal('B')].map((s, i) => (i === 0 ? screen('A', [footer(complete()), { type: 'EmbeddedLink', text: 'n', 'on-click-action': navigate('B') }]) : s))), code: 'INVALID_COMPLETE_ACTION', pointer: '/screens/0/layout/children/0/on-click-action/name', at: '"name": "complete"', skip: 8 },
  { name: 'rejects navigation to an unknown screen', doc: flow([screen('A', [footer(navigate('NOPE'))]), terminal('B')]), code: 'INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME', pointer: '/screens/0/layout/children/0/on-click-action/next/name', at: '"NOPE"', message: /Unknown screen ids found: \[NOPE\]/ },
  { name: 'rejects navigation to the same screen', doc: flow([screen('A', [footer(navigate('A'))], { terminal: true })]), code: 'INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME', pointer: '/screens/0/layout/children/0/on-click-action/next/name', at: '"name": "A"', occurrence: 0, skip: 8, message: /Same screen navigation/ },
  { name: 'rejects a navigate payload to a screen without data model', doc: flow([screen('A', [footer(navigate('B', { n: 'x' }))]), terminal('B')]), code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/on-click-action/payload', at: '"payload": {\n', skip: 11, message: /No data model is defined in the next screen 'B'/ },
  { name: 'rejects navigate payload fields missing from the target model', doc: flow([screen('A', [footer(navigate('B', { n: 'x' }))]), terminal('B', [], { data: {} })]), code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/on-click-action/payload', at: '"payload": {\n', skip: 11, message: /missing in the next screen's data model: \[n\]/ },
  { name: 'rejects target model fields missing from the navigate payload', doc: flow([screen('A', [footer(navigate('B', {}))]), terminal('B', [{ type: 'TextBody', text: '${data.n}' }], { data: { n: { type: 'string', __example__: 'x' } } })]), code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/on-click-action/payload', at: '"payload": {}', skip: 11, message: /missing in payload: \[n\]/ },
  { name: 'rejects navigate payload values of the wrong type', doc: flow([screen('A', [footer(navigate('B', { n: 123 }))]), terminal('B', [{ type: 'TextBody', text: '${data.n}' }], { data: { n: { type: 'string', __example__: 'x' } } })]), code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/0/on-click-action/payload/n', at: '123', message: /expecting 'string' but got 'number'/ },
  { name: 'rejects media picker values in navigate payloads', doc: flow([screen('A', [{ type: 'PhotoPicker', name: 'p', label: 'p' }, footer(navigate('B', { ph: '${form.p}' }))]), terminal('B', [], { data: { ph: { type: 'string', __example__: 'x' } } })], {}, '4.0'), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/1/on-click-action/payload/ph', at: '"${form.p}"', message: /not allowed in the payload of navigate action/ },
  { name: 'requires media picker values to be top-level strings', doc: flow([screen('A', [{ type: 'PhotoPicker', name: 'p', label: 'p', 'max-uploaded-photos': 1 }, footer(complete({ o: { deep: ['${form.p}'] } }))], { terminal: true })], {}, '4.0'), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/1/on-click-action/payload/o/deep/0', at: '"${form.p}"', message: /top-level string/ },
  { name: 'rejects a complete payload with a picker allowing several files', doc: flow([screen('A', [{ type: 'PhotoPicker', name: 'p', label: 'p' }, footer(complete({ ph: '${form.p}' }))], { terminal: true })], {}, '4.0'), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/1/on-click-action/payload/ph', at: '"${form.p}"', message: /max-uploaded-photos' doesn't exceed 1/ },
  { name: 'rejects a complete payload with two pickers', doc: flow([screen('A', [form([{ type: 'PhotoPicker', name: 'p', label: 'p', 'max-uploaded-photos': 1 }]), { type: 'If', condition: '${data.c}', then: [{ type: 'TextBody', text: 'x' }] }, footer(complete({ a: '${form.p}', b: '${form.p}' }))], { terminal: true, data: { c: { type: 'boolean', __example__: true } } })].map(() => screen('A', [{ type: 'PhotoPicker', name: 'p', label: 'p', 'max-uploaded-photos': 1 }, { type: 'DocumentPicker', name: 'd', label: 'd', 'max-uploaded-documents': 1 }, footer(complete({ a: '${form.p}', b: '${form.d}' }))], { terminal: true })), {}, '4.0'), code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', pointer: '/screens/0/layout/children/2/on-click-action/payload/b', at: '"${form.d}"', message: /either a single PhotoPicker or a single DocumentPicker/ },
  { name: 'rejects update_data keys outside the screen data model', doc: flow([terminal('A', [{ type: 'Dropdown', name: 'd', label: 'd', 'data-source': [{ id: '1', title: 'a' }], 'on-select-action': { name: 'update_data', payload: { nope: true } } }], { data: {} })], {}, '6.0'), code: 'INVALID_ACTION_PAYLOAD_PROPERTY', pointer: '/screens/0/layout/children/0/on-select-action/payload/nope', at: '"nope"' },
  { name: 'rejects unknown data in action expressions from 7.2', doc: flow([terminal('A', [{ type: 'Dropdown', name: 'd', label: 'd', 'data-source': [{ id: '1', title: 'a' }], 'on-unselect-action': { name: 'update_data', payload: { v: '`${data.missing}`' } } }], { data: { v: { type: 'string', __example__: '' } } })], {}, '7.2'), code: 'INVALID_ACTION_PAYLOAD_PROPERTY', pointer: '/screens/0/layout/children/0/on-unselect-action/payload/v', at: '"`${data.missing}`"', message: /does not exist in the screen data model/ },
];

describe('semantic rules', () => {
  for (const c of cases) {
    it(c.name, () => {
      const source = text(c.doc);
      const result = validateFlow(source);
      const match = result.errors.find((p) => p.code === c.code && p.pointer === c.pointer && (c.message === undefined || c.message.test(p.message)));
      assert.ok(match, `expected ${c.code} at ${c.pointer}; got:\n${result.errors.map((p) => `  ${p.code} ${p.pointer} ${p.message}`).join('\n')}`);
      const at = positionOf(source, c.at, c.occurrence ?? 0);
      const expected = { line: at.line, column: at.column + (c.skip ?? 0) };
      assert.deepEqual({ line: match.line, column: match.column }, expected, `position of ${c.code}`);
      assert.equal(result.valid, false);
    });
  }

  it('accepts a single-screen endpoint Flow with an empty routing_model', () => {
    const result = validateFlow(text(flow([terminal('A')], { data_api_version: '3.0', routing_model: {} })));
    assert.deepEqual(result.errors, []);
  });

  it('accepts a minimal two-screen Flow without errors', () => {
    const doc = flow([
      screen('A', [input('name', { required: true }), footer(navigate('B', { name: '${form.name}' }))]),
      terminal('B', [{ type: 'TextBody', text: '${data.name}' }], { data: { name: { type: 'string', __example__: 'Ana' } } }),
    ]);
    assert.deepEqual(validateFlow(text(doc)).errors, []);
  });
});
