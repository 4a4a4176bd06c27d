import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateFlow } from '../validator/index.js';
import { footer, ifComponent, textBody, textHeading, textInput } from './components.js';
import { dataField } from './data-field.js';
import { flow, screen } from './flow.js';
import { add, and, div, eq, mul, str, sub } from './operators.js';
import { data, form } from './refs.js';

const corpus = path.join(process.env.FLOWLINE_REPO_ROOT ?? process.cwd(), '..', 'shared', 'corpus', 'flows');
const load = (name: string): unknown => JSON.parse(readFileSync(path.join(corpus, name), 'utf8'));
const complete = footer({ label: 'Complete', 'on-click-action': { name: 'complete', payload: {} } });

describe('building corpus Flows with the builder', () => {
  it('reproduces pywa__v4_0_if.json (If with a combined condition)', () => {
    const built = flow({
      version: '4.0',
      screens: [
        screen({
          id: 'SCREEN',
          title: 'Welcome',
          terminal: true,
          success: true,
          data: [dataField('value', true)],
          children: [
            textInput({ label: 'Animal', name: 'animal', 'helper-text': 'Type: cat' }),
            ifComponent({
              condition: and(data('value'), eq(form('animal'), 'cat')),
              then: [textHeading({ text: 'It is a cat' })],
              else: [textHeading({ text: 'It is not a cat' })],
            }),
            complete,
          ],
        }),
      ],
    });
    assert.deepEqual(built, load('pywa__v4_0_if.json'));
  });

  it('reproduces pywa__v6_0_math_operators.json (concatenation with math)', () => {
    const [n1, n2] = [data<number>('number_1'), data<number>('number_2')];
    const built = flow({
      version: '6.0',
      screens: [
        screen({
          id: 'DEMO_SCREEN',
          title: 'Demo Screen',
          terminal: true,
          success: true,
          data: [dataField('number_1', 10), dataField('number_2', 20)],
          children: [
            textBody({
              text: [
                str`The sum of ${n1} and ${n2} is ${add(n1, n2)}`,
                str`The difference of ${n1} and ${n2} is ${sub(n1, n2)}`,
                str`The product of ${n1} and ${n2} is ${mul(n1, n2)}`,
                str`The division of ${n1} by ${n2} is ${div(n1, n2)}`,
              ],
            }),
            footer({ label: 'Static footer label', 'on-click-action': { name: 'complete', payload: {} } }),
          ],
        }),
      ],
    });
    assert.deepEqual(built, load('pywa__v6_0_math_operators.json'));
  });

  it('reproduces pywa__v6_0_string_concatenation.json', () => {
    const built = flow({
      version: '6.0',
      screens: [
        screen({
          id: 'DEMO_SCREEN',
          terminal: true,
          title: 'Demo screen',
          children: [
            textInput({ label: 'First name', 'input-type': 'text', name: 'first_name', required: true }),
            textInput({ label: 'Age', 'input-type': 'number', name: 'age', required: true }),
            textBody({ text: str`Hello ${form('first_name')}` }),
            textBody({ text: str`${form('first_name')} you are ${form('age')} years old.` }),
            footer({ label: 'Footer', 'on-click-action': { name: 'complete', payload: {} } }),
          ],
        }),
      ],
    });
    assert.deepEqual(built, load('pywa__v6_0_string_concatenation.json'));
  });

  it('builds Flows the validator accepts', () => {
    const built = flow({
      version: '7.3',
      screens: [
        screen({
          id: 'ORDER',
          title: 'Order',
          terminal: true,
          data: [dataField('price', 12)],
          children: [
            textInput({ name: 'qty', label: 'Quantity', 'input-type': 'number', required: true }),
            textBody({ text: str`Total: ${mul(data('price'), form('qty'))}` }),
            footer({ label: 'Buy', 'on-click-action': { name: 'complete', payload: { qty: form('qty') } } }),
          ],
        }),
      ],
    });
    const result = validateFlow(JSON.stringify(built));
    assert.deepEqual(result.errors.map((e) => `${e.code}: ${e.message}`), []);
  });
});
