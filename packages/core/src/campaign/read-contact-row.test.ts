import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readContactRow } from './read-contact-row.js';
import { exclusionReason, matchesSegment, toFlowActionData } from './segment.js';

const NOW = Date.parse('2026-05-01T00:00:00Z');

test('reads a row into E.164 with opt-in, tags and the other columns as fields', () => {
  const result = readContactRow({ phone: '0034 600 111 222', name: 'Ana', tags: 'vip; spring|', opt_in_source: 'web form', opt_in_at: '2026-03-01T10:00:00Z', plan: 'gold', city: ' ' }, { now: NOW });
  assert.deepEqual(result, { ok: true, contact: { phone: '+34600111222', name: 'Ana', tags: ['vip', 'spring'], fields: { plan: 'gold' }, optInSource: 'web form', optedInAt: Date.parse('2026-03-01T10:00:00Z') } });
  const defaulted = readContactRow({ phone: '+34600111222' }, { now: NOW, optInSource: 'shop', optedInAt: NOW - 5 });
  assert.ok(defaulted.ok && defaulted.contact.optInSource === 'shop' && defaulted.contact.optedInAt === NOW - 5);
});

test('refuses a row without a valid phone or opt-in, saying which column', () => {
  const cases: [Record<string, string>, string, string][] = [
    [{ phone: '' }, 'PHONE_MISSING', 'phone'],
    [{ phone: '0600 111 222', opt_in_source: 's', opt_in_at: '1' }, 'PHONE_INVALID', 'phone'],
    [{ phone: '+34600111222', opt_in_at: '1' }, 'OPT_IN_SOURCE_MISSING', 'opt_in_source'],
    [{ phone: '+34600111222', opt_in_source: 's' }, 'OPT_IN_TIME_MISSING', 'opt_in_at'],
    [{ phone: '+34600111222', opt_in_source: 's', opt_in_at: 'yesterday' }, 'OPT_IN_TIME_INVALID', 'opt_in_at'],
    [{ phone: '+34600111222', opt_in_source: 's', opt_in_at: '2027-01-01T00:00:00Z' }, 'OPT_IN_IN_FUTURE', 'opt_in_at'],
  ];
  for (const [row, code, column] of cases) {
    const result = readContactRow(row, { now: NOW });
    assert.ok(!result.ok, code);
    assert.deepEqual([result.problem.code, result.problem.column], [code, column]);
    assert.ok(result.problem.message.length > 10);
  }
});

test('matches segments by tags, fields and activity', () => {
  const contact = { id: 'c1', tags: ['vip', 'es'], fields: { plan: 'gold', renewals: 2 } };
  assert.equal(matchesSegment(contact, { tags: ['vip'], fields: { plan: 'gold' } }), true);
  assert.equal(matchesSegment(contact, { tags: ['vip', 'pt'] }), false);
  assert.equal(matchesSegment(contact, { notTags: ['es'] }), false);
  assert.equal(matchesSegment(contact, { fields: { renewals: '2' } }), false, 'fields compare by value and type');
  const activity = { activity: 'completed', flowId: 'booking', withinDays: 30 } as const;
  assert.equal(matchesSegment(contact, { activity }, new Set(['c1'])), true);
  assert.equal(matchesSegment(contact, { activity }, new Set()), false);
  assert.equal(matchesSegment(contact, { activity: { ...activity, negate: true } }, new Set()), true);
});

test('excludes at send time: opted out, on the exclusion list, within the quiet period', () => {
  const base = { optedIn: true, onExclusionList: false, campaignName: 'spring', lastOtherCampaignAt: undefined, quietPeriodMs: 86_400_000, now: NOW };
  assert.equal(exclusionReason(base), undefined);
  assert.match(exclusionReason({ ...base, optedIn: false }) ?? '', /opted out/);
  assert.match(exclusionReason({ ...base, onExclusionList: true }) ?? '', /exclusion list of campaign spring/);
  assert.match(exclusionReason({ ...base, lastOtherCampaignAt: NOW - 3_600_000 }) ?? '', /quiet period/);
  assert.equal(exclusionReason({ ...base, lastOtherCampaignAt: NOW - 2 * 86_400_000 }), undefined);
});

test('personalises flow_action_data from contact values and literals', () => {
  const data = toFlowActionData({ customer: 'name', plan: 'fields.plan', phone: 'phone', promo: '"SPRING26"', missing: 'fields.nothing' }, { phone: '+34600111222', name: 'Ana', fields: { plan: 'gold' } });
  assert.deepEqual(data, { customer: 'Ana', plan: 'gold', phone: '+34600111222', promo: 'SPRING26' });
});
