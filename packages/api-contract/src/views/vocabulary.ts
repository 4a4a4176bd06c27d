import { integer, type Schema } from '../schema.js';

/**
 * The API's closed word lists and patterns. The studio imports them at run time, so this module holds
 * constants only (a module that builds schemas would be bundled whole). Storage keeps the same lists for
 * its rows (the server's tests check they agree), but the studio may import only this package.
 */

/** A Flow id: a lower-case slug of at most 64 characters, unique in its workspace. */
export const FLOW_ID_PATTERN = '^[a-z0-9][a-z0-9_-]{0,63}$';

/** Where a Flow stands (Meta's Flow statuses, in lower case). */
export const FLOW_STATUSES = ['draft', 'published', 'deprecated', 'throttled', 'blocked'] as const;
/** A Flow's status. */
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** The roles of API tokens, from the most to the least allowed (docs/governance.md). */
export const ROLES = ['admin', 'publisher', 'reviewer', 'designer', 'operator', 'viewer'] as const;
/** A token's role. */
export type Role = (typeof ROLES)[number];

/** The roles that may hold the permission to approve a version; a workspace picks its approvers among them. */
export const APPROVER_ROLES = ['admin', 'reviewer'] as const;
/** A role that may approve. */
export type ApproverRole = (typeof APPROVER_ROLES)[number];

/** Where a delivery (an outbox action) stands; `erased`: cancelled by a contact's erasure. */
export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed', 'dead', 'erased'] as const;
/** A delivery's status. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Where an inbox item stands. */
export const INBOX_ITEM_STATUSES = ['open', 'pending', 'resolved'] as const;
/** An inbox item's status. */
export type InboxItemStatus = (typeof INBOX_ITEM_STATUSES)[number];

/** Where a conversation stands: open (waiting on us), pending (waiting on the customer), resolved. */
export const CONVERSATION_STATES = ['open', 'pending', 'resolved'] as const;
/** A conversation's state. */
export type ConversationState = (typeof CONVERSATION_STATES)[number];

/** The categories of a Meta Flow (Flows API). */
export const FLOW_CATEGORIES = ['SIGN_UP', 'SIGN_IN', 'APPOINTMENT_BOOKING', 'LEAD_GENERATION', 'CONTACT_US', 'CUSTOMER_SUPPORT', 'SURVEY', 'OTHER'] as const;
/** A Meta Flow's category. */
export type FlowCategory = (typeof FLOW_CATEGORIES)[number];

/** A point in time as the API writes it. */
export const epochMs = (description = 'epoch milliseconds'): Schema<number> => integer({ description });

/** The kinds of measurement event (`GET /events?type=`), in storage's order (checked by apps/server/src/admin/api/views.test.ts). */
export const EVENT_TYPES = ['sent', 'opened', 'screen_reached', 'submitted', 'routed', 'delivered', 'rerouted', 'resolved'] as const;
/** One kind of measurement event. */
export type EventType = (typeof EVENT_TYPES)[number];
