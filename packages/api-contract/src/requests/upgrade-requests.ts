import { FLOW_JSON_VERSIONS } from '@flowline/core';
import { boolean, type Infer, integer, object, oneOf, optional } from '../schema.js';
import { flowJsonInput } from './flow-requests.js';

const VERSIONS = FLOW_JSON_VERSIONS.map((v) => v.version);

/** The body of `POST /flows/{flowId}/upgrade`: the target version, the source, and whether to save. */
export const upgradeFlowBody = object({
  to: optional(oneOf(VERSIONS, 'target Flow JSON version')),
  version: optional(integer({ minimum: 1, description: 'the stored version to upgrade (default: the latest)' })),
  flowJson: optional(flowJsonInput),
  save: optional(boolean({ description: 'store the upgrade as a new version (default false)' })),
});
/** What the route reads from it. */
export type UpgradeFlowBody = Infer<typeof upgradeFlowBody>;
