import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { step } from './step.js';
import { isStepError } from './step-outcome.js';
import { complete, flowOf, footer, screenOf } from './test-support/flow.js';
import { play, start } from './test-support/play.js';

/** Fills `value` into a one-input screen and presses the Footer; returns the input's error. */
function errorAfterPress(version: string, component: Record<string, unknown>, value: unknown): string | undefined {
  const flow = flowOf(version, [screenOf('S', [component, footer(complete())], { terminal: true })]);
  let { state } = start(flow);
  if (value !== undefined) state = play(flow, state, { type: 'fill', name: String(component['name']), value }).state;
  const after = play(flow, state, { type: 'press', target: 'footer' }).state;
  if (after.status.kind === 'completed') return undefined;
  return after.screens['S']?.errors[String(component['name'])] ?? 'stayed without error';
}

const text = (extra: Record<string, unknown>) => ({ type: 'TextInput', name: 't', label: 'T', ...extra });
const checks = (extra: Record<string, unknown>) => ({
  type: 'CheckboxGroup', name: 'c', label: 'C', ...extra,
  'data-source': [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }, { id: 'c', title: 'C' }],
});
const date = (extra: Record<string, unknown>) => ({ type: 'DatePicker', name: 'd', label: 'D', ...extra });
const calendar = (extra: Record<string, unknown>) => ({ type: 'CalendarPicker', name: 'k', label: 'K', ...extra });

const table: [string, string, Record<string, unknown>, unknown, string | undefined][] = [
  ['accepts an empty optional text', '7.2', text({}), undefined, undefined],
  ['requires a required text', '7.2', text({ required: true }), undefined, 'This field is required'],
  ['rejects text shorter than min-chars', '7.2', text({ 'min-chars': 3 }), 'ab', 'Enter at least 3 characters'],
  ['rejects text longer than the default max-chars of 80', '7.2', text({}), 'x'.repeat(81), 'Enter at most 80 characters'],
  ['rejects a malformed email', '7.2', text({ 'input-type': 'email' }), 'ana@', 'Enter a valid email address'],
  ['accepts a well-formed email', '7.2', text({ 'input-type': 'email' }), 'ana@example.com', undefined],
  ['rejects a phone with letters', '7.2', text({ 'input-type': 'phone' }), '+1 555 CALL', 'Enter a valid phone number'],
  ['accepts an international phone', '7.2', text({ 'input-type': 'phone' }), '+44 20 7946 0958', undefined],
  ['rejects a passcode with letters', '7.2', text({ 'input-type': 'passcode' }), '12a4', 'Enter digits only'],
  ['shows helper-text when the pattern does not match', '6.2', text({ pattern: '^\\d{4}$', 'helper-text': 'Four digits' }), '123', 'Four digits'],
  ['accepts a value matching the pattern', '6.2', text({ pattern: '^\\d{4}$', 'helper-text': 'Four digits' }), '1234', undefined],
  ['uses error-message instead of the default text', '7.2', text({ required: true, 'error-message': 'Tell us!' }), undefined, 'Tell us!'],
  ['rejects a TextArea longer than max-length', '7.2', { type: 'TextArea', name: 'a', label: 'A', 'max-length': 5 }, 'abcdef', 'Enter at most 5 characters'],
  ['rejects fewer than min-selected-items', '7.2', checks({ 'min-selected-items': 2 }), ['a'], 'Select at least 2'],
  ['rejects more than max-selected-items', '7.2', checks({ 'max-selected-items': 2 }), ['a', 'b', 'c'], 'Select at most 2'],
  ['requires an OptIn marked required to be ticked', '7.2', { type: 'OptIn', name: 'o', label: 'Agree', required: true }, undefined, 'This field is required'],
  ['rejects a date before min-date (YYYY-MM-DD, 5.0+)', '7.2', date({ 'min-date': '2025-01-10' }), '2025-01-09', 'This date is not available'],
  ['rejects an unavailable date (5.0+)', '7.2', date({ 'unavailable-dates': ['2025-01-10'] }), '2025-01-10', 'This date is not available'],
  ['accepts a date in range (5.0+)', '7.2', date({ 'min-date': '2025-01-01', 'max-date': '2025-01-31' }), '2025-01-15', undefined],
  ['rejects a date after max-date (ms timestamps, before 5.0)', '4.0', date({ 'max-date': String(Date.UTC(2024, 0, 10)) }), '2024-01-11', 'This date is not available'],
  ['accepts a timestamp date inside the range (before 5.0)', '4.0', date({ 'min-date': String(Date.UTC(2024, 0, 1)) }), String(Date.UTC(2024, 0, 5)), undefined],
  ['rejects a calendar day outside include-days', '6.1', calendar({ 'include-days': ['Mon'] }), '2025-01-07', 'This date is not available'],
  ['accepts a calendar day inside include-days', '6.1', calendar({ 'include-days': ['Mon'] }), '2025-01-06', undefined],
  ['rejects a range shorter than min-days', '6.1', calendar({ mode: 'range', 'min-days': 3 }), { 'start-date': '2025-01-06', 'end-date': '2025-01-07' }, 'Select at least 3 days'],
  ['rejects a range longer than max-days', '6.1', calendar({ mode: 'range', 'max-days': 2 }), { 'start-date': '2025-01-06', 'end-date': '2025-01-08' }, 'Select at most 2 days'],
  ['rejects a range that ends before it starts', '6.1', calendar({ mode: 'range' }), { 'start-date': '2025-01-08', 'end-date': '2025-01-06' }, 'End date must be after start date'],
  ['requires the start of a range when required says so', '6.1', calendar({ mode: 'range', required: { 'start-date': true, 'end-date': false } }), undefined, 'This field is required'],
  ['requires min-uploaded-photos', '7.2', { type: 'PhotoPicker', name: 'p', label: 'P', 'min-uploaded-photos': 1 }, undefined, 'Add at least 1 files'],
  ['rejects a document type not allowed', '7.2', { type: 'DocumentPicker', name: 'p', label: 'P', 'allowed-mime-types': ['application/pdf'] }, [{ file_name: 'a.zip', mime_type: 'application/zip' }], 'This file type is not allowed'],
];

