import type { ComponentSpec, PropertySpec } from './property-spec.js';
import { DATA_EXCHANGE_ACTIONS, LINK_ACTIONS } from './actions.js';
import { enabled, errorMessage, name, required, visible } from './common-properties.js';

const labelVariant = {
  type: 'string',
  since: '7.0',
  enum: ['large'],
  description: 'Prominent label above the field that may wrap.',
} as const satisfies PropertySpec;

const initText = { type: 'string', since: '4.0', translatable: false, description: 'Initial value (outside a Form).' } as const satisfies PropertySpec;

/** Date property of DatePicker: a ms timestamp string before 5.0, "YYYY-MM-DD" from 5.0 (spec §2.9). */
const pickerDate = {
  type: 'string',
  format: 'date-or-timestamp',
  changes: [{ since: '5.0', format: 'date' }],
} as const satisfies PropertySpec;

const rangeStrings = (maxLength: number, description: string) =>
  ({
    type: ['string', 'object'],
    maxLength,
    translatable: true,
    description,
    properties: {
      'start-date': { type: 'string', translatable: true, maxLength },
      'end-date': { type: 'string', translatable: true, maxLength },
    },
  }) as const satisfies PropertySpec;

/** Text entry, date and consent inputs (spec §2.3, §2.4, §2.7, §2.9, §2.10). */
export const INPUT_COMPONENTS = {
  TextInput: {
    description: 'Single-line text entry.',
    since: '2.1',
    isInput: true,
    valueType: 'string',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    minMaxPairs: [['min-chars', 'max-chars']],
    properties: {
      name,
      label: { type: 'string', required: true, translatable: true, maxLength: 20, description: 'Label of the field.' },
      'input-type': {
        type: 'string',
        enum: ['text', 'number', 'email', 'password', 'passcode', 'phone'],
        default: 'text',
        description: 'Keyboard and validation.',
      },
      pattern: { type: 'string', since: '6.2', translatable: false, description: 'Regular expression (no slashes); needs helper-text.' },
      required,
      'min-chars': { type: 'integer', min: 0, description: 'Minimum number of characters.' },
      'max-chars': { type: 'integer', min: 0, default: 80, description: 'Maximum number of characters.' },
      'helper-text': { type: 'string', translatable: true, maxLength: 80, description: 'Hint under the field.' },
      'label-variant': labelVariant,
      'init-value': initText,
      'error-message': { ...errorMessage, maxLength: 30 },
      // ⚠ Not in Meta's TextInput table (TextArea has it); pywa models it, so we accept it.
      enabled,
      visible,
    },
  },
  TextArea: {
    description: 'Multi-line text entry.',
    since: '2.1',
    isInput: true,
    valueType: 'string',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    properties: {
      name,
      label: { type: 'string', required: true, translatable: true, maxLength: 20, description: 'Label of the field.' },
      required,
      'max-length': { type: 'integer', min: 0, default: 600, description: 'Maximum number of characters.' },
      'helper-text': { type: 'string', translatable: true, maxLength: 80, description: 'Hint under the field.' },
      'label-variant': labelVariant,
      'init-value': initText,
      'error-message': errorMessage,
      enabled,
      visible,
    },
  },
  OptIn: {
    description: 'A consent checkbox with an optional "Read more" link.',
    since: '2.1',
    isInput: true,
    valueType: 'boolean',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    maxPerScreen: 5,
    properties: {
      name,
      // ⚠ pywa says 30 characters; Meta's Components page says 120. We follow Meta.
      label: { type: 'string', required: true, translatable: true, maxLength: 120, description: 'Consent text.' },
      required,
      'init-value': { type: 'boolean', since: '4.0', description: 'Initial value (outside a Form).' },
      'on-click-action': { type: 'object', actions: LINK_ACTIONS, description: 'Action of the "Read more" link.' },
      visible,
    },
  },
  DatePicker: {
    description: 'A date input.',
    since: '2.1',
    isInput: true,
    valueType: 'string',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    minMaxPairs: [['min-date', 'max-date']],
    properties: {
      name,
      label: { type: 'string', required: true, translatable: true, maxLength: 40, description: 'Label of the field.' },
      'min-date': { ...pickerDate, description: 'Earliest selectable date.' },
      'max-date': { ...pickerDate, description: 'Latest selectable date.' },
      'unavailable-dates': { type: 'array', items: pickerDate, description: 'Dates that cannot be selected.' },
      'helper-text': { type: 'string', translatable: true, maxLength: 80, description: 'Hint under the field.' },
      enabled,
      required,
      visible,
      'on-select-action': { type: 'object', actions: DATA_EXCHANGE_ACTIONS, description: 'Action when a date is selected.' },
      'init-value': { ...pickerDate, since: '4.0', description: 'Initial value (outside a Form).' },
      'error-message': { ...errorMessage, maxLength: 80 },
    },
  },
  CalendarPicker: {
    description: 'A calendar to pick one date or a range.',
    since: '6.1',
    isInput: true,
    valueType: 'object',
    minMaxPairs: [
      ['min-date', 'max-date'],
      ['min-days', 'max-days'],
    ],
    properties: {
      name,
      label: { ...rangeStrings(40, 'Label; {start-date, end-date} in range mode.'), required: true },
      mode: { type: 'string', enum: ['single', 'range'], default: 'single', dynamic: false, description: 'Single date or range.' },
      title: { type: 'string', translatable: true, maxLength: 80, description: 'Title (range mode).' },
      description: { type: 'string', translatable: true, maxLength: 300, description: 'Description (range mode).' },
      'helper-text': rangeStrings(80, 'Hint; {start-date, end-date} in range mode.'),
      required: {
        type: ['boolean', 'object'],
        default: false,
        description: 'Whether a value is needed; {start-date, end-date} booleans in range mode.',
        properties: { 'start-date': { type: 'boolean' }, 'end-date': { type: 'boolean' } },
      },
      visible,
      enabled,
      'min-date': { type: 'string', format: 'date', description: 'Earliest selectable date.' },
      'max-date': { type: 'string', format: 'date', description: 'Latest selectable date.' },
      'unavailable-dates': { type: 'array', items: { type: 'string', format: 'date' }, description: 'Dates that cannot be selected.' },
      'include-days': {
        type: 'array',
        items: { type: 'string', enum: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] },
        description: 'Selectable week days (default all).',
      },
      'min-days': { type: 'integer', min: 0, description: 'Shortest range (range mode).' },
      'max-days': { type: 'integer', min: 0, description: 'Longest range (range mode).' },
      'on-select-action': { type: 'object', actions: DATA_EXCHANGE_ACTIONS, description: 'Action when a date is selected.' },
      'init-value': {
        type: ['string', 'object'],
        format: 'date',
        description: 'Initial value; {start-date, end-date} in range mode.',
        properties: { 'start-date': { type: 'string', format: 'date' }, 'end-date': { type: 'string', format: 'date' } },
      },
      'error-message': {
        type: ['string', 'object'],
        maxLength: 80,
        translatable: true,
        description: 'Error shown under the input; {start-date, end-date} in range mode.',
        properties: { 'start-date': { type: 'string', translatable: true, maxLength: 80 }, 'end-date': { type: 'string', translatable: true, maxLength: 80 } },
      },
    },
  },
} as const satisfies Readonly<Record<string, ComponentSpec>>;
