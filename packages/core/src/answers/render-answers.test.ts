import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderAnswers, staticOptionLists } from './render-answers.js';

/** A support Flow (7.0) with one input of each kind the renderer treats on its own. */
const FLOW = {
  version: '7.0',
  screens: [{
    id: 'TRIAGE',
    title: 'Tell us',
    terminal: true,
    sensitive: ['account_pin'],
    data: { agent_label: { type: 'string', __example__: 'Agent' } },
    layout: {
      type: 'SingleColumnLayout',
      children: [{
        type: 'Form',
        name: 'form',
        children: [
          { type: 'Dropdown', name: 'topic', label: 'What is it about?', required: true, 'data-source': [{ id: 'billing', title: 'Billing and invoices' }, { id: 'delivery', title: 'A late delivery' }] },
          { type: 'CheckboxGroup', name: 'channels', label: 'How may we reach you?', 'data-source': [{ id: 'call', title: 'Phone call' }, { id: 'mail', title: 'E-mail' }] },
          { type: 'DatePicker', name: 'since', label: 'Since when?' },
          { type: 'TextInput', name: 'account_pin', label: 'Account PIN', 'input-type': 'passcode' },
          { type: 'TextInput', name: 'agent', label: '${data.agent_label}' },
          { type: 'PhotoPicker', name: 'photos', label: 'Photos of the damage' },
          { type: 'OptIn', name: 'updates', label: 'Send me updates' },
          { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: {
            topic: '${form.topic}', channels: '${form.channels}', since: '${form.since}', account_pin: '${form.account_pin}',
            agent: '${form.agent}', photos: '${form.photos}', updates: '${form.updates}', source: 'whatsapp',
          } } },
        ],
      }],
    },
  }],
};

const ANSWER = {
  flow_token: 'tok',
  topic: 'delivery',
  channels: ['mail', 'sms'],
  since: '2026-11-30',
  account_pin: '4321',
  agent: 'Rita',
  photos: [{ file_name: 'box.jpg', mime_type: 'image/jpeg', sha256: 'abc', id: 'media-1' }, { file_name: 'label.png', mime_type: 'image/png', sha256: 'def', id: 'media-2' }],
  updates: true,
  source: 'whatsapp',
  extra: { promo: 'X1' },
};

describe('renderAnswers', () => {
  const rows = renderAnswers(FLOW, ANSWER, { timeZone: 'Europe/Lisbon', showSensitive: false });
  const byField = new Map(rows.map((r) => [r.field, r]));

  it('lists the Flow\'s fields in payload order, then fields the Flow does not name, without flow_token', () => {
    assert.deepEqual(rows.map((r) => r.field), ['topic', 'channels', 'since', 'account_pin', 'agent', 'photos', 'updates', 'source', 'extra']);
  });

  it('uses each input\'s label and the titles of chosen options (an unknown id stays as it is)', () => {
    assert.deepEqual([byField.get('topic')?.label, byField.get('topic')?.text, byField.get('topic')?.kind], ['What is it about?', 'A late delivery', 'choice']);
    assert.equal(byField.get('channels')?.text, 'E-mail, sms');
  });

  it('shows opt-ins as Yes/No, files by name, and fields without an input as their value', () => {
    assert.equal(byField.get('updates')?.text, 'Yes');
    assert.equal(byField.get('photos')?.text, '2 files: box.jpg, label.png');
    assert.deepEqual(byField.get('photos')?.files?.map((f) => f.id), ['media-1', 'media-2']);
    assert.deepEqual([byField.get('source')?.label, byField.get('source')?.text, byField.get('source')?.kind], ['source', 'whatsapp', 'value']);
    assert.deepEqual([byField.get('extra')?.kind, byField.get('extra')?.text], ['value', '{"promo":"X1"}']);
  });

  it('falls back to the field name when the label is bound to data', () => {
    assert.equal(byField.get('agent')?.label, 'agent');
  });

  it('masks fields the screen marks sensitive unless the reader may see them', () => {
    assert.deepEqual([byField.get('account_pin')?.text, byField.get('account_pin')?.masked], ['••••', true]);
    const open = renderAnswers(FLOW, ANSWER, { timeZone: 'UTC', showSensitive: true });
    assert.deepEqual(open.find((r) => r.field === 'account_pin'), { field: 'account_pin', label: 'Account PIN', text: '4321', kind: 'text', masked: false });
  });

  it('reads dates as written (5.0+) and epoch milliseconds (earlier versions) in the given time zone', () => {
    assert.equal(byField.get('since')?.text, '2026-11-30');
    // 2026-11-30T23:30Z is already 1 December in Tokyo, still 30 November in Lisbon.
    const ms = String(Date.UTC(2026, 10, 30, 23, 30));
    assert.equal(renderAnswers(FLOW, { since: ms }, { timeZone: 'Asia/Tokyo', showSensitive: false })[0]?.text, '2026-12-01');
    assert.equal(renderAnswers(FLOW, { since: ms }, { timeZone: 'Europe/Lisbon', showSensitive: false })[0]?.text, '2026-11-30');
  });

  it('renders every field as a value for a document that is not a Flow, and nothing for an answer that is not an object', () => {
    assert.deepEqual(renderAnswers('nope', { a: 1 }, { timeZone: 'UTC', showSensitive: false }), [{ field: 'a', label: 'a', text: '1', kind: 'value', masked: false }]);
    assert.deepEqual(renderAnswers(FLOW, 'garbled', { timeZone: 'UTC', showSensitive: false }), []);
  });
});

