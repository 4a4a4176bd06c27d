import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APPROVER_ROLES, CONVERSATION_STATES, DELIVERY_STATUSES, EVENT_TYPES, FLOW_CATEGORIES, FLOW_STATUSES, INBOX_ITEM_KINDS, INBOX_ITEM_STATUSES, ROLES } from '@flowline/api-contract';
import * as storage from '@flowline/storage';
import type { InboxItemKind, InboxItemStatus, OutboxStatus } from '@flowline/storage';
import * as graph from '../../messaging/whatsapp/graph-client.js';
import { isAllowed } from './permissions.js';

// The API contract names the words of storage's rows for the studio, which may not import storage.
// The view converters check one direction at compile time (a storage word the contract lacks does not
// type-check); these tests check that the contract names no word storage never writes.

test("the API's Flow statuses and roles are storage's, in the same order", () => {
  assert.deepEqual(FLOW_STATUSES, storage.FLOW_STATUSES);
  assert.deepEqual(ROLES, storage.ROLES);
});

test("the API's delivery and inbox item words are storage's", () => {
  const outbox: Record<OutboxStatus, true> = { pending: true, delivering: true, delivered: true, failed: true, dead: true, erased: true };
  const inboxStatus: Record<InboxItemStatus, true> = { open: true, pending: true, resolved: true };
  const inboxKind: Record<InboxItemKind, true> = { ticket: true, exception: true };
  assert.deepEqual([...DELIVERY_STATUSES].sort(), Object.keys(outbox).sort());
  assert.deepEqual([...INBOX_ITEM_STATUSES].sort(), Object.keys(inboxStatus).sort());
  assert.deepEqual([...INBOX_ITEM_KINDS].sort(), Object.keys(inboxKind).sort());
});

test("the API's conversation states are storage's, in the same order", () => {
  assert.deepEqual(CONVERSATION_STATES, storage.CONVERSATION_STATES);
});

test("the API's event types are storage's, in the same order (the OpenAPI enum of GET /events)", () => {
  assert.deepEqual(EVENT_TYPES, storage.EVENT_TYPES);
});

test("the API's approver roles are the roles allowed to approve, and its Meta Flow categories the Graph client's", () => {
  assert.deepEqual(APPROVER_ROLES, storage.ROLES.filter((r) => isAllowed(r, 'versions:approve')));
  assert.deepEqual(FLOW_CATEGORIES, graph.FLOW_CATEGORIES);
});
