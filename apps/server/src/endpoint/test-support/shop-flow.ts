/** A two-screen endpoint Flow of the endpoint tests: PICK (items, note) routes to the terminal DONE (total). */
export const shopFlow = {
  version: '7.0',
  data_api_version: '3.0',
  routing_model: { PICK: ['DONE'], DONE: [] },
  screens: [
    {
      id: 'PICK',
      data: {
        items: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } }, __example__: [{ id: '1', title: 'A' }] },
        note: { type: 'string', __example__: 'x' },
      },
      layout: { type: 'SingleColumnLayout', children: [] },
    },
    { id: 'DONE', terminal: true, data: { total: { type: 'number', __example__: 1 } }, layout: { type: 'SingleColumnLayout', children: [] } },
  ],
} as const;
