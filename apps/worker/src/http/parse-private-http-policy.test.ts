import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePrivateHttpPolicy } from './parse-private-http-policy.js';

describe('parsePrivateHttpPolicy (FLOWLINE_ALLOW_PRIVATE_HTTP)', () => {
  it('is off by default and keeps the three keywords', () => {
    for (const value of [undefined, '', ' none ']) assert.deepEqual(parsePrivateHttpPolicy(value), { ok: true, policy: 'none' });
    assert.deepEqual(parsePrivateHttpPolicy('loopback'), { ok: true, policy: 'loopback' });
    assert.deepEqual(parsePrivateHttpPolicy('all'), { ok: true, policy: 'all' });
  });

  it('reads an allow-list of loopback, networks and host names', () => {
    assert.deepEqual(parsePrivateHttpPolicy('loopback, 10.20.0.0/16, 192.168.1.7, [fd12::]/64, CRM.internal., erp-01'), {
      ok: true,
      policy: { loopback: true, networks: ['10.20.0.0/16', '192.168.1.7/32', 'fd12::/64'], hosts: ['crm.internal', 'erp-01'] },
    });
  });

  it('refuses entries that are neither', () => {
    for (const value of ['loopbak!', '10.0.0.0/33', 'all,10.0.0.0/8', 'http://crm.internal', '10.0.0.0/8/1', '1.2.3']) {
      const parsed = parsePrivateHttpPolicy(value);
      assert.equal(parsed.ok, false, value);
    }
  });
});
