export { parseVersion, compareVersions, isVersionAtLeast } from './compare-versions.js';
export type { ParsedVersion } from './compare-versions.js';
export { findVersionFreezeStatus, type VersionFreezeStatus } from './version-freeze-status.js';
export {
  FLOW_JSON_VERSIONS,
  LATEST_FLOW_JSON_VERSION,
  DATA_API_VERSIONS,
  isFlowJsonVersion,
  findFlowJsonVersion,
} from './flow-json-versions.js';
export type { FlowJsonVersion, FlowJsonVersionInfo, VersionStatus, DataApiVersion, DataApiVersionInfo } from './flow-json-versions.js';
export type {
  JsonType,
  StringFormat,
  ChildContext,
  ActionAllowance,
  ValueSpec,
  VersionChange,
  PropertySpec,
  ComponentSpec,
} from './property-spec.js';
export {
  ACTIONS,
  FOOTER_ACTIONS,
  LINK_ACTIONS,
  SELECT_ACTIONS,
  UPDATE_DATA_ACTIONS,
  DATA_EXCHANGE_ACTIONS,
  NAVIGATION_ACTIONS,
} from './actions.js';
export type { ActionSpec, ActionName } from './actions.js';
export {
  COMPONENT_TABLE,
  COMPONENTS,
  COMPONENT_TYPES,
  isComponentType,
  findComponent,
  getComponent,
} from './components.js';
export type { ComponentType, ResolvedComponentSpec, ResolvedPropertySpec } from './components.js';
export { DOCUMENT_PROPERTIES, SCREEN_PROPERTIES, LAYOUT_PROPERTIES } from './document-properties.js';
export { resolvePropertyAt, isAvailableAt } from './resolve-property-at.js';
export type {
  DynamicString,
  ValueOf,
  PropertiesOf,
  Action,
  ActionOf,
  Component,
  ComponentOf,
  Layout,
  Screen,
  FlowJson,
} from './flow-json-types.js';
export { toReferenceMarkdown, toComponentsMarkdown, toVersionsMarkdown } from './to-reference-markdown.js';
