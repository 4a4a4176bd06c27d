import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventInput, FlowEvent } from '@flowline/storage';
import { toEvents } from '../../endpoint/trace/storage-trace-sink.js';
import { emptyTraceFields, type TraceRecord } from '../../endpoint/trace/trace-record.js';
import { computeFlowMetrics } from './compute-flow-metrics.js';

// Issue 11, defect 3: only real customers count, and a figure that cannot be known says so.

const FLOW = 'booking';
const SCREENS = ['WELCOME', 'DETAILS', 'CONFIRM'];
let clock = 1_000_000;
let ids = 0;

/** A stored event as the repository returns it. */
function stored(e: EventInput): FlowEvent {
  ids += 1;
  return { id: `ev-${ids}`, workspaceId: 'ws', type: e.type, flowId: e.flowId ?? null, version: e.version ?? null, sendId: e.sendId ?? null, screen: e.screen ?? null, data: e.data ?? null, at: typeof e.at === 'number' ? e.at : new Date(e.at).getTime() };
}

/** The events the durable trace derives from one endpoint exchange (the same function the server uses). */
function exchange(session: { sendId?: string; first?: boolean }, action: string, screen: string | undefined, nextScreen: string): FlowEvent[] {
  clock += 1000;
  const entry: TraceRecord = {
    ...emptyTraceFields, at: clock, flowId: FLOW, version: 1, status: 200, latencyMs: 20, outcome: 'ok',
    action, screen, nextScreen, sendId: session.sendId, firstExchange: session.first === true,
  };
  return toEvents(entry).map(stored);
}

const sent = (sendId: string): FlowEvent => stored({ type: 'sent', flowId: FLOW, version: 1, sendId, at: (clock += 1000) });
const submitted = (sendId: string | undefined): FlowEvent => stored({ type: 'submitted', flowId: FLOW, version: 1, ...(sendId === undefined ? {} : { sendId }), at: (clock += 1000) });
const routed = (sendId: string, submissionId: string, ruleIds: string[]): FlowEvent => stored({ type: 'routed', flowId: FLOW, version: 1, sendId, data: { submissionId, ruleIds, actions: ruleIds.length, usedDefault: false }, at: clock });

/** A whole session through the endpoint: INIT to the first screen, then one data_exchange per further screen. */
function session(sendId: string | undefined, screens: readonly string[]): FlowEvent[] {
  const owner = sendId === undefined ? {} : { sendId };
  const events = exchange({ ...owner, first: true }, 'INIT', undefined, screens[0] ?? 'WELCOME');
  for (let i = 1; i < screens.length; i++) events.push(...exchange(owner, 'data_exchange', screens[i - 1], screens[i] ?? ''));
  return events;
}

