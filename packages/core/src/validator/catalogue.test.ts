// Coverage of Meta's error catalogue (../shared/corpus/metadocs-error-catalogue.json): one row per
// entry, in catalogue order. Each checkable row holds a minimal complete document reproducing the
// entry, the expected code, pointer, position (`^` marks the spot in the needle) and message; the
// other rows say why they cannot be checked offline. Rows list the other error codes the document is
// allowed to raise, so a check reported twice by two rules fails the row.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { validateFlow } from './validate-flow.js';
import { CORPUS_DIR } from './test-support/corpus.js';
import { complete, flow, footer, navigate, screen, terminal, text, type Json } from './test-support/flow-fixtures.js';

interface CheckableRow {
  readonly code: string;
  /** A document (serialised pretty), raw JSON text, or a file of the invalid corpus. */
  readonly doc: Json | { readonly raw: string } | { readonly corpus: string };
  readonly pointer: string;
  /** A needle locating the expected line/column; `^` marks the spot (default: the needle's start). */
  readonly at: string;
  readonly occurrence?: number;
  /** Meta's message with its placeholders filled in (a string must match exactly). */
  readonly message: string | RegExp;
  /** Other error codes the document may also raise ('any' for Meta's partial samples). */
  readonly others?: readonly string[] | 'any';
}

interface UncheckableRow {
  readonly code: string;
  readonly notStaticallyCheckable: string;
}

type Row = CheckableRow | UncheckableRow;

const catalogue: unknown = JSON.parse(readFileSync(join(CORPUS_DIR, 'metadocs-error-catalogue.json'), 'utf8'));

const A = (children: Json[] = [], extra: { [key: string]: Json } = {}): Json => terminal('A', children, extra);
const v = (version: string, screens: Json[], extra: { [key: string]: Json } = {}): Json => flow(screens, extra, version);
const endpoint = (screens: Json[], routing: Json, version = '7.2'): Json =>
  flow(screens, { data_api_version: '3.0', routing_model: routing }, version);
const exchange = (payload: Json = {}): Json => ({ name: 'data_exchange', payload });
const ifWith = (condition: string, data: { [key: string]: Json } = {}): Json =>
  v('4.0', [A([{ type: 'If', condition, then: [{ type: 'TextBody', text: 'x' }] }], Object.keys(data).length > 0 ? { data } : {})]);
const letters = (n: number): string => {
  let out = '';
  for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) out = String.fromCharCode(65 + (i % 26)) + out;
  return out;
};
const chain = (count: number): Json[] =>
  Array.from({ length: count }, (_, i) =>
    i === count - 1 ? terminal(`S_${letters(i)}`) : screen(`S_${letters(i)}`, [footer(navigate(`S_${letters(i + 1)}`))]),
  );
const photo = (extra: { [key: string]: Json } = {}): Json => ({ type: 'PhotoPicker', name: 'photo', label: 'Photo', ...extra });
const doc = (extra: { [key: string]: Json } = {}): Json => ({ type: 'DocumentPicker', name: 'doc', label: 'Doc', ...extra });
const options: Json = [{ id: '1', title: 'One' }];
const strField: Json = { type: 'string', __example__: 'x' };

