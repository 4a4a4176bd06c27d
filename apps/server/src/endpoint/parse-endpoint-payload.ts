/** A decrypted request payload with its fields checked (platform spec §1.4). */
export interface EndpointPayload {
  readonly version: string;
  readonly action: 'ping' | 'INIT' | 'BACK' | 'data_exchange';
  readonly screen: string | undefined;
  readonly data: Readonly<Record<string, unknown>>;
  readonly flowToken: string | undefined;
  readonly flowTokenSignature: string | undefined;
}

const ACTIONS: ReadonlySet<string> = new Set(['ping', 'INIT', 'BACK', 'data_exchange']);

/** Parses a decrypted payload; returns a message naming the bad field when it is malformed. */
export function parseEndpointPayload(value: unknown): { ok: true; payload: EndpointPayload } | { ok: false; message: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'payload must be a JSON object' };
  const fields = value as Record<string, unknown>;
  const { version, action, screen, data, flow_token: flowToken, flow_token_signature: signature } = fields;
  if (typeof action !== 'string' || !ACTIONS.has(action)) return { ok: false, message: 'action must be ping, INIT, BACK or data_exchange' };
  if (typeof version !== 'string') return { ok: false, message: 'version must be a string' };
  if (screen !== undefined && screen !== null && typeof screen !== 'string') return { ok: false, message: 'screen must be a string' };
  if (data !== undefined && data !== null && (typeof data !== 'object' || Array.isArray(data))) return { ok: false, message: 'data must be an object' };
  if (flowToken !== undefined && typeof flowToken !== 'string') return { ok: false, message: 'flow_token must be a string' };
  if (action !== 'ping' && (typeof flowToken !== 'string' || flowToken === '')) return { ok: false, message: 'flow_token is required' };
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
