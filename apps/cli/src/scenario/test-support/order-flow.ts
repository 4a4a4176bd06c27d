/** A small endpoint-powered Flow for runner tests: INIT → PICK → (data_exchange) DONE → SUCCESS. */
export const ORDER_FLOW = {
  version: '7.3',
  data_api_version: '3.0',
  routing_model: { PICK: ['DONE'], DONE: [] },
  screens: [
    {
      id: 'PICK',
      title: 'Pick',
      data: { greeting: { type: 'string', __example__: 'Hi' } },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextBody', text: '${data.greeting}' },
          { type: 'TextInput', name: 'qty', label: 'Quantity', 'input-type': 'number', required: true },
          { type: 'Footer', label: 'Next', 'on-click-action': { name: 'data_exchange', payload: { qty: '${form.qty}' } } },
        ],
      },
    },
    {
      id: 'DONE',
      title: 'Done',
      terminal: true,
      data: { total: { type: 'number', __example__: 1 } },
      layout: {
        type: 'SingleColumnLayout',
        children: [
          { type: 'TextBody', text: "`'Total ' ${data.total}`" },
          { type: 'Footer', label: 'Finish', 'on-click-action': { name: 'data_exchange', payload: { confirmed: true } } },
        ],
      },
    },
  ],
};

/** The endpoint logic of ORDER_FLOW, as a business would write it. */
export function answerOrder(payload: unknown): { body: unknown } {
  const request = payload as { action?: string; screen?: string; data?: Record<string, unknown>; flow_token?: string };
  if (request.action === 'INIT') return { body: { screen: 'PICK', data: { greeting: 'Hello Ana' } } };
  if (request.screen === 'PICK') return { body: { screen: 'DONE', data: { total: Number(request.data?.['qty']) * 2 } } };
  return {
    body: { screen: 'SUCCESS', data: { extension_message_response: { params: { flow_token: request.flow_token, total: 6 } } } },
  };
}
