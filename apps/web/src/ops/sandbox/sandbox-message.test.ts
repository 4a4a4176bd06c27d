import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { toChatBubble } from './sandbox-message.js';

describe('sandbox chat bubbles', () => {
  it('reads a Flow message from the Cloud API request body it stores', () => {
    const bubble = toChatBubble({
      messageId: 'wamid.1', direction: 'business', kind: 'flow', at: 10,
      body: { messaging_product: 'whatsapp', type: 'interactive', interactive: { type: 'flow', header: { type: 'text', text: 'Booking' }, body: { text: 'Book your visit' }, action: { name: 'flow', parameters: { flow_cta: 'Book now', flow_message_version: '3' } } } },
    });
    assert.deepEqual(bubble, { messageId: 'wamid.1', from: 'business', kind: 'flow', at: 10, text: 'Book your visit', header: 'Booking', cta: 'Book now' });
  });

  it('shows the runtime summary the customer keeps after completing', () => {
    const bubble = toChatBubble({ messageId: 'wamid.2', direction: 'customer', kind: 'flow_reply', at: 11, body: { summary: [{ screen: 'A', name: 'n', label: 'Number', value: '12' }, { screen: 'A', name: 'e', label: 'Email', value: 'a@b.c' }], payload: { n: 12 } } });
    assert.equal(bubble?.text, 'Number: 12\nEmail: a@b.c');
    assert.equal(bubble?.from, 'customer');
  });

  it('falls back to the answers when there is no summary, and reads plain texts', () => {
    assert.equal(toChatBubble({ messageId: 'm', kind: 'flow_reply', body: { summary: [], payload: { topic: 'billing', n: 2 } } })?.text, 'topic: billing\nn: 2');
    assert.equal(toChatBubble({ messageId: 'm', kind: 'text', direction: 'customer', body: { text: 'Hi' } })?.text, 'Hi');
    assert.equal(toChatBubble({ kind: 'text' }), undefined);
  });
});
