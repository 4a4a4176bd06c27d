import type { ComponentSpec } from './property-spec.js';
import { SELECT_ACTIONS, UPDATE_DATA_ACTIONS } from './actions.js';
import { dataSourceItem, enabled, errorMessage, name, onSelectAction, onUnselectAction, required, visible } from './common-properties.js';

const mediaSize = { type: 'string', since: '5.0', enum: ['regular', 'large'], default: 'regular', description: 'Size of option images.' } as const;
const groupDescription = { type: 'string', since: '4.0', translatable: true, maxLength: 300, description: 'Text under the label.' } as const;
const initStrings = { type: 'array', since: '4.0', items: { type: 'string', translatable: false }, description: 'Initially selected ids (outside a Form).' } as const;

/** Selection inputs with a data-source (spec §2.5). */
export const SELECTION_COMPONENTS = {
  CheckboxGroup: {
    description: 'Multiple choice.',
    since: '2.1',
    isInput: true,
    valueType: 'array',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    minMaxPairs: [['min-selected-items', 'max-selected-items']],
    properties: {
      name,
      'data-source': { type: 'array', required: true, minItems: 1, maxItems: 20, items: dataSourceItem, description: 'The options.' },
      label: { type: 'string', requiredSince: '4.0', translatable: true, maxLength: 30, description: 'Label of the group.' },
      description: groupDescription,
      'min-selected-items': { type: 'integer', min: 0, description: 'Fewest options to select.' },
      'max-selected-items': { type: 'integer', min: 0, description: 'Most options to select.' },
      required,
      enabled,
      visible,
      'on-select-action': onSelectAction,
      'on-unselect-action': onUnselectAction,
      'init-value': initStrings,
      'error-message': errorMessage,
      'media-size': mediaSize,
    },
  },
  RadioButtonsGroup: {
    description: 'Single choice.',
    since: '2.1',
    isInput: true,
    valueType: 'string',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    properties: {
      name,
      'data-source': { type: 'array', required: true, minItems: 1, maxItems: 20, items: dataSourceItem, description: 'The options.' },
      label: { type: 'string', requiredSince: '4.0', translatable: true, maxLength: 30, description: 'Label of the group.' },
      description: groupDescription,
      required,
      enabled,
      visible,
      'on-select-action': onSelectAction,
      'on-unselect-action': onUnselectAction,
      // ⚠ Meta's component table says array<string>, its Form table says string: both are accepted.
      'init-value': { type: ['string', 'array'], since: '4.0', translatable: false, items: { type: 'string', translatable: false }, description: 'Initially selected id (outside a Form).' },
      'error-message': errorMessage,
      'media-size': mediaSize,
    },
  },
  Dropdown: {
    description: 'Single choice from a list (up to 200 options, 100 with images).',
    since: '2.1',
    isInput: true,
    valueType: 'string',
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    formOnlyBefore: '4.0',
    properties: {
      name,
      // ⚠ pywa says 30 characters; Meta says 20. We follow Meta.
      label: { type: 'string', required: true, translatable: true, maxLength: 20, description: 'Label of the field.' },
      'data-source': { type: 'array', required: true, minItems: 1, maxItems: 200, items: dataSourceItem, description: 'The options.' },
      required,
      enabled,
      visible,
      'on-select-action': onSelectAction,
      'on-unselect-action': onUnselectAction,
      'init-value': { type: 'string', since: '4.0', translatable: false, description: 'Initially selected id (outside a Form).' },
      'error-message': errorMessage,
    },
  },
  ChipsSelector: {
    description: 'Multiple choice shown as chips.',
    since: '6.3',
    isInput: true,
    valueType: 'array',
    allowedInIf: '7.1',
    allowedInSwitch: '7.1',
    minMaxPairs: [['min-selected-items', 'max-selected-items']],
    properties: {
      name,
      label: { type: 'string', required: true, translatable: true, maxLength: 80, description: 'Label of the group.' },
      'data-source': {
        type: 'array',
        required: true,
        minItems: 2,
        maxItems: 20,
        description: 'The options.',
        items: {
          type: 'object',
          properties: {
            id: dataSourceItem.properties.id,
            title: dataSourceItem.properties.title,
            enabled,
            'on-select-action': dataSourceItem.properties['on-select-action'],
            'on-unselect-action': dataSourceItem.properties['on-unselect-action'],
          },
        },
      },
      description: { type: 'string', translatable: true, maxLength: 300, description: 'Text under the label.' },
      'min-selected-items': { type: 'integer', min: 0, description: 'Fewest options to select.' },
      'max-selected-items': { type: 'integer', min: 0, description: 'Most options to select.' },
      required,
      enabled,
      visible,
      'init-value': { type: 'array', items: { type: 'string', translatable: false }, description: 'Initially selected ids (outside a Form).' },
      'error-message': errorMessage,
      // pywa also accepts data_exchange on ChipsSelector on-select-action, as on the other selection inputs.
      'on-select-action': { type: 'object', since: '7.1', actions: SELECT_ACTIONS, description: 'Action when a chip is selected.' },
      'on-unselect-action': { type: 'object', since: '7.1', actions: UPDATE_DATA_ACTIONS, description: 'Action when a chip is unselected.' },
    },
  },
} as const satisfies Readonly<Record<string, ComponentSpec>>;
