import type { ComponentSpec, PropertySpec } from './property-spec.js';
import { FOOTER_ACTIONS, NAVIGATION_ACTIONS } from './actions.js';
import { enabled, name, visible } from './common-properties.js';

const caption = (where: string) => ({ type: 'string', translatable: true, maxLength: 15, description: `Caption ${where} the button.` }) as const satisfies PropertySpec;

const MIME_TYPES = [
  'application/gzip',
  'application/msword',
  'application/pdf',
  'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/x-7z-compressed',
  'application/zip',
  'image/avif',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'image/webp',
  'text/plain',
  'video/mp4',
  'video/mpeg',
] as const;

const pickerErrorMessage = {
  type: ['string', 'object'],
  translatable: true,
  description: 'Error shown under the picker; an object {media_id: message} only through a binding.',
  values: { type: 'string', translatable: true },
} as const satisfies PropertySpec;

const fileSize = { type: 'integer', min: 1, max: 25600, default: 25600, description: 'Largest file in KiB.' } as const satisfies PropertySpec;
const minCount = { type: 'integer', min: 0, max: 30, default: 0, description: 'Fewest files (0 = optional).' } as const satisfies PropertySpec;
const maxCount = { type: 'integer', min: 1, max: 30, default: 30, description: 'Most files.' } as const satisfies PropertySpec;

const navigationItem = {
  type: 'object',
  description: 'An item of the list.',
  properties: {
    id: { type: 'string', required: true, translatable: false, description: 'Identifier of the item.' },
    'main-content': {
      type: 'object',
      required: true,
      description: 'Main text.',
      properties: {
        title: { type: 'string', required: true, translatable: true, maxLength: 30, description: 'Title.' },
        // ⚠ pywa's docstring gives 20/80 for end description/metadata; Meta's table is followed here.
        description: { type: 'string', translatable: true, maxLength: 20, description: 'Description.' },
        metadata: { type: 'string', translatable: true, maxLength: 80, description: 'Metadata.' },
      },
    },
    start: {
      type: 'object',
      description: 'Leading image.',
      properties: {
        image: { type: 'string', required: true, format: 'base64', description: 'Base64 image, ≤ 100 KB.' },
        'alt-text': { type: 'string', translatable: true, description: 'Accessibility text.' },
      },
    },
    end: {
      type: 'object',
      description: 'Trailing text (not with media-size large).',
      properties: {
        title: { type: 'string', translatable: true, maxLength: 10, description: 'Title.' },
        description: { type: 'string', translatable: true, maxLength: 10, description: 'Description.' },
        metadata: { type: 'string', translatable: true, maxLength: 10, description: 'Metadata.' },
      },
    },
    badge: { type: 'string', translatable: true, maxLength: 15, description: 'Badge (one item per list).' },
    tags: { type: 'array', maxItems: 3, items: { type: 'string', translatable: true, maxLength: 15 }, description: 'Up to 3 tags.' },
    'on-click-action': { type: 'object', actions: NAVIGATION_ACTIONS, description: 'Action when the item is pressed.' },
  },
} as const satisfies PropertySpec;

