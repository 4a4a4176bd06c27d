/** Publishing status of a Flow JSON version (spec §1.2): frozen versions can no longer be published. */
export type VersionStatus = 'frozen' | 'publishable';

/** One Flow JSON version: when it came, what it changed, whether it can still be published. */
export interface FlowJsonVersionInfo {
  readonly version: string;
  /** Release date or approximate period, as known (spec §1.2; "≈" dates are pywa adoption dates). */
  readonly introduced: string;
  readonly changes: string;
  readonly status: VersionStatus;
  /** ISO date when the version was frozen, where known. */
  readonly frozenOn?: string;
}

/** Every Flow JSON version Meta has released, oldest first (spec §1.2). */
export const FLOW_JSON_VERSIONS = [
  {
    version: '2.1',
    introduced: '2023',
    changes:
      'Baseline: text components, TextInput, TextArea, CheckboxGroup, RadioButtonsGroup, Dropdown, DatePicker (ms timestamps), OptIn, EmbeddedLink, Footer, Image, Form (inputs must be inside a Form); actions navigate, data_exchange, complete; data_channel_uri in the document.',
    status: 'frozen',
    frozenOn: '2025-04-08',
  },
  {
    version: '3.0',
    introduced: '≈ Dec 2023',
    changes: 'Breaking: data_channel_uri removed from Flow JSON (the endpoint is set through the Flows API endpoint_uri).',
    status: 'frozen',
    frozenOn: '2025-04-08',
  },
  {
    version: '3.1',
    introduced: '≈ Jan 2024',
    changes: 'No documented change (gap in the captured material).',
    status: 'frozen',
    frozenOn: '2025-04-08',
  },
  {
    version: '4.0',
    introduced: '≈ Jun 2024',
    changes:
      'Form optional; per-component init-value and error-message outside Form; If and Switch; PhotoPicker and DocumentPicker; global references ${screen.<id>.(form|data).<field>}; description on CheckboxGroup/RadioButtonsGroup; label required on CheckboxGroup/RadioButtonsGroup.',
    status: 'frozen',
    frozenOn: '2025-04-08',
  },
  {
    version: '5.0',
    introduced: '≈ Aug 2024',
    changes:
      'DatePicker uses "YYYY-MM-DD" strings; data-source items gain image, alt-text and color; media-size on CheckboxGroup/RadioButtonsGroup.',
    status: 'frozen',
    frozenOn: '2025-09-10',
  },
  {
    version: '5.1',
    introduced: '≈ Sep 2024',
    changes: 'RichText; markdown on TextBody/TextCaption; screen sensitive fields; response summary in chat.',
    status: 'publishable',
  },
  {
    version: '6.0',
    introduced: '≈ Oct 2024',
    changes:
      'Actions update_data and open_url; nested backtick expressions; on-unselect-action; actions on data-source items; open_url on EmbeddedLink/OptIn; data-source image limit 100 KB.',
    status: 'publishable',
  },
  { version: '6.1', introduced: '≈ Nov 2024', changes: 'CalendarPicker (single and range modes).', status: 'publishable' },
  { version: '6.2', introduced: '2024-12-10', changes: 'NavigationList; TextInput pattern.', status: 'publishable' },
  {
    version: '6.3',
    introduced: '2025-01-14',
    changes: 'ChipsSelector; RichText may share its screen with a Footer.',
    status: 'publishable',
  },
  {
    version: '7.0',
    introduced: '2025-03-11',
    changes:
      'label-variant "large" on TextInput/TextArea; component on-select-action no longer fires on screen render; Form init-values and error-messages are type-checked.',
    status: 'publishable',
  },
  {
    version: '7.1',
    introduced: '2025-06-10',
    changes: 'ChipsSelector inside If/Switch, with on-select-action/on-unselect-action; ImageCarousel.',
    status: 'publishable',
  },
  {
    version: '7.2',
    introduced: '2025-07-08',
    changes: 'Variables referenced in nested expressions inside actions must exist in the data model.',
    status: 'publishable',
  },
  {
    version: '7.3',
    introduced: '2025-09-10',
    changes:
      'Stricter routing-model and data-model validation; flow_token_signature sent to endpoints when Flow JSON ≥ 7.3 and data_api_version ≥ 4.0.',
    status: 'publishable',
  },
] as const satisfies readonly FlowJsonVersionInfo[];

/** A Flow JSON version string known to the registry ("2.1" … "7.3"). */
export type FlowJsonVersion = (typeof FLOW_JSON_VERSIONS)[number]['version'];

/** The newest Flow JSON version the registry knows. */
export const LATEST_FLOW_JSON_VERSION: FlowJsonVersion = '7.3';

/** One Data API version (the endpoint protocol declared by `data_api_version`, spec §1.3). */
export interface DataApiVersionInfo {
  readonly version: string;
  readonly introduced: string;
  readonly changes: string;
}

/** Every Data API version, oldest first. */
export const DATA_API_VERSIONS = [
  { version: '3.0', introduced: '2023', changes: 'Standard endpoint protocol (request version "3.0").' },
  {
    version: '4.0',
    introduced: '2025-11-11',
    changes: 'Platform-side signature verification and optional flow_token_signature (JWT signed with the app secret).',
  },
] as const satisfies readonly DataApiVersionInfo[];

/** A known Data API version string. */
export type DataApiVersion = (typeof DATA_API_VERSIONS)[number]['version'];

const KNOWN_VERSIONS: ReadonlyMap<string, FlowJsonVersionInfo> = new Map(FLOW_JSON_VERSIONS.map((v) => [v.version, v]));

/** Whether `value` is a Flow JSON version the registry knows. */
export function isFlowJsonVersion(value: string): value is FlowJsonVersion {
  return KNOWN_VERSIONS.has(value);
}

/** The registry entry of a Flow JSON version, or undefined when unknown. */
export function findFlowJsonVersion(version: string): FlowJsonVersionInfo | undefined {
  return KNOWN_VERSIONS.get(version);
}