describe('client-side input checks on Footer press', () => {
  for (const [behaviour, version, component, value, expected] of table) {
    it(behaviour, () => assert.equal(errorAfterPress(version, component, value), expected));
  }

  it('stores dates in the Flow version format: ms timestamps before 5.0, YYYY-MM-DD from 5.0', () => {
    for (const [version, expected] of [['4.0', String(Date.UTC(2024, 0, 5))], ['5.0', '2024-01-05']] as const) {
      const flow = flowOf(version, [screenOf('S', [{ type: 'Form', name: 'f', children: [date({}), footer(complete())] }], { terminal: true })]);
      const { state } = play(flow, start(flow).state, { type: 'fill', name: 'd', value: '2024-01-05' });
      assert.equal(state.screens['S']?.form['d'], expected);
    }
  });

  it('refuses an option id that the data-source does not offer', () => {
    const flow = flowOf('7.2', [screenOf('S', [checks({}), footer(complete())], { terminal: true })]);
    const outcome = step(flow, start(flow).state, { type: 'fill', name: 'c', value: ['z'] });
    assert.ok(isStepError(outcome));
    assert.equal(outcome.error.code, 'UNKNOWN_OPTION');
  });

  it('clears an error once the customer corrects the input', () => {
    const flow = flowOf('7.2', [screenOf('S', [text({ required: true }), footer(complete())], { terminal: true })]);
    const pressed = play(flow, start(flow).state, { type: 'press', target: 'footer' }).state;
    assert.ok(pressed.screens['S']?.errors['t'] !== undefined);
    const fixed = play(flow, pressed, { type: 'fill', name: 't', value: 'ok' }).state;
    assert.deepEqual(fixed.screens['S']?.errors, {});
  });
});
