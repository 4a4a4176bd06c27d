import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMPONENT_TYPES, COMPONENTS, SCREEN_PROPERTIES, type JsonType, type ValueSpec } from '../model/index.js';
import { buildLocalizedFlow } from './build-localized-flow.js';
import { extractTexts } from './extract-texts.js';

const types = (spec: ValueSpec): readonly JsonType[] => (Array.isArray(spec.type) ? spec.type : [spec.type as JsonType]);

/** Every value spec under a property, with its path, for checks over the whole registry. */
function* walkSpecs(spec: ValueSpec, path: string): Generator<[string, ValueSpec]> {
  yield [path, spec];
  if (spec.items !== undefined) yield* walkSpecs(spec.items, `${path}[]`);
  if (spec.values !== undefined) yield* walkSpecs(spec.values, `${path}{}`);
  for (const [name, sub] of Object.entries(spec.properties ?? {})) yield* walkSpecs(sub, `${path}.${name}`);
}

function* registrySpecs(): Generator<[string, ValueSpec]> {
  for (const type of COMPONENT_TYPES) for (const [name, spec] of Object.entries(COMPONENTS[type].properties)) yield* walkSpecs(spec, `${type}.${name}`);
  for (const [name, spec] of Object.entries(SCREEN_PROPERTIES)) yield* walkSpecs(spec, `screen.${name}`);
}

/** Whether a string here could be free text: a string without an enum or a format. */
const couldBeText = (spec: ValueSpec) => types(spec).includes('string') && spec.enum === undefined && spec.format === undefined;

test('every string property of the registry says whether it is text a customer reads', () => {
  const undecided = [...registrySpecs()].filter(([, spec]) => couldBeText(spec) && spec.translatable === undefined).map(([path]) => path);
  assert.deepEqual(undecided, []);
});

let counter = 0;

