import { BlockList, isIP } from 'node:net';

/** The operator's explicit allow-list of non-public destinations (FLOWLINE_ALLOW_PRIVATE_HTTP as a list). */
export interface OutboundAllowList {
  /** Loopback addresses (`127.0.0.0/8`, `::1`) and `localhost` names may be reached. */
  readonly loopback: boolean;
  /** Networks in CIDR form (`10.20.0.0/16`, `fd12::/64`; a bare address is a /32 or /128) that may be reached. */
  readonly networks: readonly string[];
  /** Host names (lower case, exact) that may resolve to non-public addresses; an address literal hop is not covered. */
  readonly hosts: readonly string[];
}

/**
 * Which non-public destinations outbound HTTP may reach: none (default), loopback only (tests, local
 * sinks), all (no check at all), or an explicit allow-list.
 */
export type PrivateHttpPolicy = 'none' | 'loopback' | 'all' | OutboundAllowList;

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

// RFC 6890 special-purpose ranges outbound HTTP must never reach: private, link-local (cloud metadata), CGNAT, multicast, reserved.
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.0.0.0', 24],
  ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) nonPublic.addSubnet(net, prefix, 'ipv4');
// IPv6: unspecified, ULA, link-local, multicast, documentation, discard-only, local-use NAT64 (RFC 8215), Teredo (hides an IPv4 peer), site-local.
for (const [net, prefix] of [['::', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['100::', 64], ['64:ff9b:1::', 48], ['2001::', 32], ['fec0::', 10]] as const) {
  nonPublic.addSubnet(net, prefix, 'ipv6');
}

const allowedNetworks = new WeakMap<OutboundAllowList, BlockList>();

/** Why an address is refused under the policy, or undefined when it may be reached. */
export function isRefusedAddress(address: string, policy: PrivateHttpPolicy): string | undefined {
  if (policy === 'all') return undefined;
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (typeof policy === 'object' && networksOf(policy).check(address, type)) return undefined;
  if (family === 6) {
    // An IPv6 address that carries an IPv4 address reaches that IPv4 address: judge the IPv4 one.
    const embedded = embeddedIpv4(address);
    if (embedded !== undefined) {
      const refused = isRefusedAddress(embedded, policy);
      return refused === undefined ? undefined : `${address} embeds ${refused}`;
    }
  }
  if (loopback.check(address, type)) return allowsLoopback(policy) ? undefined : `${address} is a loopback address`;
  if (nonPublic.check(address, type)) return `${address} is a private, link-local or reserved address`;
  return undefined;
}

/** True when the policy lets loopback addresses (and `localhost` names) be reached. */
export function allowsLoopback(policy: PrivateHttpPolicy): boolean {
  return policy === 'all' || policy === 'loopback' || (typeof policy === 'object' && policy.loopback);
}

/** True when the operator allowed this host name by name, so its addresses are not checked. */
export function isAllowedHost(hostname: string, policy: PrivateHttpPolicy): boolean {
  if (typeof policy !== 'object') return false;
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return policy.hosts.includes(name);
}

function networksOf(policy: OutboundAllowList): BlockList {
  let list = allowedNetworks.get(policy);
  if (list === undefined) {
    list = new BlockList();
    for (const cidr of policy.networks) {
      const [net = '', prefix] = cidr.split('/');
      const family = isIP(net);
      if (family === 0) continue;
      list.addSubnet(net, prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix), family === 4 ? 'ipv4' : 'ipv6');
    }
    allowedNetworks.set(policy, list);
  }
  return list;
}

/**
 * The IPv4 address an IPv6 address carries, if any: IPv4-compatible `::a.b.c.d` (::/96), IPv4-mapped
 * `::ffff:a.b.c.d` (::ffff:0:0/96), IPv4-translated `::ffff:0:a.b.c.d`, NAT64 `64:ff9b::/96` (RFC 6052)
 * and 6to4 `2002:AABB:CCDD::/48` (RFC 3056).
 */
export function embeddedIpv4(address: string): string | undefined {
  const bytes = toIpv6Bytes(address);
  if (bytes === undefined) return undefined;
  const zeros = (from: number, to: number): boolean => bytes.slice(from, to).every((b) => b === 0);
  const quad = (at: number): string => `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
  if (zeros(0, 10)) {
    const mark = ((bytes[10] ?? 0) << 8) | (bytes[11] ?? 0);
    // :: and ::1 are judged as IPv6 (unspecified, loopback); the rest of ::/96 is IPv4-compatible.
    if (mark === 0xffff || (mark === 0 && !(zeros(12, 15) && (bytes[15] ?? 0) <= 1))) return quad(12);
  }
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return quad(12);
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) return quad(12);
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return quad(2);
  return undefined;
}

/** The 16 bytes of a valid IPv6 address (with an optional trailing dotted quad and zone). */
function toIpv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '');
  const tail: number[] = [];
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted !== null) {
    tail.push(...dotted.slice(1).map(Number));
    text = `${text.slice(0, dotted.index)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return undefined;
  const all = [...left, ...new Array<number>(missing).fill(0), ...right];
  const bytes = all.flatMap((g) => [g >> 8, g & 255]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes.length === 16 && bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? bytes : undefined;
}