/** Footer, media pickers, NavigationList and the containers If, Switch and Form (spec §2.6, §2.13–§2.17). */
export const STRUCTURE_COMPONENTS = {
  Footer: {
    description: 'The bottom button of the screen.',
    since: '2.1',
    isInput: false,
    allowedInIf: '4.0',
    allowedInSwitch: '4.0',
    maxPerScreen: 1,
    dependentPairs: [['left-caption', 'right-caption']],
    exclusive: [{ property: 'center-caption', others: ['left-caption', 'right-caption'] }],
    properties: {
      label: { type: 'string', required: true, translatable: true, maxLength: 35, description: 'Button text.' },
      'on-click-action': { type: 'object', required: true, actions: FOOTER_ACTIONS, description: 'Action when the button is pressed.' },
      'left-caption': caption('left of'),
      'center-caption': caption('centred under'),
      'right-caption': caption('right of'),
      enabled,
    },
  },
  PhotoPicker: {
    description: 'Take or choose photos (Cloud API only).',
    since: '4.0',
    isInput: true,
    valueType: 'array',
    minMaxPairs: [['min-uploaded-photos', 'max-uploaded-photos']],
    properties: {
      name,
      // ⚠ pywa says 30 characters; Meta's media upload page says 80. We follow Meta.
      label: { type: 'string', required: true, translatable: true, maxLength: 80, description: 'Label of the picker.' },
      description: { type: 'string', translatable: true, maxLength: 300, description: 'Text under the label.' },
      'photo-source': { type: 'string', enum: ['camera_gallery', 'camera', 'gallery'], default: 'camera_gallery', description: 'Where photos come from.' },
      'max-file-size-kb': fileSize,
      'min-uploaded-photos': minCount,
      'max-uploaded-photos': maxCount,
      enabled,
      visible,
      'error-message': pickerErrorMessage,
    },
  },
  DocumentPicker: {
    description: 'Choose documents (Cloud API only).',
    since: '4.0',
    isInput: true,
    valueType: 'array',
    minMaxPairs: [['min-uploaded-documents', 'max-uploaded-documents']],
    properties: {
      name,
      label: { type: 'string', required: true, translatable: true, maxLength: 80, description: 'Label of the picker.' },
      description: { type: 'string', translatable: true, maxLength: 300, description: 'Text under the label.' },
      'allowed-mime-types': { type: 'array', items: { type: 'string', enum: MIME_TYPES }, description: 'Accepted file types (default all).' },
      'max-file-size-kb': fileSize,
      'min-uploaded-documents': minCount,
      'max-uploaded-documents': maxCount,
      enabled,
      visible,
      'error-message': pickerErrorMessage,
    },
  },
  NavigationList: {
    description: 'A list of items that each navigate or call the endpoint; alone on its screen.',
    since: '6.2',
    isInput: false,
    maxPerScreen: 2,
    properties: {
      name,
      'list-items': { type: 'array', required: true, minItems: 1, maxItems: 20, items: navigationItem, description: 'The items.' },
      label: { type: 'string', translatable: true, maxLength: 80, description: 'Label above the list.' },
      description: { type: 'string', translatable: true, maxLength: 300, description: 'Text under the label.' },
      'media-size': { type: 'string', enum: ['regular', 'large'], default: 'regular', description: 'Size of item images.' },
      'on-click-action': { type: 'object', actions: NAVIGATION_ACTIONS, description: 'Action for every item (or set one per item).' },
    },
  },
  If: {
    description: 'Shows `then` or `else` depending on a condition.',
    since: '4.0',
    isInput: false,
    allowedInIf: '4.0',
    properties: {
      condition: { type: 'string', required: true, dynamic: false, translatable: false, description: 'Boolean expression, e.g. ${form.age} > 18.' },
      then: { type: 'array', required: true, dynamic: false, minItems: 1, components: 'if', description: 'Components shown when true.' },
      else: { type: 'array', dynamic: false, components: 'if', description: 'Components shown when false.' },
    },
  },
  Switch: {
    description: 'Shows the components of the case matching a value.',
    since: '4.0',
    isInput: false,
    allowedInIf: '4.0',
    properties: {
      value: { type: 'string', required: true, dynamic: false, translatable: false, description: 'Binding whose value selects the case.' },
      cases: {
        type: 'object',
        required: true,
        dynamic: false,
        description: 'Map of value to components.',
        minProperties: 1,
        values: { type: 'array', components: 'switch' },
      },
    },
  },
  Form: {
    description: 'Groups inputs (required before 4.0, optional after).',
    since: '2.1',
    isInput: false,
    properties: {
      name: { ...name, description: 'Name of the Form.' },
      children: { type: 'array', required: true, dynamic: false, minItems: 1, components: 'form', description: 'The components of the Form.' },
      'init-values': { type: 'object', values: { type: ['string', 'array', 'boolean', 'object'], translatable: false }, description: 'Initial values by input name.' },
      'error-messages': { type: 'object', values: { type: 'string', translatable: true }, description: 'Error messages by input name.' },
    },
  },
} as const satisfies Readonly<Record<string, ComponentSpec>>;
