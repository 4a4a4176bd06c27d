import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlowHealthEvent } from '@flowline/storage';
import { activeAlerts } from './meta-flow-lifecycle.js';

const event = (id: string, graphFlowId: string, name: string, alertState: string | null, at: number): FlowHealthEvent => ({
  id, workspaceId: 'ws', flowId: 'f', graphFlowId, event: name, alertState, newStatus: null, message: null, details: {}, at,
});

test('an alert stays active until Meta sends it DEACTIVATED; status changes are not alerts', () => {
  const events = [
    event('5', '1', 'ENDPOINT_LATENCY', 'DEACTIVATED', 50),
    event('4', '1', 'FLOW_STATUS_CHANGE', null, 40),
    event('3', '1', 'ENDPOINT_ERROR_RATE', 'ACTIVATED', 30),
    event('2', '1', 'ENDPOINT_LATENCY', 'ACTIVATED', 20),
    event('1', '2', 'ENDPOINT_LATENCY', 'ACTIVATED', 10),
  ];
  assert.deepEqual(activeAlerts(events).map((e) => e.id), ['3', '1']);
});
