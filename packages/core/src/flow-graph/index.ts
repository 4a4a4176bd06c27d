export { buildFlowGraph, type FlowEdge, type FlowEdges, type FlowEdgeSource, type FlowGraph, type FlowGraphScreen } from './build-flow-graph.js';
export { findEntryScreens } from './find-entry-screens.js';
export { reachableFrom } from './reachable-from.js';
