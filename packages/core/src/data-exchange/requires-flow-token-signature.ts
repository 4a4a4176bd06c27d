import { isVersionAtLeast } from '../model/compare-versions.js';

/**
 * Whether WhatsApp sends a `flow_token_signature` with this Flow's requests (platform spec §1.4, §1.9):
 * Flow JSON 7.3 or later declaring data_api_version 4.0 or later.
 */
export function requiresFlowTokenSignature(flow: unknown): boolean {
  if (typeof flow !== 'object' || flow === null) return false;
  const { version, data_api_version: dataApi } = flow as { readonly version?: unknown; readonly data_api_version?: unknown };
  return typeof version === 'string' && typeof dataApi === 'string' && isVersionAtLeast(version, '7.3') && Number(dataApi) >= 4;
}
