import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRefusedAddress, type PrivateHttpPolicy } from './is-refused-address.js';

describe('isRefusedAddress', () => {
  const cases: [string, PrivateHttpPolicy, boolean][] = [
    ['93.184.216.34', 'none', false],
    ['2606:2800:220:1:248:1893:25c8:1946', 'none', false],
    ['127.0.0.1', 'none', true],
    ['127.0.0.1', 'loopback', false],
    ['::1', 'none', true],
    ['::1', 'loopback', false],
    ['10.1.2.3', 'loopback', true],
    ['172.16.0.1', 'none', true],
    ['192.168.1.1', 'none', true],
    ['169.254.169.254', 'loopback', true],
    ['100.64.0.1', 'none', true],
    ['0.0.0.0', 'none', true],
    ['fe80::1', 'none', true],
    ['fd00::1', 'none', true],
    ['::', 'none', true],
    ['::ffff:127.0.0.1', 'none', true],
    ['::ffff:7f00:1', 'none', true],
    ['::ffff:10.0.0.1', 'loopback', true],
    ['::ffff:93.184.216.34', 'none', false],
    ['10.1.2.3', 'all', false],
    // IPv4-compatible, NAT64 and 6to4 addresses carry an IPv4 address, which is what gets judged.
    ['::127.0.0.1', 'none', true],
    ['::7f00:1', 'none', true],
    ['::a9fe:a9fe', 'loopback', true],
    ['::5db8:d822', 'none', false],
    ['64:ff9b::127.0.0.1', 'none', true],
    ['64:ff9b::a00:1', 'loopback', true],
    ['64:ff9b::93.184.216.34', 'none', false],
    ['64:ff9b:1::1', 'none', true],
    ['::ffff:0:a9fe:a9fe', 'none', true],
    ['2002:a9fe:a9fe::1', 'none', true],
    ['2002:5db8:d822::1', 'none', false],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'none', true],
    ['64:ff9b::127.0.0.1', 'loopback', false],
    ['10.20.1.1', { loopback: false, networks: ['10.20.0.0/16'], hosts: [] }, false],
    ['10.21.1.1', { loopback: false, networks: ['10.20.0.0/16'], hosts: [] }, true],
    ['::ffff:10.20.1.1', { loopback: false, networks: ['10.20.0.0/16'], hosts: [] }, false],
    ['127.0.0.1', { loopback: false, networks: ['10.20.0.0/16'], hosts: ['localhost'] }, true],
    ['127.0.0.1', { loopback: true, networks: [], hosts: [] }, false],
  ];
  for (const [address, policy, refused] of cases) {
    it(`${refused ? 'refuses' : 'allows'} ${address} under ${JSON.stringify(policy)}`, () => {
      assert.equal(isRefusedAddress(address, policy) !== undefined, refused);
    });
  }
});
