export { ENDPOINT_THRESHOLDS } from './flow-metrics.js';
export type { EndpointThresholds, FlowMetrics, FunnelStep, MetricFigure, UnknownFigure, UnknownFigureCode } from './flow-metrics.js';