const ROWS: readonly Row[] = [
  /* 0 */ { code: 'INVALID_PROPERTY_KEY', doc: flow([A()], { myNewProp: 'hello' }), pointer: '/myNewProp', at: '"myNewProp"', message: "Property 'myNewProp' cannot be specified at the Flow JSON root on (root)." },
  /* 1 */ { code: 'INVALID_PROPERTY_VALUE', doc: flow([{ id: 'A', title: 'T', terminal: true, layout: 'myNewLayout' }]), pointer: '/screens/0/layout', at: '"layout": ^"myNewLayout"', message: /^Invalid value found for property 'layout' at screens\[0\]\.layout\./, others: ['MISSING_FOOTER_ON_TERMINAL_SCREEN'] },
  /* 2 */ { code: 'INVALID_PROPERTY_VALUE', doc: flow([A([{ type: 'newComponent' }])]), pointer: '/screens/0/layout/children/0/type', at: '^"newComponent"', message: /^Invalid value found for property 'type' at screens\[0\]\.layout\.children\[0\]\.type/ },
  /* 3 */ { code: 'INVALID_PROPERTY_TYPE', doc: flow([A([{ type: 'TextArea', name: 't', label: 'Your input', enabled: 'yes' }])]), pointer: '/screens/0/layout/children/0/enabled', at: '^"yes"', message: "Expected property 'screens[0].layout.children[0].enabled' to be of type 'boolean', but found 'string'." },
  /* 4 */ { code: 'INVALID_PROPERTY_VALUE_FORMAT', doc: v('2.1', [A()], { data_channel_uri: 'placeholder_uri' }), pointer: '/data_channel_uri', at: '^"placeholder_uri"', message: "Property 'data_channel_uri' should be in 'uri' format." },
  /* 5 */ { code: 'MIN_ITEMS_REQUIRED', doc: flow([A([{ type: 'RadioButtonsGroup', name: 'r', label: 'Pick', 'data-source': [] }])]), pointer: '/screens/0/layout/children/0/data-source', at: '"data-source": ^[]', message: "Property 'data-source' should have at least '1' items." },
  /* 6 */ { code: 'MIN_CHARS_REQUIRED', doc: flow([terminal('')]), pointer: '/screens/0/id', at: '"id": ^""', message: "Property 'id' should have at least '1' characters." },
  /* 7 */ { code: 'MIN_CHARS_REQUIRED', doc: { corpus: 'metadocs-errorcodes__min_chars_required_2.json' }, pointer: '/screens', at: '"screens": ^[', message: "Property 'screens' should have at least '1' items.", others: 'any' },
  /* 8 */ { code: 'MISSING_REQUIRED_TYPE_PROPERTY', doc: flow([A([{ text: 'Description' }])]), pointer: '/screens/0/layout/children/0', at: '"children": [\n        ^{', message: "Required property 'type' is missing." },
  /* 9 */ { code: 'PATTERN_MISMATCH', doc: { corpus: 'metadocs-errorcodes__pattern_mismatch_1.json' }, pointer: '/screens/0/id', at: '"id": ^', message: "Property 'id' should only consist of alphabets and underscores.", others: 'any' },
  /* 10 */ { code: 'INVALID_ENUM_VALUE', doc: { corpus: 'metadocs-errorcodes__invalid_enum_value_1.json' }, pointer: '/screens/0/layout/children/0/on-click-action/name', at: '^"complete"', message: 'Value should be one of: [navigate, data_exchange, open_url].', others: ['MISSING_FLOW_JSON_VERSION', 'MISSING_TERMINAL_SCREEN', 'MISSING_REQUIRED_TYPE_PROPERTY'] },
  /* 11 */ { code: 'INVALID_DEPENDENCIES', doc: { corpus: 'metadocs-errorcodes__invalid_dependencies_1.json' }, pointer: '/screens/0/layout/children/0', at: '"children": [\n        ^{', message: 'Footer should have property right-caption when property left-caption is present.', others: 'any' },
  /* 12 */ { code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', doc: { corpus: 'metadocs-errorcodes__not_keyword_schema_validation_failed_1.json' }, pointer: '/screens/0/layout/children/0', at: '"children": [\n        ^{', message: "Properties 'center-caption' and ['left-caption'] must be present exclusively at Footer.", others: 'any' },
  /* 13 */ { code: 'NOT_KEYWORD_SCHEMA_VALIDATION_FAILED', doc: flow([screen('B', [footer(navigate('A'))], { terminal: false, success: true }), A()]), pointer: '/screens/0/success', at: '"success": ^true', message: "Property 'success' can only be specified on a terminal screen." },
  /* 14 */ { code: 'INVALID_PROPERTY_VALUE', doc: flow([A([], { success: false })]), pointer: '/screens/0/success', at: '"success": ^false', message: "At least one terminal screen must have property 'success' set as true." },
  /* 15 */ { code: 'INVALID_FLOW_JSON', doc: { raw: '{\n  "version": "7.2",\n  "routing_model": {},\n  "screens": [],,\n}\n' }, pointer: '', at: '[],^,', message: /^Flow JSON is not valid\./ },
  /* 16 */ { code: 'INVALID_FLOW_JSON', notStaticallyCheckable: "Meta's server has no schema for a version it otherwise accepts (an internal error on Meta's side); unknown or malformed versions are reported offline as INVALID_FLOW_JSON_VERSION (entry 19)." },
  /* 17 */ { code: 'INVALID_PROPERTY_KEY', doc: v('3.0', [A()], { data_channel_uri: 'https://example.com/endpoint' }), pointer: '/data_channel_uri', at: '"data_channel_uri"', message: /^Property 'data_channel_uri' is no longer supported in Flow JSON as of version '3\.0'\. Please configure your endpoint URI using Flows API or Builder\./ },
  /* 18 */ { code: 'KEYWORD_ONE_OF', doc: v('2.1', [A([{ type: 'TextInput', name: 'path2', label: 'Path' }, { type: 'Form', name: 'flow_path', children: [{ type: 'TextInput', name: 'path', label: 'Path' }] }])]), pointer: '/screens/0/layout/children/0', at: '"children": [\n        ^{', message: "Property 'path2' must be defined inside parent property 'Form'." },
  /* 19 */ { code: 'INVALID_FLOW_JSON_VERSION', doc: v('2024.0', [A()]), pointer: '/version', at: '^"2024.0"', message: /^Invalid Flow JSON version\./ },
  /* 20 */ { code: 'MISSING_FLOW_JSON_VERSION', doc: { screens: [A()] }, pointer: '', at: '^{', message: 'Flow JSON version is not specified.' },
  /* 21 */ { code: 'UNSUPPORTED_FLOW_JSON_VERSION', doc: { version: 100, screens: [A()] }, pointer: '/version', at: '^100', message: /^Unsupported Flow JSON version\./ },
  /* 22 */ { code: 'UNAVAILABLE_FLOW_JSON_VERSION', notStaticallyCheckable: 'Depends on which beta versions Meta enabled for the WABA that uploads the Flow; an offline validator cannot know it.' },
  /* 23 */ { code: 'NO_SUPPORTED_DATA_API_VERSION', doc: flow([A()], { data_api_version: 'C.D', routing_model: {} }), pointer: '/data_api_version', at: '^"C.D"', message: /^No supported Data API version found for given Flow JSON version\./ },
  /* 24 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([terminal('FIRST_SCREEN'), terminal('SECOND_SCREEN')], { ABC: [] }), pointer: '/routing_model', at: '"routing_model": ^{', message: 'Following screens are missing in the routing model: FIRST_SCREEN, SECOND_SCREEN.', others: ['INVALID_ROUTING_MODEL'] },
  /* 25 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([terminal('FIRST_SCREEN'), terminal('SECOND_SCREEN')], { ABC: [] }), pointer: '/routing_model/ABC', at: '"ABC": ^[]', message: 'Invalid screens found in the routing model: ABC.', others: ['INVALID_ROUTING_MODEL'] },
  /* 26 */ { code: 'INVALID_ROUTING_MODEL', doc: flow([terminal('FIRST_SCREEN'), terminal('SECOND_SCREEN')]), pointer: '/screens/1', at: '^{\n      "id": "SECOND_SCREEN"', message: 'Following screens are not connected to any of the screens: SECOND_SCREEN. A connection is formed by the navigate screen action.' },
  /* 27 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN'))]), terminal('SECOND_SCREEN'), terminal('THIRD_SCREEN')], { FIRST_SCREEN: ['SECOND_SCREEN'], THIRD_SCREEN: [] }), pointer: '/routing_model', at: '"routing_model": ^{', message: 'Following screens are not connected with the rest of the screens : THIRD_SCREEN. All screens should be connected.' },
  /* 28 */ { code: 'INVALID_ROUTING_MODEL', doc: flow([screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN'))]), terminal('SECOND_SCREEN'), screen('THIRD_SCREEN', [footer(navigate('FOURTH_SCREEN'))]), terminal('FOURTH_SCREEN')]), pointer: '/screens/2', at: '^{\n      "id": "THIRD_SCREEN"', message: 'Following screens are not connected with the rest of the screens via navigate screen action: THIRD_SCREEN, FOURTH_SCREEN. All screens should be connected.' },
  /* 29 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN'))]), A(), screen('SECOND_SCREEN', [footer(navigate('A'))])], { FIRST_SCREEN: ['SECOND_SCREEN'], SECOND_SCREEN: ['A'], A: ['FIRST_SCREEN'] }), pointer: '/routing_model', at: '"routing_model": ^{', message: 'No entry screen found in the routing model. Expected a screen with no inbound edges as the entry screen.', others: ['INVALID_ROUTING_MODEL'] },
  /* 30 */ { code: 'INVALID_ROUTING_MODEL', doc: flow([screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN'))]), screen('SECOND_SCREEN', [footer(navigate('FIRST_SCREEN'))], { terminal: true })]), pointer: '/screens', at: '"screens": ^[', message: 'No entry screen found in the routing model. Add a screen that is not used as the next screen in any of the navigate actions.', others: ['INVALID_ROUTING_MODEL'] },
  /* 31 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([screen('ENTRY', [footer(navigate('FIRST_SCREEN'))]), screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN'))]), screen('SECOND_SCREEN', [footer(navigate('THIRD_SCREEN'))]), screen('THIRD_SCREEN', [footer(navigate('FIRST_SCREEN'))], { terminal: true })], { ENTRY: ['FIRST_SCREEN'], FIRST_SCREEN: ['SECOND_SCREEN'], SECOND_SCREEN: ['THIRD_SCREEN'], THIRD_SCREEN: ['FIRST_SCREEN'] }), pointer: '/routing_model/FIRST_SCREEN', at: '"FIRST_SCREEN": ^[', message: /^Loop detected in the routing model for screens: .*FIRST_SCREEN/ },
  /* 32 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([terminal('FIRST_SCREEN')], { FIRST_SCREEN: ['SECOND_SCREEN'] }), pointer: '/routing_model/FIRST_SCREEN/0', at: '^"SECOND_SCREEN"', message: 'Invalid screen found in the routing model: SECOND_SCREEN.' },
  /* 33 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([screen('FIRST_SCREEN', [footer(exchange())]), ...Array.from({ length: 11 }, (_, i) => terminal(`S_${letters(i)}`))], { FIRST_SCREEN: Array.from({ length: 11 }, (_, i) => `S_${letters(i)}`) }), pointer: '/routing_model/FIRST_SCREEN', at: '"FIRST_SCREEN": ^[', message: 'Number of branches exceeds the max limit of 10 for screen: FIRST_SCREEN.' },
  /* 34 */ { code: 'INVALID_ROUTING_MODEL', doc: flow([screen('FIRST_SCREEN', [{ type: 'NavigationList', name: 'l', 'list-items': Array.from({ length: 11 }, (_, i) => ({ id: `i${i}`, 'main-content': { title: 'T' }, 'on-click-action': navigate(`S_${letters(i)}`) })) }]), ...Array.from({ length: 11 }, (_, i) => terminal(`S_${letters(i)}`))]), pointer: '/screens/0', at: '"screens": [\n    ^{', message: 'Number of branches exceeds the max limit of 10 for screen: FIRST_SCREEN. Reduce navigate actions for the screen.' },
  /* 35 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([screen('ENTRY', [footer(navigate('FIRST_SCREEN'))]), screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN'))]), terminal('SECOND_SCREEN')], { ENTRY: ['FIRST_SCREEN'], FIRST_SCREEN: ['SECOND_SCREEN'], SECOND_SCREEN: ['FIRST_SCREEN'] }), pointer: '/routing_model/SECOND_SCREEN', at: '"SECOND_SCREEN": ^[', message: 'Backward route [SECOND_SCREEN->FIRST_SCREEN] corresponding to forward route [FIRST_SCREEN->SECOND_SCREEN] is not allowed in the routing model. Only forward routes can be specified.' },
  /* 36 */ { code: 'INVALID_ROUTING_MODEL', doc: endpoint([screen('FIRST_SCREEN', [{ type: 'EmbeddedLink', text: 'More', 'on-click-action': navigate('SECOND_SCREEN') }, footer(exchange())]), terminal('SECOND_SCREEN')], { FIRST_SCREEN: [] }), pointer: '/screens/0/layout/children/0/on-click-action/next/name', at: '^"SECOND_SCREEN"', message: "Missing direct route from screen 'FIRST_SCREEN' to screen 'SECOND_SCREEN' in the routing model, while it exists in the navigate screen action of screen 'FIRST_SCREEN'.", others: ['INVALID_ROUTING_MODEL'] },
  /* 37 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('A', [{ type: 'Form', name: 'PASS_CUSTOM_VALUE', children: [footer(complete({ input: '${form.not_present}' }))] }], { terminal: true })]), pointer: '/screens/0/layout/children/0/children/0/on-click-action/payload/input', at: '^"${form.not_present}"', message: "Missing Form component ${form.not_present} for screen 'A'." },
  /* 38 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('A', [{ type: 'Form', name: 'PASS_CUSTOM_VALUE', children: [footer(complete({ input: '${data.not_present}' }))] }], { terminal: true })]), pointer: '/screens/0/layout/children/0/children/0/on-click-action/payload/input', at: '^"${data.not_present}"', message: "Missing dynamic data '${data.not_present}' in the data model for screen A." },
  /* 39 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('FIRST_SCREEN', [photo(), footer(complete({ photo: '${form.photo}' }))], { terminal: true })]), pointer: '/screens/0/layout/children/1/on-click-action/payload/photo', at: '^"${form.photo}"', message: "PhotoPicker can only be used in complete action payload if value of property 'max-uploaded-photos' doesn't exceed 1. Default value is 30." },
  /* 40 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('FIRST_SCREEN', [doc({ 'max-uploaded-documents': 2 }), footer(complete({ doc: '${form.doc}' }))], { terminal: true })]), pointer: '/screens/0/layout/children/1/on-click-action/payload/doc', at: '^"${form.doc}"', message: "DocumentPicker can only be used in complete action payload if value of property 'max-uploaded-documents' doesn't exceed 1. Default value is 30." },
  /* 41 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('FIRST_SCREEN', [photo(), footer(navigate('B', { photo: '${form.photo}' }))]), terminal('B', [], { data: { photo: strField } })]), pointer: '/screens/0/layout/children/1/on-click-action/payload/photo', at: '^"${form.photo}"', message: 'The value of PhotoPicker component is not allowed in the payload of navigate action.' },
  /* 42 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('FIRST_SCREEN', [doc(), footer(navigate('B', { doc: '${form.doc}' }))]), terminal('B', [], { data: { doc: strField } })]), pointer: '/screens/0/layout/children/1/on-click-action/payload/doc', at: '^"${form.doc}"', message: 'The value of DocumentPicker component is not allowed in the payload of navigate action.' },
  /* 43 */ { code: 'INVALID_COMPLETE_ACTION', doc: { corpus: 'metadocs-errorcodes__invalid_complete_action_1.json' }, pointer: '/screens/0/layout/children/0/on-click-action/name', at: '^"complete"', message: "On-click-action 'complete' can only be configured on a terminal screen.", others: 'any' },
  /* 44 */ { code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN', { name: 'some name' }))]), terminal('SECOND_SCREEN')]), pointer: '/screens/0/layout/children/0/on-click-action/payload', at: '"payload": ^{', message: "No data model is defined in the next screen 'SECOND_SCREEN'." },
  /* 45 */ { code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN', { name: 'some name' }))]), terminal('SECOND_SCREEN', [], { data: {} })]), pointer: '/screens/0/layout/children/0/on-click-action/payload', at: '"payload": ^{', message: "Following fields are missing in the next screen's data model: [name]." },
  /* 46 */ { code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN', {}))]), terminal('SECOND_SCREEN', [{ type: 'TextBody', text: '${data.name}' }], { data: { name: strField } })]), pointer: '/screens/0/layout/children/0/on-click-action/payload', at: '"payload": ^{}', message: "Following fields are expected in the next screen's data model but missing in payload: [name]." },
  /* 47 */ { code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN', { name: 123 }))]), terminal('SECOND_SCREEN', [{ type: 'TextBody', text: '${data.name}' }], { data: { name: strField } })]), pointer: '/screens/0/layout/children/0/on-click-action/payload/name', at: '"name": ^123', message: "Schema of payload data at 'name' on screen 'FIRST_SCREEN' is not matching with schema of data model field on screen 'SECOND_SCREEN'. Property is expecting 'string' but got 'number'." },
  /* 48 */ { code: 'INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME', doc: v('2.1', [terminal('FIRST_SCREEN', [{ type: 'EmbeddedLink', text: 'Again', 'on-click-action': navigate('FIRST_SCREEN') }])]), pointer: '/screens/0/layout/children/0/on-click-action/next/name', at: '"name": ^"FIRST_SCREEN"', occurrence: 0, message: 'Same screen navigation is not allowed. Loop detected at [FIRST_SCREEN].', others: ['INVALID_ROUTING_MODEL'] },
  /* 49 */ { code: 'INVALID_NAVIGATE_ACTION_NEXT_SCREEN_NAME', doc: v('2.1', [terminal('FIRST_SCREEN', [{ type: 'EmbeddedLink', text: 'Next', 'on-click-action': navigate('not_present') }])]), pointer: '/screens/0/layout/children/0/on-click-action/next/name', at: '^"not_present"', message: 'Unknown screen ids found: [not_present].' },
  /* 50 */ { code: 'INVALID_NAVIGATE_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [{ type: 'Form', name: 'f', children: [{ type: 'TextInput', name: 'input', label: 'In' }, footer(navigate('SECOND_SCREEN', { count: '${form.input}' }), 'Done')] }]), terminal('SECOND_SCREEN', [{ type: 'TextBody', text: '`${data.count} items`' }], { data: { count: { type: 'number', __example__: 1 } } })]), pointer: '/screens/0/layout/children/0/children/1/on-click-action/payload/count', at: '^"${form.input}"', message: "Schema of dynamic data '${form.input}' is not matching schema of data model field 'count' on screen 'SECOND_SCREEN'. Property is expecting 'number' but got 'string'.", others: ['INVALID_PROPERTY_VALUE'] },
  /* 51 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [{ type: 'Form', name: 'f', children: [footer(navigate('SECOND_SCREEN', { text: '${form.not_present}' }), 'Done')] }]), terminal('SECOND_SCREEN', [{ type: 'TextBody', text: '${data.text}' }], { data: { text: strField } })]), pointer: '/screens/0/layout/children/0/children/0/on-click-action/payload/text', at: '^"${form.not_present}"', message: "Missing Form component ${form.not_present} for screen 'FIRST_SCREEN'." },
  /* 52 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [footer(navigate('SECOND_SCREEN', { text: '${data.not_present}' }))]), terminal('SECOND_SCREEN', [{ type: 'TextBody', text: '${data.text}' }], { data: { text: strField } })]), pointer: '/screens/0/layout/children/0/on-click-action/payload/text', at: '^"${data.not_present}"', message: "Missing dynamic data '${data.not_present}' in the data model for screen FIRST_SCREEN." },
  /* 53 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', notStaticallyCheckable: "No message and no sample in Meta's catalogue; the condition it describes (a navigate payload field absent from the target screen's data model) is what entry 45 reports as INVALID_NAVIGATE_ACTION_PAYLOAD, and one condition gets one code." },
  /* 54 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: v('6.0', [screen('A', [footer(complete({ total: '`${form.missing} +`' }))], { terminal: true })]), pointer: '/screens/0/layout/children/0/on-click-action/payload/total', at: '"`${form.missing} ^+`"', message: /^Invalid value found for the property 'total'\./ },
  /* 55 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', notStaticallyCheckable: "No sample in Meta's catalogue; 'properties in navigate action payload differ from the data model' is the condition entries 45 and 46 report as INVALID_NAVIGATE_ACTION_PAYLOAD (the newer, more specific wording), and one condition gets one code." },
  /* 56 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: v('2.1', [screen('FIRST_SCREEN', [{ type: 'Form', name: 'form_name', children: [footer(navigate('SECOND_SCREEN', { text: '${form.form_name}' }), 'Done')] }]), terminal('SECOND_SCREEN', [{ type: 'TextBody', text: '${data.text}' }], { data: { text: strField } })]), pointer: '/screens/0/layout/children/0/children/0/on-click-action/payload/text', at: '^"${form.form_name}"', message: "Value of 'Form' component cannot be used in form binding." },
  /* 57 */ { code: 'INVALID_SCREEN_DYNAMIC_DATA', doc: { corpus: 'metadocs-errorcodes__invalid_screen_dynamic_data_1.json' }, pointer: '/screens/0/layout/children/0/text', at: '^"${data.screen_title}"', message: "Missing dynamic data '${data.screen_title}' in the screen data model.", others: 'any' },
  /* 58 */ { code: 'INVALID_SCREEN_DYNAMIC_DATA', doc: { corpus: 'metadocs-errorcodes__invalid_screen_dynamic_data_2.json' }, pointer: '/screens/0/layout/children/0/text', at: '^"${data.top.secondLevel.target}"', message: "Expected '${data.top.secondLevel.target}' to be of type 'string'.", others: 'any' },
  /* 59 */ { code: 'INVALID_SCREEN_DYNAMIC_DATA', doc: { corpus: 'metadocs-errorcodes__invalid_screen_dynamic_data_3.json' }, pointer: '/screens/0/layout/children/0/children/0/data-source', at: '^"${data.products}"', message: "Data model schema is invalid for '${data.products}'. Missing schema for title.", others: 'any' },
  /* 60 */ { code: 'INVALID_SCREEN_DATA', doc: v('2.1', [A([{ type: 'TextBody', text: '${data.initial_values.number}' }], { data: { initial_values: { type: 'object', properties: { number: { type: 'number' }, __example__: { number: 8553906697 } }, __example__: { number: 8553906697 } } } })]), pointer: '/screens/0/data/initial_values/properties/__example__', at: '"__example__"', message: "Property '__example__' is allowed only as a top level property of data model. Invalid entry: 'initial_values.properties.__example__'.", others: ['INVALID_SCREEN_DYNAMIC_DATA'] },
  /* 61 */ { code: 'INVALID_SCREEN_DATA', doc: v('2.1', [A([], { data: { name: {} } })]), pointer: '/screens/0/data/name', at: '"name": ^{}', message: "Missing the definition of property 'type'." },
  /* 62 */ { code: 'INVALID_SCREEN_DATA', doc: v('2.1', [A([], { data: { name: { type: 123 } } })]), pointer: '/screens/0/data/name/type', at: '"type": ^123', message: "Expected the property 'type' to be of type string." },
  /* 63 */ { code: 'INVALID_SCREEN_DATA', doc: v('2.1', [A([], { data: { name: { type: 'array', __example__: [] } } })]), pointer: '/screens/0/data/name', at: '"name": ^{', message: "Missing the schema for property 'items' in array." },
  /* 64 */ { code: 'INVALID_SCREEN_DATA', doc: v('2.1', [A([], { data: { name: { type: 'array', items: 'string', __example__: [] } } })]), pointer: '/screens/0/data/name/items', at: '"items": ^"string"', message: "Expected the property 'items' to be of type boolean or object." },
  /* 65 */ { code: 'INVALID_SCREEN_DATA', doc: v('2.1', [A([], { data: { name: { type: 'number', __example__: '123' } } })]), pointer: '/screens/0/data/name/__example__', at: '"__example__": ^"123"', message: "Invalid data model schema. Expected property '__example__' to be of type number, but found string." },
  /* 66 */ { code: 'INVALID_SCREEN_DATA', doc: flow([screen('MAIN', [footer(complete(), '${screen.ROOT.form.intro_text}')], { terminal: true })]), pointer: '/screens/0/layout/children/0/label', at: '"label": ^"${screen.ROOT', message: "Global Dynamic data '${screen.ROOT.form.intro_text}' on screen ROOT does not exist, but is used on screen MAIN." },
  /* 67 */ { code: 'INVALID_SCREEN_DYNAMIC_DATA', doc: { corpus: 'metadocs-errorcodes__invalid_screen_dynamic_data_4.json' }, pointer: '/screens/1/layout/children/0/text', at: '^"${screen.ROOT.data.products.items.properties.title}"', message: "${screen.ROOT.data.products.items.properties.title} on screen 'MAIN_SCREEN' for TextSubheading property 'text' is invalid as 'items' is defined in an array schema in the data model.", others: 'any' },
  /* 68 */ { code: 'INVALID_SCREEN_DYNAMIC_DATA', doc: flow([A([{ type: 'TextBody', text: '${data.user.nickname}' }], { data: { user: { type: 'object', properties: { name: { type: 'string' } }, __example__: { name: 'Ann' } } } })]), pointer: '/screens/0/layout/children/0/text', at: '^"${data.user.nickname}"', message: "${data.user.nickname} defined for screen 'A' TextBody property 'text' is invalid as its schema is missing in the data model." },
  /* 69 */ { code: 'INVALID_SCREEN_DYNAMIC_DATA', doc: { corpus: 'metadocs-errorcodes__invalid_screen_dynamic_data_5.json' }, pointer: '/screens/0/layout/children/0/error-message', at: '^"${data.error}"', message: "Expected '${data.error}' to be of one of these types: [string, object].", others: 'any' },
  /* 70 */ { code: 'MAX_SCREENS_NUMBER', doc: flow(chain(101)), pointer: '/screens', at: '"screens": ^[', message: 'Maximum number of screens allowed per Flow is 100 but found 101.' },
  /* 71 */ { code: 'MAX_EMBEDDED_LINK_PER_SCREEN', doc: flow([A([1, 2, 3].map((i) => ({ type: 'EmbeddedLink', text: `Link ${i}`, 'on-click-action': { name: 'open_url', url: 'https://example.com' } })))]), pointer: '/screens/0/layout/children/2', at: '^{\n            "type": "EmbeddedLink",\n            "text": "Link 3"', message: 'Maximum number of EmbeddedLink allowed per screen is 2 but found 3.' },
  /* 72 */ { code: 'MAX_FOOTER_PER_SCREEN', doc: flow([A([footer(complete(), 'First')])]), pointer: '/screens/0/layout/children/1', at: '^{\n            "type": "Footer",\n            "label": "Go"', message: 'Maximum number of Footer allowed per screen is 1 but found 2.' },
  /* 73 */ { code: 'MAX_IMAGE_PER_SCREEN', doc: flow([A([1, 2, 3, 4].map((i) => ({ type: 'Image', src: 'iVBORw0KGgo=', 'alt-text': `Image ${i}` })))]), pointer: '/screens/0/layout/children/3', at: '^{\n            "type": "Image",\n            "src": "iVBORw0KGgo=",\n            "alt-text": "Image 4"', message: 'Maximum number of Image allowed per screen is 3 but found 4.' },
  /* 74 */ { code: 'MAX_FOOTER_PER_SCREEN', doc: { corpus: 'metadocs-errorcodes__max_footer_per_screen_1.json' }, pointer: '/screens/0/layout/children/1', at: '^{\n          "type": "Footer"', occurrence: 1, message: 'Maximum number of Footer allowed per screen is 1 but found 2.', others: 'any' },
  /* 75 */ { code: 'MIN_VALUE_GREATER_THAN_MAX', doc: flow([A([{ type: 'CheckboxGroup', name: 'cbg', label: 'Pick', 'min-selected-items': 3, 'max-selected-items': 2, 'data-source': [{ id: '1', title: 'One' }, { id: '2', title: 'Two' }, { id: '3', title: 'Three' }] }])]), pointer: '/screens/0/layout/children/0/min-selected-items', at: '"min-selected-items": ^3', message: 'min-selected-items cannot be greater than max-selected-items for CheckboxGroup cbg.' },
  /* 76 */ { code: 'MINIMUM_VALUE_REQUIRED', doc: flow([A([photo({ 'min-uploaded-photos': -1 })])]), pointer: '/screens/0/layout/children/0/min-uploaded-photos', at: '"min-uploaded-photos": ^-1', message: "The minimum value allowed for property 'min-uploaded-photos' is 0." },
  /* 77 */ { code: 'MAXIMUM_VALUE_REQUIRED', doc: flow([A([photo({ 'max-uploaded-photos': 40 })])]), pointer: '/screens/0/layout/children/0/max-uploaded-photos', at: '"max-uploaded-photos": ^40', message: "The maximum value allowed for property 'max-uploaded-photos' is 30." },
  /* 78 */ { code: 'MISSING_REQUIRED_PROPERTY', doc: { corpus: 'metadocs-errorcodes__missing_required_property_1.json' }, pointer: '/screens/0/layout/children/0/on-click-action/name', at: '^"data_exchange"', message: "The property 'data_api_version' is required for data_exchange action.", others: 'any' },
  /* 79 */ { code: 'MISSING_REQUIRED_PROPERTY', doc: flow([A()], { data_api_version: '3.0' }), pointer: '/data_api_version', at: '"data_api_version"', message: "The property 'routing_model' is required for property 'data_api_version'." },
  /* 80 */ { code: 'INVALID_PROPERTY_VALUE', doc: v('2.1', [A([], { refresh_on_back: true })]), pointer: '/screens/0/refresh_on_back', at: '"refresh_on_back": ^true', message: "Property 'refresh_on_back' can be true only when property 'data_api_version' is set." },
  /* 81 */ { code: 'DUPLICATE_FORM_COMPONENT_NAMES', doc: v('2.1', [A([{ type: 'Form', name: 'form', children: [{ type: 'TextInput', name: 'textInput', label: 'Text 1' }, { type: 'TextInput', name: 'textInput', label: 'Text 2' }] }])]), pointer: '/screens/0/layout/children/0/children/1/name', at: '"name": ^"textInput"', occurrence: 1, message: 'Duplicate name found for Form components: textInput.' },
  /* 82 */ { code: 'DUPLICATE_FORM_COMPONENT_NAMES', doc: v('4.0', [A([{ type: 'If', condition: '${data.flag}', then: [{ type: 'OptIn', name: 'name', label: 'Agree' }], else: [{ type: 'TextInput', name: 'name1', label: 'Name' }] }, { type: 'Switch', value: '${data.kind}', cases: { case1: [{ type: 'DatePicker', name: 'name', label: 'Date' }], case2: [{ type: 'TextArea', name: 'name1', label: 'Text' }] } }], { data: { flag: { type: 'boolean', __example__: true }, kind: strField } })]), pointer: '/screens/0/layout/children/1/cases/case1/0/name', at: '"name": ^"name"', occurrence: 1, message: 'Duplicate name found for Form components: name.', others: ['DUPLICATE_FORM_COMPONENT_NAMES'] },
  /* 83 */ { code: 'DUPLICATE_SCREEN_IDS', doc: v('2.1', [A(), A()]), pointer: '/screens/1/id', at: '"id": ^"A"', occurrence: 1, message: 'Duplicate screen id found: A.', others: ['INVALID_ROUTING_MODEL'] },
  /* 84 */ { code: 'SCREEN_ID_IS_RESERVED_KEYWORD', doc: v('2.1', [terminal('SUCCESS')]), pointer: '/screens/0/id', at: '^"SUCCESS"', message: "Screen id cannot be 'SUCCESS' since it is a reserved keyword." },
  /* 85 */ { code: 'MISSING_FOOTER_ON_TERMINAL_SCREEN', doc: { corpus: 'metadocs-errorcodes__missing_footer_on_terminal_screen_1.json' }, pointer: '/screens/0', at: '"screens": [\n    ^{', message: 'Footer component is missing on terminal screens: screenA.', others: 'any' },
  /* 86 */ { code: 'MISSING_TERMINAL_SCREEN', doc: v('2.1', [screen('screenA', [{ type: 'TextBody', text: 'Hi' }])]), pointer: '/screens', at: '"screens": ^[', message: 'Terminal screen is required but not provided.' },
  /* 87 */ { code: 'COMPONENTS_OUTSIDE_FORM', doc: v('4.0', [A([{ type: 'TextInput', name: 'path2', label: 'Path' }, { type: 'Form', name: 'flow_path', children: [{ type: 'TextInput', name: 'path', label: 'Path' }] }])]), pointer: '/screens/0/layout/children/0', at: '"children": [\n        ^{', message: "Component 'TextInput' is not allowed outside Form when Form component is present." },
  /* 88 */ { code: 'MISSING_FOOTER_IN_IF_ELSE_BRANCHES', doc: { corpus: 'metadocs-errorcodes__missing_footer_in_if_else_branches_1.json' }, pointer: '/screens/0/layout/children/0', at: '"children": [\n        ^{', message: "Missing Footer inside one of the 'If' component branches. Branch 'else' should exist and contain one Footer.", others: 'any' },
  /* 89 */ { code: 'MISSING_FOOTER_IN_IF_ELSE_BRANCHES', doc: { corpus: 'metadocs-errorcodes__missing_footer_in_if_else_branches_2.json' }, pointer: '/screens/0/layout/children/0/then', at: '"then": ^[', message: "Footer component must be present in all branches of 'If' component if it exists in any one branch.", others: 'any' },
  /* 90 */ { code: 'MISSING_FOOTER_IN_SWITCH_BRANCHES', doc: { corpus: 'metadocs-errorcodes__missing_footer_in_switch_branches_1.json' }, pointer: '/screens/0/layout/children/0/cases/case1', at: '"case1": ^[', message: 'Footer component must be present in all switch cases if it exists in any one case.', others: 'any' },
  /* 91 */ { code: 'MORE_THAN_ONE_FOOTER', doc: { corpus: 'metadocs-errorcodes__more_than_one_footer_1.json' }, pointer: '/screens/0/layout/children/1', at: '^{\n          "type": "Footer"', occurrence: 2, message: 'Maximum number of Footer component allowed per screen is 1.', others: 'any' },
  /* 92 */ { code: 'INVALID_PROPERTY_VALUE', doc: { corpus: 'metadocs-errorcodes__invalid_property_value_5.json' }, pointer: '/screens/0/layout/children/0/then', at: '"then": ^[', message: 'Expected array to contain at least one component.', others: 'any' },
  /* 93 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith(' '), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "^ "', message: "Expected property 'condition' to contain at least one operand." },
  /* 94 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith('( )'), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "( ^)"', message: 'Found invalid empty parentheses at column 2.' },
  /* 95 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith('573 == 376'), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "573 == ^376"', message: 'An operator cannot not have literals on both sides. Found invalid syntax at column 7.' },
  /* 96 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith('))${data.value_1}((', { value_1: { type: 'boolean', __example__: true } }), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "^))', message: 'Missing opening parenthesis for the closing parenthesis at column 0.' },
  /* 97 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith('${data.val} == -a', { val: { type: 'number', __example__: 1 } }), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "${data.val} == ^-a"', message: 'A numerical value is expected to follow the negative sign at column 15.' },
  /* 98 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith('((${data.string_value}))', { string_value: strField }), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "((^${', message: /^Expected single operand to be a boolean\./ },
  /* 99 */ { code: 'INVALID_PROPERTY_VALUE', doc: ifWith('true'), pointer: '/screens/0/layout/children/0/condition', at: '"condition": "^true"', message: 'The only operand is a literal value. Expected single operand to be a boolean.' },
  /* 100 */ { code: 'MISSING_FOOTER_IN_SWITCH_BRANCHES', doc: { corpus: 'metadocs-errorcodes__missing_footer_in_switch_branches_2.json' }, pointer: '/screens/0/layout/children/0/cases/case1', at: '"case1": ^[', message: 'Footer component must be present in all switch cases if it exists in any one case.', others: 'any' },
  /* 101 */ { code: 'NATIVE_COMPONENT_IN_FORM_INIT_VALUES', doc: v('4.0', [terminal('MAIN_SCREEN', [{ type: 'Form', name: 'PASS_CUSTOM_VALUE', 'init-values': { photo: 'abc', doc: 'efg' }, children: [photo(), { type: 'TextBody', text: 'Then' }] }])]), pointer: '/screens/0/layout/children/0/init-values/photo', at: '^"photo": "abc"', message: "Property 'init-values' should not contain value for components: [PhotoPicker]." },
  /* 102 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: flow([screen('FIRST_SCREEN', [photo({ label: 'PASS_CUSTOM_VALUE', name: 'photoPicker' }), footer(navigate('SECOND_SCREEN', { photo: '${form.photoPicker}' }))]), terminal('SECOND_SCREEN', [], { data: { photo: strField } })]), pointer: '/screens/0/layout/children/1/on-click-action/payload/photo', at: '^"${form.photoPicker}"', message: 'The value of PhotoPicker component is not allowed in the payload of navigate action.' },
  /* 103 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: endpoint([screen('FIRST_SCREEN', [doc(), footer(exchange({ doc: { first: { second: ['in_array', '${form.doc}'] } } }), 'Submit')], { terminal: true })], {}), pointer: '/screens/0/layout/children/1/on-click-action/payload/doc/first/second/1', at: '^"${form.doc}"', message: 'The value of following components must be a top-level string in complete and data_exchange on-click-action payload: : [PhotoPicker, DocumentPicker].' },
  /* 104 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: endpoint([screen('FIRST_SCREEN', [photo(), footer(navigate('SECOND_SCREEN'))]), screen('SECOND_SCREEN', [footer(exchange({ photo: { first: { second: ['in_array', '${screen.FIRST_SCREEN.form.photo}'] } } }), 'Submit')], { terminal: true })], { FIRST_SCREEN: ['SECOND_SCREEN'] }), pointer: '/screens/1/layout/children/0/on-click-action/payload/photo/first/second/1', at: '^"${screen.FIRST_SCREEN.form.photo}"', message: 'The value of following components must be a top-level string in complete and data_exchange on-click-action payload: : [PhotoPicker, DocumentPicker].' },
  /* 105 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: { corpus: 'metadocs-errorcodes__invalid_on_click_action_payload_12.json' }, pointer: '/screens/0/layout/children/2/on-click-action/payload/photo', at: '^"${form.photoPicker}"', message: "PhotoPicker can only be used in complete action payload if value of property 'max-uploaded-photos' doesn't exceed 1. Default value is 30.", others: 'any' },
  /* 106 */ { code: 'INVALID_ON_CLICK_ACTION_PAYLOAD', doc: { corpus: 'metadocs-errorcodes__invalid_on_click_action_payload_13.json' }, pointer: '/screens/0/layout/children/2/on-click-action/payload/doc', at: '^"${form.DocumentPicker}"', message: 'Complete action payload can contain either a single PhotoPicker or a single DocumentPicker component.', others: 'any' },
  /* 107 */ { code: 'INVALID_ACTION_PAYLOAD_PROPERTY', doc: v('7.2', [A([{ type: 'CheckboxGroup', name: 'c', label: 'Pick', 'data-source': options, 'on-unselect-action': { name: 'update_data', payload: { property: '`${data.value_that_does_not_exist_in_data_model}`' } } }], { data: { property: strField } })]), pointer: '/screens/0/layout/children/0/on-unselect-action/payload/property', at: '"property": ^"`', message: 'The following property ${data.value_that_does_not_exist_in_data_model} does not exist in the screen data model.' },
];

function entryCode(index: number): string | undefined {
  if (!Array.isArray(catalogue)) return undefined;
  const entry: unknown = catalogue[index];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const code: unknown = (entry as { expected_error_code?: unknown }).expected_error_code;
  return typeof code === 'string' ? code : undefined;
}

function sourceOf(row: CheckableRow): string {
  const d = row.doc;
  if (typeof d === 'object' && d !== null && !Array.isArray(d)) {
    if ('raw' in d && typeof d['raw'] === 'string') return d['raw'];
    if ('corpus' in d && typeof d['corpus'] === 'string') return readFileSync(join(CORPUS_DIR, 'invalid', d['corpus']), 'utf8');
  }
  return text(d as Json); // neither raw text nor a corpus file: a document
}

// Whitespace in a needle matches any whitespace, so needles need not copy the documents' indentation.
function needlePattern(part: string): string {
  return part
    .split(/\s+/)
    .map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s*');
}

function positionAt(source: string, needle: string, occurrence = 0): { line: number; column: number } {
  const caret = needle.indexOf('^');
  const before = caret === -1 ? '' : needle.slice(0, caret);
  const after = caret === -1 ? needle : needle.slice(caret + 1);
  const pattern = new RegExp(`${needlePattern(before)}(?=${needlePattern(after)})`, 'g');
  let spot = -1;
  for (let i = 0; i <= occurrence; i += 1) {
    const match = pattern.exec(source);
    assert.ok(match, `needle ${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times`);
    spot = match.index + match[0].length;
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
  const head = source.slice(0, spot);
  return { line: head.split('\n').length, column: spot - head.lastIndexOf('\n') };
}

describe("Meta's error catalogue", () => {
  it('has one row per catalogue entry, with the entry code', () => {
    assert.ok(Array.isArray(catalogue));
    assert.equal(ROWS.length, catalogue.length);
    ROWS.forEach((row, i) => assert.equal(row.code, entryCode(i), `row ${i}`));
  });

  it('marks only a few entries as not statically checkable', () => {
    const unchecked = ROWS.flatMap((row, i) => ('notStaticallyCheckable' in row ? [i] : []));
    assert.deepEqual(unchecked, [16, 22, 53, 55]);
  });

  ROWS.forEach((row, i) => {
    if ('notStaticallyCheckable' in row) return;
    it(`entry ${i}: ${row.code} at ${row.pointer || '(root)'}`, () => {
      const source = sourceOf(row);
      const result = validateFlow(source);
      const listing = result.errors.map((e) => `${e.code} ${e.pointer} ${e.line}:${e.column} ${e.message}`).join('\n');
      const expected = positionAt(source, row.at, row.occurrence);
      const hit = result.errors.find(
        (e) => e.code === row.code && e.pointer === row.pointer && (typeof row.message === 'string' ? e.message === row.message : row.message.test(e.message)),
      );
      assert.ok(hit, `expected ${row.code} at ${row.pointer} with ${String(row.message)}; got:\n${listing}`);
      assert.deepEqual({ line: hit.line, column: hit.column }, expected, listing);
      if (row.others !== 'any') {
        const allowed = new Set([row.code, ...(row.others ?? [])]);
        const unexpected = result.errors.filter((e) => e !== hit && (!allowed.has(e.code) || (e.code === row.code && !(row.others ?? []).includes(row.code))));
        assert.deepEqual(unexpected.map((e) => `${e.code} ${e.pointer} ${e.message}`), [], 'no other errors');
      }
    });
  });
});