describe('renderAnswers of media references', () => {
  it('shows a field of §6.4 media references as files even when no input of the Flow produced it (endpoint params)', () => {
    const reference = { media_id: 'm-9', cdn_url: 'https://cdn.example/9', file_name: 'receipt.pdf', encryption_metadata: {} };
    const [rendered] = renderAnswers(undefined, { attachments: [reference] }, { timeZone: 'UTC', showSensitive: true });
    assert.deepEqual([rendered?.kind, rendered?.text, rendered?.files?.map((f) => f.id)], ['media', '1 file: receipt.pdf', ['m-9']]);
    const [plain] = renderAnswers(undefined, { note: [{ media_id: 'm-9' }] }, { timeZone: 'UTC', showSensitive: true });
    assert.equal(plain?.kind, 'value');
  });

  it("shows the sandbox phone's uploads ({media_id, file_name}, no cdn_url) passed on by an endpoint as files too", () => {
    const upload = { media_id: 'sandbox.abc', file_name: 'crushed-box.jpg', mime_type: 'image/jpeg', sha256: 'ab12' };
    const [rendered] = renderAnswers(undefined, { photo: [upload] }, { timeZone: 'UTC', showSensitive: true });
    assert.deepEqual([rendered?.kind, rendered?.text, rendered?.files], ['media', '1 file: crushed-box.jpg', [{ name: 'crushed-box.jpg', mimeType: 'image/jpeg', id: 'sandbox.abc' }]]);
  });

  it('shows §6.3 Cloud API media ids in a field no input produced as files, but not any object with an id', () => {
    const photo = { file_name: 'IMG_1.jpg', mime_type: 'image/jpeg', sha256: 'a'.repeat(64), id: '1234567890' };
    const [rendered] = renderAnswers(undefined, { evidence: [photo] }, { timeZone: 'UTC', showSensitive: true });
    assert.deepEqual([rendered?.kind, rendered?.text, rendered?.files], ['media', '1 file: IMG_1.jpg', [{ name: 'IMG_1.jpg', mimeType: 'image/jpeg', id: '1234567890' }]]);
    const [other] = renderAnswers(undefined, { order: [{ id: '42', file_name: 'x' }] }, { timeZone: 'UTC', showSensitive: true });
    assert.equal(other?.kind, 'value');
  });
});

/**
 * A dynamic Flow whose answers pass through the endpoint: chosen on ASK (options sent by the endpoint),
 * handed back as screen data, completed on DONE as `${data.x}`.
 */
const THROUGH_ENDPOINT = {
  version: '7.2',
  data_api_version: '3.0',
  routing_model: { ASK: ['DONE'], DONE: [] },
  screens: [
    {
      id: 'ASK', title: 'Ask',
      data: { urgency_options: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } }, __example__: [{ id: 'high', title: 'Example title' }] } },
      layout: { type: 'SingleColumnLayout', children: [
        { type: 'RadioButtonsGroup', name: 'urgency', label: 'How urgent is it?', 'data-source': '${data.urgency_options}' },
        { type: 'TextArea', name: 'description', label: 'What happened?' },
        { type: 'Footer', label: 'Next', 'on-click-action': { name: 'data_exchange', payload: { urgency: '${form.urgency}', description: '${form.description}' } } },
      ] },
    },
    {
      id: 'DONE', title: 'Done', terminal: true,
      data: { urgency: { type: 'string', __example__: 'high' }, description: { type: 'string', __example__: 'x' }, renamed: { type: 'string', __example__: 'y' } },
      layout: { type: 'SingleColumnLayout', children: [
        { type: 'Footer', label: 'Send', 'on-click-action': { name: 'complete', payload: { urgency: '${data.urgency}', description: '${data.description}', note: '${data.renamed}' } } },
      ] },
    },
  ],
};

describe('renderAnswers of answers passed on by the endpoint', () => {
  const endpointConfig = { handlers: { INIT: { screen: 'ASK', data: { urgency_options: { $source: { kind: 'static', items: [{ id: 'high', title: 'It blocks me' }, { id: 'low', title: 'It can wait' }] } } } } } };
  const answer = { urgency: 'low', description: 'Lid cracked', note: 'n' };

  it('labels a `${data.x}` field with the input sent as `x` on an earlier screen, and titles its option from the endpoint\'s static list', () => {
    const rows = renderAnswers(THROUGH_ENDPOINT, answer, { timeZone: 'UTC', showSensitive: true, dataOptions: staticOptionLists(endpointConfig) });
    assert.deepEqual(rows.map((r) => [r.field, r.label, r.text, r.kind]), [
      ['urgency', 'How urgent is it?', 'It can wait', 'choice'],
      ['description', 'What happened?', 'Lid cracked', 'text'],
      ['note', 'note', 'n', 'value'],
    ]);
  });

  it('without the endpoint\'s lists the option stays its id: the data\'s __example__ is not taken for the real titles', () => {
    const rows = renderAnswers(THROUGH_ENDPOINT, { urgency: 'high' }, { timeZone: 'UTC', showSensitive: true });
    assert.deepEqual(rows.map((r) => [r.label, r.text]), [['How urgent is it?', 'high']]);
  });

  it('collects the static lists of a declarative configuration by name, the first of a name winning, other sources ignored', () => {
    const lists = staticOptionLists({ a: { x: { $source: { kind: 'static', items: [1] } } }, b: [{ x: { $source: { kind: 'static', items: [2] } } }, { y: { $source: { kind: 'lookup', table: 't' } } }] });
    assert.deepEqual([...lists], [['x', [1]]]);
    assert.equal(staticOptionLists(undefined).size, 0);
  });
});
