import { isJsonObject } from '@flowline/core';
import type { PeerAnswer } from './start-peer-endpoint.js';

const ok = (body: unknown): PeerAnswer => ({ status: 200, body });

/**
 * The data endpoint of endpoint-scenarios/shop.flow.json: INIT greets, a quantity above
 * 10 goes to C and otherwise to D, 0 or less stays on A with an `error_message`, 427 expires the
 * flow token, 999 gets a screen the Flow does not have, BACK from C refreshes A, and C or D complete through SUCCESS.
 */
export function answerShop(request: unknown): PeerAnswer {
  if (!isJsonObject(request)) return { status: 500, body: {} };
  const data = isJsonObject(request['data']) ? request['data'] : {};
  const flowToken = request['flow_token'];
  switch (request['action']) {
    case 'ping':
      return ok({ data: { status: 'active' } });
    case 'INIT':
      return ok({ screen: 'A', data: { greeting: 'Hello Ana' } });
    case 'BACK':
      return ok({ screen: 'A', data: { greeting: 'Welcome back, Ana' } });
    case 'data_exchange':
      break;
    default:
      return { status: 500, body: {} };
  }
  if (data['error'] !== undefined) return ok({ data: { acknowledged: true } });
  const quantity = typeof data['quantity'] === 'number' ? data['quantity'] : Number(data['quantity']);
  switch (request['screen']) {
    case 'A':
      if (quantity === 427) return { status: 427, body: { error_msg: 'This order link has expired' } };
      // A deliberately wrong answer: the client reports it back as an error notification.
      if (quantity === 999) return ok({ screen: 'NOWHERE', data: {} });
      if (!(quantity > 0)) return ok({ screen: 'A', data: { greeting: 'Hello Ana', error_message: 'Choose at least one item' } });
      return quantity > 10 ? ok({ screen: 'C', data: { quantity, discount: 10 } }) : ok({ screen: 'D', data: { quantity } });
    case 'C':
      return ok({ screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: flowToken, path: 'bulk', quantity } } } });
    case 'D': {
      const photos = Array.isArray(data['photos']) ? data['photos'].length : 0;
      return ok({ screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: flowToken, path: 'small', quantity, photos } } } });
    }
    default:
      return { status: 500, body: {} };
  }
}
