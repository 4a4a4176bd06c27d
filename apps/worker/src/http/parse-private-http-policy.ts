import type { PrivateHttpPolicy } from './is-refused-address.js';

/** Reads `FLOWLINE_ALLOW_PRIVATE_HTTP` (unset or `none`, `loopback`, `all`); anything else is an error value. */
export function parsePrivateHttpPolicy(value: string | undefined): { ok: true; policy: PrivateHttpPolicy } | { ok: false; message: string } {
  if (value === undefined || value === '' || value === 'none') return { ok: true, policy: 'none' };
  if (value === 'loopback' || value === 'all') return { ok: true, policy: value };
  return { ok: false, message: `FLOWLINE_ALLOW_PRIVATE_HTTP must be none, loopback or all (got "${value}")` };
}
