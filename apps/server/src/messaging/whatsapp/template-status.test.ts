import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage, type Storage } from '@flowline/storage';
import { parseWebhookPayload, type TemplateStatusItem } from '../webhooks/parse-webhook-payload.js';
import { applyTemplateStatus, templateSendRefusal } from './template-status.js';

const WS = 'ws-templates';

/** A delivery of Meta's `message_template_status_update` field. */
function delivery(value: Record<string, unknown>): string {
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', time: 1_700_000_000, changes: [{ value, field: 'message_template_status_update' }] }] });
}

function parsedItem(value: Record<string, unknown>): TemplateStatusItem {
  const parsed = parseWebhookPayload(delivery(value), 0);
  assert.ok(parsed.ok);
  const [item] = parsed.items;
  assert.equal(item?.kind, 'template_status', JSON.stringify(item));
  return item as TemplateStatusItem;
}

describe('message_template_status_update: Meta\'s template review applied to the stored template and to sends', () => {
  let dir = '';
  let storage: Storage;
  const deps = () => ({ storage, now: () => new Date(5_000) });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-template-status-'));
    storage = await openStorage({ dataDir: dir });
    await storage.workspaces.create({ id: WS, name: 'W', at: 0 });
    await storage.whatsapp.saveTemplate(WS, { name: 'book_visit', language: 'en_US', graphTemplateId: '1234567', category: 'MARKETING', flowId: 'booking', graphFlowId: '99', status: 'PENDING', components: [], at: 1_000 });
  });
  after(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('parses Meta\'s payload: a numeric id, the event upper-cased, reason NONE as none; a change without id or event is ignored', () => {
    const item = parsedItem({ event: 'approved', message_template_id: 1234567, message_template_name: 'book_visit', message_template_language: 'en_US', reason: 'NONE' });
    assert.deepEqual(item, { kind: 'template_status', graphTemplateId: '1234567', event: 'APPROVED', name: 'book_visit', language: 'en_US', reason: null, at: 1_700_000_000_000 });
    const ignored = parseWebhookPayload(delivery({ event: 'APPROVED', message_template_name: 'x' }), 0);
    assert.deepEqual(ignored.ok && ignored.items, [{ kind: 'ignored', reason: 'a message_template_status_update has no message_template_id or event' }]);
    for (const id of ['x'.repeat(100_000), '12a', 1e400]) {
      const hostile = parseWebhookPayload(delivery({ event: 'APPROVED', message_template_id: id }).replace('"message_template_id":null', '"message_template_id":1e400'), 0);
      assert.equal(hostile.ok && hostile.items[0]?.kind, 'ignored', String(id).slice(0, 20));
    }
  });

  test('a pending template is refused for sends; REJECTED keeps Meta\'s reason; APPROVED lets it through; a repeat changes nothing', async () => {
    const template = { name: 'book_visit', language: 'en_US' };
    assert.match(String(await templateSendRefusal(storage, WS, template)), /is PENDING on WhatsApp, not APPROVED/);
    const rejected = await applyTemplateStatus(deps(), parsedItem({ event: 'REJECTED', message_template_id: 1234567, reason: 'INVALID_FORMAT' }));
    assert.deepEqual([rejected.outcome, rejected.status], ['applied', 'REJECTED']);
    assert.match(String(await templateSendRefusal(storage, WS, template)), /is REJECTED on WhatsApp \(INVALID_FORMAT\), not APPROVED: .*make a new template/);
    const approved = await applyTemplateStatus(deps(), parsedItem({ event: 'APPROVED', message_template_id: '1234567', reason: 'NONE' }));
    assert.equal(approved.outcome, 'applied');
    assert.deepEqual((await storage.whatsapp.listTemplates(WS)).map((t) => [t.status, t.reason]), [['APPROVED', null]]);
    assert.equal(await templateSendRefusal(storage, WS, template), undefined);
    assert.equal((await applyTemplateStatus(deps(), parsedItem({ event: 'APPROVED', message_template_id: 1234567 }))).outcome, 'recorded');
  });

  test('FLAGGED is a notice (still sendable); PAUSED refuses; REINSTATED approves again', async () => {
    const template = { name: 'book_visit', language: 'en_US' };
    assert.equal((await applyTemplateStatus(deps(), parsedItem({ event: 'FLAGGED', message_template_id: 1234567 }))).outcome, 'recorded');
    assert.equal(await templateSendRefusal(storage, WS, template), undefined);
    await applyTemplateStatus(deps(), parsedItem({ event: 'PAUSED', message_template_id: 1234567 }));
    assert.match(String(await templateSendRefusal(storage, WS, template)), /is PAUSED on WhatsApp/);
    await applyTemplateStatus(deps(), parsedItem({ event: 'REINSTATED', message_template_id: 1234567 }));
    assert.equal(await templateSendRefusal(storage, WS, template), undefined);
  });

  test('a template made outside Flowline is unknown here: the webhook is recorded as such and its sends are not refused', async () => {
    assert.equal((await applyTemplateStatus(deps(), parsedItem({ event: 'REJECTED', message_template_id: 42 }))).outcome, 'unknown_template');
    assert.equal(await templateSendRefusal(storage, WS, { name: 'made_in_meta', language: 'en_US' }), undefined);
  });
});
