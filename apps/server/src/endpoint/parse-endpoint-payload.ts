import { ENDPOINT_LIMITS } from './endpoint-limits.js';

/** A decrypted request payload with its fields checked (platform spec §1.4). */
export interface EndpointPayload {
  readonly version: string;
  readonly action: 'ping' | 'INIT' | 'BACK' | 'data_exchange';
  readonly screen: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  readonly flowToken: string | undefined;
  readonly flowTokenSignature: string | undefined;
}

/** Why a payload was refused: a malformed field (400) or one over its length limit (413), with a message naming the field. */
export type PayloadProblem = { readonly ok: false; readonly code: 'ERR_REQUEST_MALFORMED' | 'ERR_FIELD_TOO_LARGE'; readonly message: string };

const ACTIONS: ReadonlySet<string> = new Set(['ping', 'INIT', 'BACK', 'data_exchange']);

/** Parses a decrypted payload; returns a problem naming the bad field when it is malformed or too long. */
export function parseEndpointPayload(value: unknown): { ok: true; payload: EndpointPayload } | PayloadProblem {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed('payload must be a JSON object');
  const fields = value as Record<string, unknown>;
  const { version, action, screen, data, flow_token: flowToken, flow_token_signature: signature } = fields;
  if (typeof action !== 'string' || !ACTIONS.has(action)) return malformed('action must be ping, INIT, BACK or data_exchange');
  if (typeof version !== 'string') return malformed('version must be a string');
  if (screen !== undefined && screen !== null && typeof screen !== 'string') return malformed('screen must be a string');
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) return malformed('data must be an object');
  if (flowToken !== undefined && typeof flowToken !== 'string') return malformed('flow_token must be a string');
  if (action !== 'ping' && (typeof flowToken !== 'string' || flowToken === '')) return malformed('flow_token is required');
  const clientError = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['error'] : undefined;
  const tooLong =
    longer(version, ENDPOINT_LIMITS.versionLength, 'version') ??
    longer(screen, ENDPOINT_LIMITS.screenLength, 'screen') ??
    longer(flowToken, ENDPOINT_LIMITS.flowTokenLength, 'flow_token') ??
    longer(signature, ENDPOINT_LIMITS.flowTokenSignatureLength, 'flow_token_signature') ??
    longer(clientError, ENDPOINT_LIMITS.clientErrorLength, 'data.error');
  if (tooLong !== undefined) return tooLong;
  return {
    ok: true,
    payload: {
      version,
      action: action as EndpointPayload['action'],
      screen: typeof screen === 'string' && screen !== '' ? screen : undefined,
      data: (data ?? {}) as Record<string, unknown>,
      flowToken,
      flowTokenSignature: typeof signature === 'string' ? signature : undefined,
    },
  };
}

function malformed(message: string): PayloadProblem {
  return { ok: false, code: 'ERR_REQUEST_MALFORMED', message };
}

function longer(value: unknown, max: number, field: string): PayloadProblem | undefined {
  return typeof value === 'string' && value.length > max ? { ok: false, code: 'ERR_FIELD_TOO_LARGE', message: `${field} exceeds ${max} characters` } : undefined;
}
