import { isIP } from 'node:net';
import type { PrivateHttpPolicy } from './is-refused-address.js';

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

/**
 * Reads `FLOWLINE_ALLOW_PRIVATE_HTTP`: unset or `none` (default), `loopback`, `all`, or a comma-separated
 * allow-list of `loopback`, networks (`10.20.0.0/16`, `fd12::/64`, a bare address) and host names
 * (`crm.internal`). Anything else is an error value.
 */
export function parsePrivateHttpPolicy(value: string | undefined): { ok: true; policy: PrivateHttpPolicy } | { ok: false; message: string } {
  const text = (value ?? '').trim();
  if (text === '' || text === 'none') return { ok: true, policy: 'none' };
  if (text === 'loopback' || text === 'all') return { ok: true, policy: text };
  let allowLoopback = false;
  const networks: string[] = [];
  const hosts: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, '');
    if (entry === '') continue;
    if (entry === 'all' || entry === 'none') return { ok: false, message: `FLOWLINE_ALLOW_PRIVATE_HTTP: "${entry}" stands alone, not in a list` };
    if (entry === 'loopback') {
      allowLoopback = true;
      continue;
    }
    const network = parseNetwork(entry);
    if (network !== undefined) networks.push(network);
    else if (HOST_NAME.test(entry) && !/^[\d.]+$/.test(entry)) hosts.push(entry);
    else return { ok: false, message: `FLOWLINE_ALLOW_PRIVATE_HTTP must be none, loopback, all or a comma-separated list of loopback, networks (10.0.0.0/8) and host names; "${raw.trim()}" is none of these` };
  }
  return { ok: true, policy: { loopback: allowLoopback, networks, hosts } };
}

function parseNetwork(entry: string): string | undefined {
  const [address = '', prefix, extra] = entry.replace(/^\[|\](?=\/|$)/g, '').split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return undefined;
  const max = family === 4 ? 32 : 128;
  if (prefix === undefined) return `${address}/${max}`;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return undefined;
  return `${address}/${prefix}`;
}
