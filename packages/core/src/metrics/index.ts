export { ENDPOINT_THRESHOLDS } from './flow-metrics.js';
export type { EndpointThresholds, FlowMetrics, FunnelStep } from './flow-metrics.js';
