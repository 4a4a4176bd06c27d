import type { PropertySpec } from './property-spec.js';
import { SELECT_ACTIONS, UPDATE_DATA_ACTIONS } from './actions.js';

// Shared property shapes of the component table. Component properties are dynamic unless marked
// `dynamic: false`: Meta accepts a binding, and from 6.0 a backtick expression, on any component
// property except `name` and `type` (spec §1.8).

/** `visible`: whether the component is shown. */
export const visible = { type: 'boolean', default: true, description: 'Whether the component is shown.' } as const satisfies PropertySpec;

/** `enabled`: whether the customer can interact with the component. */
export const enabled = { type: 'boolean', default: true, description: 'Whether the customer can interact with it.' } as const satisfies PropertySpec;

/** `required`: whether the input must be filled before the Footer can be pressed. */
export const required = { type: 'boolean', default: false, description: 'Whether a value must be entered.' } as const satisfies PropertySpec;

/** `name`: the input's name, referenced as `${form.<name>}`. */
export const name = {
  type: 'string',
  required: true,
  dynamic: false,
  translatable: false,
  minLength: 1,
  description: 'Name of the field, referenced as ${form.<name>}; unique on the screen.',
} as const satisfies PropertySpec;

/** `error-message` of an input outside a Form (4.0+). */
export const errorMessage = {
  type: 'string',
  since: '4.0',
  translatable: true,
  description: 'Error shown under the input (outside a Form).',
} as const satisfies PropertySpec;

/** A data-source item of CheckboxGroup, RadioButtonsGroup and Dropdown (spec §2.5). */
export const dataSourceItem = {
  type: 'object',
  description: 'An option.',
  properties: {
    id: { type: 'string', required: true, translatable: false, description: 'Value returned in ${form.<name>}.' },
    title: { type: 'string', required: true, translatable: true, maxLength: 30, description: 'Text of the option.' },
    description: { type: 'string', translatable: true, maxLength: 300, description: 'Secondary text.' },
    metadata: { type: 'string', translatable: true, maxLength: 20, description: 'Tertiary text.' },
    enabled,
    image: {
      type: 'string',
      since: '5.0',
      format: 'base64',
      description: 'Base64 image: up to 300 KB before 6.0, up to 100 KB from 6.0.',
    },
    'alt-text': { type: 'string', since: '5.0', translatable: true, description: 'Accessibility text of the image.' },
    color: { type: 'string', since: '5.0', format: 'color', description: '6-digit hex colour.' },
    'on-select-action': { type: 'object', since: '6.0', actions: UPDATE_DATA_ACTIONS, description: 'Action when the option is selected.' },
    'on-unselect-action': { type: 'object', since: '6.0', actions: UPDATE_DATA_ACTIONS, description: 'Action when the option is unselected.' },
  },
} as const satisfies PropertySpec;

/** `on-select-action` of selection inputs (data_exchange; update_data from 6.0). */
export const onSelectAction = { type: 'object', actions: SELECT_ACTIONS, description: 'Action when a value is selected.' } as const satisfies PropertySpec;

/** `on-unselect-action` of selection inputs (update_data, 6.0+). */
export const onUnselectAction = {
  type: 'object',
  since: '6.0',
  actions: UPDATE_DATA_ACTIONS,
  description: 'Action when a value is unselected.',
} as const satisfies PropertySpec;

/** A string array of the given date format (DatePicker / CalendarPicker `unavailable-dates`). */
export const dateList = { type: 'array', items: { type: 'string', format: 'date' }, description: 'Dates that cannot be selected.' } as const satisfies PropertySpec;
