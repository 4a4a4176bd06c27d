import { pageQuery } from '../page.js';
import { type Infer, integer, object, oneOf, optional, record, string, unknownValue } from '../schema.js';
import { FLOW_STATUSES } from '../views/vocabulary.js';
import { flowJsonInput } from './flow-requests.js';

/** The query of `GET /flows`: a page, filtered by status. */
export const flowListQuery = object({ ...pageQuery, status: optional(oneOf(FLOW_STATUSES)) });
/** What the route reads from it. */
export type FlowListQuery = Infer<typeof flowListQuery>;

/** The body of `POST /flows/{flowId}/publish`. */
export const publishFlowBody = object({
  version: integer({ minimum: 1 }),
  emergency: optional(object({ reason: string({ minLength: 1, maxLength: 4000, description: 'why this cannot wait for review' }) }, 'admin only: publish without approval')),
});
/** What the route reads from it. */
export type PublishFlowBody = Infer<typeof publishFlowBody>;

/** The body of `POST /flows/{flowId}/status`: the status set by hand. */
export const flowStatusBody = object({ status: oneOf(['draft', 'deprecated', 'throttled', 'blocked']) });
/** What the route reads from it. */
export type FlowStatusBody = Infer<typeof flowStatusBody>;

/** The body of `POST /validate`: Flow JSON text and an optional policy. */
export const validateFlowBody = object({ flowJson: flowJsonInput, policy: optional(record()) });
/** What the route reads from it. */
export type ValidateFlowBody = Infer<typeof validateFlowBody>;

/** The query of `GET /flows/{flowId}/contract`: the version (default: the latest). */
export const contractQuery = object({ version: optional(integer({ minimum: 1, fromString: true })) });
/** What the route reads from it. */
export type ContractQuery = Infer<typeof contractQuery>;

/** The query of `GET /flows/{flowId}/versions`: a page. */
export const versionListQuery = object(pageQuery);
/** What the route reads from it. */
export type VersionListQuery = Infer<typeof versionListQuery>;

/** The body of `POST /flows/{flowId}/endpoint-config/check`: a declarative endpoint configuration and optionally the Flow JSON it serves. */
export const checkEndpointConfigBody = object({ endpointConfig: unknownValue('declarative endpoint configuration, or null for none'), flowJson: optional(flowJsonInput) });
/** What the route reads from it. */
export type CheckEndpointConfigBody = Infer<typeof checkEndpointConfigBody>;

/** The query of `GET /flows/{flowId}/export`: the version (default: the latest). */
export const exportVersionQuery = object({ version: optional(integer({ minimum: 1, fromString: true })) });
/** What the route reads from it. */
export type ExportVersionQuery = Infer<typeof exportVersionQuery>;

/** The query of `GET /flows/{flowId}/diff`: the two versions compared. */
export const versionDiffQuery = object({ from: integer({ minimum: 1, fromString: true }), to: integer({ minimum: 1, fromString: true }) });
/** What the route reads from it. */
export type VersionDiffQuery = Infer<typeof versionDiffQuery>;
