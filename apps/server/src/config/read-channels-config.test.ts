import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseChannelsConfig } from './read-channels-config.js';

test('reads the Graph settings only when both the phone number id and the access token are set', () => {
  assert.deepEqual(parseChannelsConfig({}), { graph: undefined, webhookVerifyToken: undefined, wabaId: undefined, publicBaseUrl: undefined });
  assert.equal(parseChannelsConfig({ FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: '1' }).graph, undefined);
  assert.deepEqual(parseChannelsConfig({ FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: '1', FLOWLINE_WHATSAPP_ACCESS_TOKEN: 't', FLOWLINE_WEBHOOK_VERIFY_TOKEN: 'v' }), {
    graph: { baseUrl: 'https://graph.facebook.com', apiVersion: 'v23.0', phoneNumberId: '1', accessToken: 't' },
    webhookVerifyToken: 'v',
    wabaId: undefined,
    publicBaseUrl: undefined,
  });
  assert.equal(parseChannelsConfig({ FLOWLINE_WHATSAPP_PHONE_NUMBER_ID: '1', FLOWLINE_WHATSAPP_ACCESS_TOKEN: 't', FLOWLINE_GRAPH_BASE_URL: 'http://127.0.0.1:9', FLOWLINE_GRAPH_API_VERSION: 'v21.0' }).graph?.apiVersion, 'v21.0');
});
