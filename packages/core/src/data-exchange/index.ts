export { DATA_EXCHANGE_LIMITS } from './data-exchange-limits.js';
export { isErrorNotification } from './data-exchange-request.js';
export type { DataExchangeAction, DataExchangeRequest, ErrorNotification, FlowAction, FlowRequest, FlowRequestBody, PingRequest } from './data-exchange-request.js';
export { acknowledgeError, closeFlow, errorMessage, healthCheckResponse, invalidFlowTokenResponse, nextScreen, SUCCESS_SCREEN } from './data-exchange-response.js';
export type { CloseFlowResponse, DataExchangeResponse, ErrorAcknowledgement, HealthCheckResponse, InvalidFlowTokenResponse, NextScreenResponse } from './data-exchange-response.js';
export { parseDataExchangeRequest } from './parse-data-exchange-request.js';
export type { DataExchangeProblem, ParseDataExchangeResult } from './parse-data-exchange-request.js';
export { requiresFlowTokenSignature } from './requires-flow-token-signature.js';
