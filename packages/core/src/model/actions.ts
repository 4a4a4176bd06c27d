import type { ActionAllowance, PropertySpec } from './property-spec.js';
import type { FlowJsonVersion } from './flow-json-versions.js';

/** One action of Flow JSON (spec §3): when it came and the keys of its object besides `name`. */
export interface ActionSpec {
  readonly since: FlowJsonVersion;
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertySpec>>;
}

const payload: PropertySpec = {
  type: 'object',
  description: 'Values (literals or bindings) sent with the action.',
  values: { type: ['string', 'number', 'integer', 'boolean', 'array', 'object'] },
};

/** Every action and its shape (spec §3). */
export const ACTIONS = {
  navigate: {
    since: '2.1',
    description: "Opens the next screen; the payload becomes that screen's ${data.*}.",
    properties: {
      next: {
        type: 'object',
        required: true,
        description: 'The screen to open.',
        properties: {
          // pywa also knows "plugin"; Meta documents only "screen".
          type: { type: 'string', enum: ['screen'], default: 'screen', description: 'Always "screen".' },
          name: { type: 'string', required: true, description: 'The id of the screen to open.' },
        },
      },
      payload,
    },
  },
  complete: {
    since: '2.1',
    description: 'Ends the Flow; the payload goes to the business in the completion webhook.',
    properties: { payload },
  },
  data_exchange: {
    since: '2.1',
    description: "Sends the payload to the data endpoint, which answers with the next screen and its data.",
    properties: { payload },
  },
  update_data: {
    since: '6.0',
    description: "Updates the current screen's data immediately, without navigation or server call.",
    properties: { payload: { ...payload, required: true } },
  },
  open_url: {
    since: '6.0',
    description: 'Opens a link in the device browser.',
    properties: { url: { type: 'string', required: true, format: 'uri', description: 'The link to open.' } },
  },
} as const satisfies Readonly<Record<string, ActionSpec>>;

/** The name of an action ("navigate", "complete", …). */
export type ActionName = keyof typeof ACTIONS;

/** Footer `on-click-action`. */
export const FOOTER_ACTIONS = [
  { name: 'navigate', since: '2.1' },
  { name: 'data_exchange', since: '2.1' },
  { name: 'complete', since: '2.1' },
] as const satisfies readonly ActionAllowance[];

/** EmbeddedLink and OptIn `on-click-action`. */
export const LINK_ACTIONS = [
  { name: 'navigate', since: '2.1' },
  { name: 'data_exchange', since: '2.1' },
  { name: 'open_url', since: '6.0' },
] as const satisfies readonly ActionAllowance[];

/** CheckboxGroup, RadioButtonsGroup, Dropdown `on-select-action`. */
export const SELECT_ACTIONS = [
  { name: 'data_exchange', since: '2.1' },
  { name: 'update_data', since: '6.0' },
] as const satisfies readonly ActionAllowance[];

/** `on-unselect-action` and data-source item actions. */
export const UPDATE_DATA_ACTIONS = [{ name: 'update_data', since: '6.0' }] as const satisfies readonly ActionAllowance[];

/** DatePicker and CalendarPicker `on-select-action`. */
export const DATA_EXCHANGE_ACTIONS = [{ name: 'data_exchange', since: '2.1' }] as const satisfies readonly ActionAllowance[];

/** NavigationList (component or item) `on-click-action`. */
export const NAVIGATION_ACTIONS = [
  { name: 'navigate', since: '2.1' },
  { name: 'data_exchange', since: '2.1' },
] as const satisfies readonly ActionAllowance[];
