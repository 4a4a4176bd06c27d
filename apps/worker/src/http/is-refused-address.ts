import { BlockList, isIP } from 'node:net';

/** Which non-public addresses outbound HTTP may reach: none (default), loopback only (tests, local sinks) or all. */
export type PrivateHttpPolicy = 'none' | 'loopback' | 'all';

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

// RFC 6890 special-purpose ranges a webhook must never reach: private, link-local (cloud metadata), CGNAT, multicast, reserved.
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64]] as const) nonPublic.addSubnet(net, prefix, 'ipv6');

/** Why an address is refused under the policy, or undefined when it may be reached. Checks IPv4, IPv6 and IPv4-mapped IPv6. */
export function isRefusedAddress(address: string, policy: PrivateHttpPolicy): string | undefined {
  if (policy === 'all') return undefined;
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const mapped = family === 6 ? mappedIpv4(address) : undefined;
  if (mapped !== undefined) return isRefusedAddress(mapped, policy);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (loopback.check(address, type)) return policy === 'loopback' ? undefined : `${address} is a loopback address`;
  if (nonPublic.check(address, type)) return `${address} is a private, link-local or reserved address`;
  return undefined;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1` or `::ffff:7f00:1`). */
function mappedIpv4(address: string): string | undefined {
  const dotted = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (dotted !== undefined) return dotted;
  const hex = /^(?:0{0,4}:){0,5}:?ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] === undefined || hex[2] === undefined) return undefined;
  const hi = parseInt(hex[1], 16);
  const lo = parseInt(hex[2], 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}