describe('computeFlowMetrics', () => {
  it('counts only sessions of real sends: simulations, made-up tokens, reopened sessions and second answers add nothing', () => {
    const events = [
      sent('s1'), sent('s2'),
      // s1 goes through and answers (routed by a rule); its answer arrives twice (the second is an exception).
      ...session('s1', SCREENS), submitted('s1'), routed('s1', 'sub-1', ['rule-1']), submitted('s1'),
      // s2 opens, its session expires, it opens again (still one open) and stops on DETAILS.
      ...session('s2', ['WELCOME']), ...session('s2', ['WELCOME', 'DETAILS']),
      // Two CLI simulations (their flow tokens belong to no send) and an answer with an unknown flow_token.
      ...session(undefined, SCREENS), ...session(undefined, ['WELCOME']), submitted(undefined),
    ];
    const m = computeFlowMetrics(events, [], { screens: SCREENS, hasEndpoint: true, routingRules: 1 });
    assert.equal(m.sends, 2);
    assert.equal(m.opens, 2);
    assert.equal(m.submissions, 1);
    assert.equal(m.unmatchedSubmissions, 1);
    assert.equal(m.completionRate, 0.5);
    assert.deepEqual(m.funnel, [
      { screen: 'WELCOME', reached: 2, droppedOff: 0 },
      { screen: 'DETAILS', reached: 2, droppedOff: 1 },
      { screen: 'CONFIRM', reached: 1, droppedOff: 0 },
    ]);
    assert.equal(m.dropOffStep, 'DETAILS');
    assert.deepEqual(m.routing, { routed: 1, rerouted: 0, accuracy: 1 });
    assert.equal(m.unknown.opens, undefined);
    assert.equal(m.unknown.funnel, undefined);
    assert.equal(m.unknown.routingAccuracy, undefined);
  });

  it('a Flow opened with navigate: its first exchange reports two screens at one instant, and the later one is where it stopped', () => {
    // The first exchange is a data_exchange from COMPANY answered with SMALL_BUSINESS: opened, COMPANY and SMALL_BUSINESS share one time.
    const first = exchange({ sendId: 's1', first: true }, 'data_exchange', 'COMPANY', 'SMALL_BUSINESS');
    assert.deepEqual(first.map((e) => [e.type, e.screen]), [['opened', 'COMPANY'], ['screen_reached', 'COMPANY'], ['screen_reached', 'SMALL_BUSINESS']]);
    const screens = ['COMPANY', 'ENTERPRISE', 'SMALL_BUSINESS'];
    // Storage orders events of one instant by id, which is random within a millisecond: both orders give the same answer.
    for (const events of [[sent('s1'), ...first], [sent('s1'), ...[...first].reverse()]]) {
      const m = computeFlowMetrics(events, [], { screens, hasEndpoint: true, routingRules: 0 });
      assert.equal(m.dropOffStep, 'SMALL_BUSINESS');
      assert.deepEqual(m.funnel, [{ screen: 'COMPANY', reached: 1, droppedOff: 0 }, { screen: 'ENTERPRISE', reached: 0, droppedOff: 0 }, { screen: 'SMALL_BUSINESS', reached: 1, droppedOff: 1 }]);
    }
  });

  it('a Flow without endpoint: opens and the funnel are unknown with the reason, never 0 beside 100 % completion', () => {
    const events = [sent('s1'), sent('s2'), submitted('s1'), routed('s1', 'sub-1', ['r']), submitted('s2'), routed('s2', 'sub-2', ['r'])];
    const m = computeFlowMetrics(events, [], { screens: SCREENS, hasEndpoint: false, routingRules: 1 });
    assert.equal(m.hasEndpoint, false);
    assert.equal(m.sends, 2);
    assert.equal(m.submissions, 2);
    assert.equal(m.completionRate, 1);
    assert.equal(m.opens, null);
    assert.equal(m.funnel, null);
    assert.equal(m.dropOffStep, null);
    assert.equal(m.unknown.opens?.code, 'static_flow');
    assert.match(m.unknown.opens?.reason ?? '', /no data endpoint/);
    assert.equal(m.unknown.funnel?.code, 'static_flow');
    assert.match(m.unknown.funnel?.reason ?? '', /only known at completion/);
    assert.equal(m.unknown.dropOffStep?.code, 'static_flow');
    assert.equal(m.unknown.endpointLatency?.code, 'no_endpoint');
    assert.equal(m.unknown.endpointErrorRate?.code, 'no_endpoint');
  });

  it('routing accuracy without routing rules is unknown ("no routing rules"), not 100 %', () => {
    // The pipeline writes `routed` with no rule ids when the Flow has no rules: nothing was routed.
    const events = [sent('s1'), submitted('s1'), routed('s1', 'sub-1', [])];
    const none = computeFlowMetrics(events, [], { screens: SCREENS, hasEndpoint: true, routingRules: 0 });
    assert.deepEqual(none.routing, { routed: 0, rerouted: 0, accuracy: null });
    assert.deepEqual(none.unknown.routingAccuracy, { code: 'no_routing_rules', reason: 'no routing rules' });
    const unmatched = computeFlowMetrics(events, [], { screens: SCREENS, hasEndpoint: true, routingRules: 2 });
    assert.equal(unmatched.unknown.routingAccuracy?.code, 'nothing_routed');
  });

  it('every null figure is named in `unknown`, and nothing known is', () => {
    const empty = computeFlowMetrics([], [], { screens: SCREENS, hasEndpoint: true, routingRules: 0 });
    assert.equal(empty.completionRate, null);
    assert.deepEqual(Object.keys(empty.unknown).sort(), ['completionRate', 'endpointErrorRate', 'endpointLatency', 'medianTimeToCompleteMs', 'medianTimeToResolutionMs', 'routingAccuracy']);
    assert.equal(empty.unknown.completionRate?.code, 'no_sends');
    assert.equal(empty.unknown.endpointLatency?.code, 'no_endpoint_requests');
    assert.equal(empty.opens, 0, 'a dynamic Flow with no sends has 0 opens: known');
    assert.deepEqual(empty.funnel, SCREENS.map((screen) => ({ screen, reached: 0, droppedOff: 0 })));
  });
});
