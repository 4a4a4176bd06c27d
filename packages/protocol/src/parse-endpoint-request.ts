import { isJsonObject } from '@flowline/core';
import { ProtocolError } from './protocol-error.js';

/** Fields shared by every request of an open Flow (platform spec §1.4). */
interface FlowRequestFields {
  /** Data API version as sent (`"3.0"`; `"4.0"` expected with data_api_version 4.0). */
  version: string;
  flowToken: string;
  /** Data API 4.0 JWT; verify with verifyFlowTokenSignature. */
  flowTokenSignature?: string;
  data: Record<string, unknown>;
}

/** A decrypted data endpoint request, discriminated by `kind` (platform spec §1.4, §1.8). */
export type EndpointRequest =
  | { kind: 'ping'; action: 'ping'; version: string }
  | (FlowRequestFields & {
      /** The client reporting that the previous response was invalid (`data.error`). */
      kind: 'error_notification';
      action: 'INIT' | 'BACK' | 'data_exchange';
      screen?: string;
      error: string;
      errorMessage?: string;
    })
  | (FlowRequestFields & { kind: 'INIT'; action: 'INIT'; screen?: string })
  | (FlowRequestFields & { kind: 'BACK'; action: 'BACK'; screen?: string })
  | (FlowRequestFields & { kind: 'data_exchange'; action: 'data_exchange'; screen: string });

/** The `action` values a request may carry. */
export type EndpointAction = EndpointRequest['action'];

/** Parses a decrypted payload into an EndpointRequest; anything else throws ERR_REQUEST_MALFORMED (HTTP 400). */
export function parseEndpointRequest(payload: unknown): EndpointRequest {
  if (!isJsonObject(payload)) throw malformed('the request payload must be a JSON object');
  const version = payload['version'];
  if (typeof version !== 'string' || version === '') throw malformed('version must be a non-empty string');
  const action = payload['action'];
  if (action === 'ping') return { kind: 'ping', action, version };
  if (action !== 'INIT' && action !== 'BACK' && action !== 'data_exchange') {
    throw malformed(typeof action === 'string' ? `unknown action ${JSON.stringify(action.slice(0, 40))}` : 'action must be a string');
  }
  const fields = flowRequestFields(payload, version);
  const rawScreen = payload['screen'];
  if (rawScreen !== undefined && rawScreen !== null && typeof rawScreen !== 'string') throw malformed('screen must be a string');
  // INIT and BACK may come without a screen or with "" (seen in a real INIT); keep it absent then.
  const screen = typeof rawScreen === 'string' && rawScreen !== '' ? rawScreen : undefined;
  const error = fields.data['error'];
  if (typeof error === 'string') {
    const errorMessage = fields.data['error_message'];
    return {
      kind: 'error_notification',
      action,
      ...fields,
      ...(screen === undefined ? {} : { screen }),
      error,
      ...(typeof errorMessage === 'string' ? { errorMessage } : {}),
    };
  }
  switch (action) {
    case 'INIT':
      return { kind: 'INIT', action, ...fields, ...(screen === undefined ? {} : { screen }) };
    case 'BACK':
      return { kind: 'BACK', action, ...fields, ...(screen === undefined ? {} : { screen }) };
    case 'data_exchange':
      if (screen === undefined) throw malformed('a data_exchange request must name its screen');
      return { kind: 'data_exchange', action, ...fields, screen };
  }
}

function flowRequestFields(payload: Record<string, unknown>, version: string): FlowRequestFields {
  const flowToken = payload['flow_token'];
  if (typeof flowToken !== 'string' || flowToken === '') throw malformed('flow_token must be a non-empty string');
  const rawData = payload['data'];
  if (rawData !== undefined && rawData !== null && !isJsonObject(rawData)) throw malformed('data must be a JSON object');
  const signature = payload['flow_token_signature'];
  if (signature !== undefined && signature !== null && typeof signature !== 'string') throw malformed('flow_token_signature must be a string');
  return {
    version,
    flowToken,
    data: isJsonObject(rawData) ? rawData : {},
    ...(typeof signature === 'string' ? { flowTokenSignature: signature } : {}),
  };
}

function malformed(message: string): ProtocolError {
  return new ProtocolError('ERR_REQUEST_MALFORMED', message);
}
