import type { PropertySpec } from './property-spec.js';

/** Layout object properties (spec §1.6). */
export const LAYOUT_PROPERTIES = {
  type: { type: 'string', required: true, dynamic: false, enum: ['SingleColumnLayout'], description: 'Only "SingleColumnLayout" exists.' },
  children: { type: 'array', required: true, dynamic: false, components: 'layout', description: 'The components of the screen (at most 50).' },
} as const satisfies Readonly<Record<string, PropertySpec>>;

/** Screen object properties (spec §1.5). */
export const SCREEN_PROPERTIES = {
  id: {
    type: 'string',
    required: true,
    dynamic: false,
    translatable: false,
    minLength: 1,
    pattern: { source: '^[A-Za-z_]+$', description: 'alphabets and underscores' },
    description: 'Unique screen id: letters and underscores; SUCCESS is reserved.',
  },
  layout: { type: 'object', required: true, dynamic: false, properties: LAYOUT_PROPERTIES, description: 'The layout of the screen.' },
  title: { type: 'string', dynamic: true, translatable: true, description: 'Shown in the top navigation bar.' },
  terminal: { type: 'boolean', dynamic: false, default: false, description: 'Whether the Flow ends on this screen.' },
  success: { type: 'boolean', dynamic: false, default: true, description: 'Whether ending here is a successful outcome (terminal screens only).' },
  data: {
    type: 'object',
    dynamic: false,
    description: 'Data model: each field declared with JSON Schema syntax and an __example__.',
    values: { type: 'object' },
  },
  refresh_on_back: { type: 'boolean', dynamic: false, default: false, description: 'Ask the endpoint for fresh data when the customer goes back (endpoint Flows).' },
  sensitive: {
    type: 'array',
    since: '5.1',
    dynamic: false,
    items: { type: 'string', translatable: false },
    description: 'Names of fields masked in the response summary.',
  },
} as const satisfies Readonly<Record<string, PropertySpec>>;

/** Top-level document properties (spec §1.1). No other key is allowed. */
export const DOCUMENT_PROPERTIES = {
  version: { type: 'string', required: true, dynamic: false, description: 'Flow JSON version, e.g. "7.3".' },
  screens: {
    type: 'array',
    required: true,
    dynamic: false,
    minItems: 1,
    maxItems: 100,
    items: { type: 'object', properties: SCREEN_PROPERTIES },
    description: 'The screens of the Flow (1–100).',
  },
  routing_model: {
    type: 'object',
    dynamic: false,
    values: { type: 'array', items: { type: 'string' } },
    description: 'Forward routes between screens (required with data_api_version).',
  },
  data_api_version: { type: 'string', dynamic: false, description: 'Declares a data endpoint: "3.0" or "4.0".' },
  data_channel_uri: {
    type: 'string',
    until: '2.1',
    dynamic: false,
    format: 'uri',
    description: 'Endpoint URL (2.1 only; from 3.0 set endpoint_uri through the Flows API).',
  },
} as const satisfies Readonly<Record<string, PropertySpec>>;
