import { boolean, integer, nullable, object, oneOf, string, unknownValue, type Infer } from '../schema.js';
import { epochMs, FLOW_STATUSES } from './vocabulary.js';

/** A Flow as listed. */
export const flowView = object({
  id: string(),
  name: string(),
  status: oneOf(FLOW_STATUSES),
  publishedVersion: nullable(integer()),
  latestVersion: nullable(integer()),
  createdAt: epochMs(),
  updatedAt: epochMs(),
});
/** A Flow as the API answers it. */
export type FlowView = Infer<typeof flowView>;

/** A version as listed (without its document). */
export const versionSummaryView = object({ number: integer(), createdAt: epochMs(), createdBy: string(), published: boolean(), hasEndpointConfig: boolean(), reviewState: string({ description: 'draft, in_review, changes_requested, approved, published or deprecated (docs/governance.md)' }) });
/** A version as the API lists it. */
export type VersionSummaryView = Infer<typeof versionSummaryView>;

/** A version with its Flow JSON text, endpoint configuration and policy. */
export const versionView = object({
  flowId: string(),
  number: integer(),
  createdAt: epochMs(),
  createdBy: string(),
  published: boolean(),
  flowJson: string({ description: 'the Flow JSON text as stored' }),
  endpointConfig: unknownValue('declarative endpoint configuration, or null'),
  policy: unknownValue('validation policy, or null'),
});
/** A version with its document, as the API answers it. */
export type VersionView = Infer<typeof versionView>;
