import { DATA_EXCHANGE_LIMITS } from './data-exchange-limits.js';
import type { DataExchangeRequest, FlowAction } from './data-exchange-request.js';

/** Why a decrypted payload is not a request: a malformed field, or one over its length limit, with a message naming the field (never its value). */
export interface DataExchangeProblem {
  readonly ok: false;
  /** Protocol codes: ERR_REQUEST_MALFORMED (HTTP 400), ERR_FIELD_TOO_LARGE (HTTP 413). */
  readonly code: 'ERR_REQUEST_MALFORMED' | 'ERR_FIELD_TOO_LARGE';
  readonly message: string;
}

/** A parsed request, or the problem that refused it. */
export type ParseDataExchangeResult = { readonly ok: true; readonly request: DataExchangeRequest } | DataExchangeProblem;

/**
 * Parses a decrypted data endpoint payload (platform spec §1.4) in one pass over its top-level fields:
 * `action` one of ping, INIT, BACK, data_exchange; `version` a string; `screen` a string when present
 * (`""` reads as absent); `data` an object when present (`{}` when absent); `flow_token` a non-empty
 * string except for a ping; every field within DATA_EXCHANGE_LIMITS, `data.error` included.
 */
export function parseDataExchangeRequest(value: unknown): ParseDataExchangeResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed('payload must be a JSON object');
  const fields = value as Record<string, unknown>;
  const { version, action, screen, data, flow_token: flowToken, flow_token_signature: signature } = fields;
  if (action !== 'ping' && action !== 'INIT' && action !== 'BACK' && action !== 'data_exchange') return malformed('action must be ping, INIT, BACK or data_exchange');
  if (typeof version !== 'string') return malformed('version must be a string');
  if (screen !== undefined && screen !== null && typeof screen !== 'string') return malformed('screen must be a string');
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) return malformed('data must be an object');
  if (flowToken !== undefined && typeof flowToken !== 'string') return malformed('flow_token must be a string');
  if (action !== 'ping' && (flowToken === undefined || flowToken === '')) return malformed('flow_token is required');
  const clientError = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)['error'] : undefined;
  const tooLong =
    longer(version, DATA_EXCHANGE_LIMITS.versionLength, 'version') ??
    longer(screen, DATA_EXCHANGE_LIMITS.screenLength, 'screen') ??
    longer(flowToken, DATA_EXCHANGE_LIMITS.flowTokenLength, 'flow_token') ??
    longer(signature, DATA_EXCHANGE_LIMITS.flowTokenSignatureLength, 'flow_token_signature') ??
    longer(clientError, DATA_EXCHANGE_LIMITS.clientErrorLength, 'data.error');
  if (tooLong !== undefined) return tooLong;
  if (action === 'ping') return { ok: true, request: { version, action } };
  return {
    ok: true,
    request: {
      version,
      action: action satisfies FlowAction,
      screen: typeof screen === 'string' && screen !== '' ? screen : undefined,
      data: (data ?? {}) as Record<string, unknown>,
      // Checked above: a string, and not empty for every action but ping.
      flow_token: flowToken as string,
      flow_token_signature: typeof signature === 'string' ? signature : undefined,
    },
  };
}

function malformed(message: string): DataExchangeProblem {
  return { ok: false, code: 'ERR_REQUEST_MALFORMED', message };
}

function longer(value: unknown, max: number, field: string): DataExchangeProblem | undefined {
  return typeof value === 'string' && value.length > max ? { ok: false, code: 'ERR_FIELD_TOO_LARGE', message: `${field} exceeds ${max} characters` } : undefined;
}