/** A value for a spec that fills every translatable place with a unique text; `preferText` picks the string form of a string-or-structure property. */
function sample(spec: ValueSpec, preferText: boolean): unknown {
  const kinds = types(spec);
  if (spec.translatable === true && kinds.includes('string') && (preferText || (spec.properties === undefined && spec.values === undefined && spec.items === undefined))) {
    counter += 1;
    return `text ${counter}`;
  }
  if (spec.components !== undefined) return undefined;
  if (kinds.includes('array') && spec.items !== undefined) {
    const items = [0, 1].map((i) => {
      const item = sample(spec.items as ValueSpec, preferText);
      return typeof item === 'object' && item !== null && spec.items?.properties?.['id'] !== undefined ? { id: `option ${i}/x`, ...item } : item;
    });
    return items.some((item) => item !== undefined) ? items : undefined;
  }
  if (kinds.includes('object') && spec.properties !== undefined) {
    const entries = Object.entries(spec.properties).map(([name, sub]) => [name, sample(sub, preferText)] as const).filter(([, value]) => value !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (kinds.includes('object') && spec.values !== undefined) {
    const value = sample(spec.values, preferText);
    return value === undefined ? undefined : { first: value, second: sample(spec.values, preferText) };
  }
  return undefined;
}

/** A screen holding every component twice: once with text in string form, once in structured form. */
function everyComponentFlow(): { flow: unknown; texts: string[] } {
  counter = 0;
  const children = [true, false].flatMap((preferText) =>
    COMPONENT_TYPES.map((type) => {
      const props = Object.fromEntries(
        Object.entries(COMPONENTS[type].properties)
          .map(([name, spec]) => [name, sample(spec, preferText)] as const)
          .filter(([, value]) => value !== undefined),
      );
      return { type, ...props };
    }),
  );
  const flow = { version: '7.3', screens: [{ id: 'ALL', title: 'screen title', terminal: true, layout: { type: 'SingleColumnLayout', children } }] };
  const texts = ['screen title', ...Array.from({ length: counter }, (_, i) => `text ${i + 1}`)];
  return { flow, texts };
}

test('extracts every text property of all 24 components, as the registry marks them', () => {
  assert.equal(COMPONENT_TYPES.length, 24);
  const { flow, texts } = everyComponentFlow();
  const extracted = extractTexts(flow);
  assert.deepEqual(extracted.map((t) => t.text).sort(), [...texts].sort());
  assert.equal(new Set(extracted.map((t) => t.key)).size, extracted.length, 'keys are unique');
  // Every component type with a translatable property contributed texts under its own keys.
  const withText = COMPONENT_TYPES.filter((type) => [...Object.values(COMPONENTS[type].properties)].some((spec) => [...walkSpecs(spec, '')].some(([, s]) => s.translatable === true)));
  assert.deepEqual(COMPONENT_TYPES.filter((type) => !withText.includes(type)), ['If', 'Switch']);
  for (const type of withText) assert.ok(extracted.some((t) => t.key.startsWith(`ALL/${type}#1/`)), `${type} has extracted texts`);
});

test('every translatable place of the registry is reached by the extraction', () => {
  const { flow } = everyComponentFlow();
  const keys = extractTexts(flow).map((t) => t.key.replace(/\/(option 0~1x|option 1~1x|first|second|\d+)(?=\/|$)/g, '/*'));
  for (const [path, spec] of registrySpecs()) {
    if (spec.translatable !== true || path.startsWith('screen.')) continue;
    const [type = '', ...rest] = path.split('.');
    const tail = rest.join('/').replace(/\[\]|\{\}/g, '/*').replace(/\/\*$/, '');
    assert.ok(keys.some((k) => k.startsWith(`ALL/${type}#`) && k.includes(`/${tail}`)), `${path} is extracted`);
  }
});

// Order is document order, properties in registry order (a RadioButtonsGroup's data-source before its label).
test('keys come from places: input names, option ids and the n-th of a type, escaped as pointer segments', () => {
  const flow = {
    version: '7.3',
    screens: [
      {
        id: 'DETAILS',
        title: 'Your details',
        layout: {
          type: 'SingleColumnLayout',
          children: [
            { type: 'TextHeading', text: 'Welcome' },
            { type: 'TextHeading', text: '${data.greeting}' },
            { type: 'TextBody', text: ['First', 'Second'] },
            { type: 'Form', name: 'form', 'error-messages': { size: 'Pick a size' }, children: [
              { type: 'RadioButtonsGroup', name: 'size', label: 'Size', 'data-source': [{ id: 's/m', title: 'Small' }, { id: 'l', title: 'Large', description: 'Roomy' }] },
              { type: 'Dropdown', name: 'city', label: 'City', 'data-source': '${data.cities}' },
              { type: 'Footer', label: 'Next', 'on-click-action': { name: 'complete', payload: {} } },
            ] },
          ],
        },
      },
    ],
  };
  assert.deepEqual(
    extractTexts(flow).map((t) => [t.key, t.text, t.pointer]),
    [
      ['DETAILS/title', 'Your details', '/screens/0/title'],
      ['DETAILS/TextHeading#1/text', 'Welcome', '/screens/0/layout/children/0/text'],
      ['DETAILS/TextBody#1/text/0', 'First', '/screens/0/layout/children/2/text/0'],
      ['DETAILS/TextBody#1/text/1', 'Second', '/screens/0/layout/children/2/text/1'],
      ['DETAILS/size/data-source/s~1m/title', 'Small', '/screens/0/layout/children/3/children/0/data-source/0/title'],
      ['DETAILS/size/data-source/l/title', 'Large', '/screens/0/layout/children/3/children/0/data-source/1/title'],
      ['DETAILS/size/data-source/l/description', 'Roomy', '/screens/0/layout/children/3/children/0/data-source/1/description'],
      ['DETAILS/size/label', 'Size', '/screens/0/layout/children/3/children/0/label'],
      ['DETAILS/city/label', 'City', '/screens/0/layout/children/3/children/1/label'],
      ['DETAILS/Footer#1/label', 'Next', '/screens/0/layout/children/3/children/2/label'],
      ['DETAILS/form/error-messages/size', 'Pick a size', '/screens/0/layout/children/3/error-messages/size'],
    ],
  );
  const limits = Object.fromEntries(extractTexts(flow).map((t) => [t.key, t.maxLength]));
  assert.equal(limits['DETAILS/size/data-source/l/title'], 30);
  assert.equal(limits['DETAILS/Footer#1/label'], 35);
});

test('building with a translation of every text leaves no source text in the Flow', () => {
  const { flow, texts } = everyComponentFlow();
  const translations = extractTexts(flow).map((t) => ({ key: t.key, text: `ES ${t.text}`, sourceHash: t.hash }));
  const built = buildLocalizedFlow(flow, translations);
  assert.deepEqual(built.untranslated, []);
  const json = JSON.stringify(built.flow);
  for (const text of texts) assert.ok(!json.includes(`"${text}"`), `${text} was replaced`);
  assert.deepEqual(extractTexts(built.flow).map((t) => t.key), extractTexts(flow).map((t) => t.key));
});
