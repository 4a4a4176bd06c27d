import type { RoutingActionType } from '@flowline/core';
import { assignConnector, bookSlotConnector, excludeFromCampaignConnector, setFieldsConnector, tagConnector, ticketConnector } from './builtin-connectors.js';
import type { Connector } from './connector.js';
import { slackConnector } from './slack-connector.js';
import { webhookConnector } from './webhook-connector.js';

/** The connector of every routing action type. */
export const DEFAULT_CONNECTORS: { readonly [T in RoutingActionType]: Connector<T> } = {
  webhook: webhookConnector,
  slack: slackConnector,
  ticket: ticketConnector,
  assign: assignConnector,
  tag: tagConnector,
  set_fields: setFieldsConnector,
  book_slot: bookSlotConnector,
  exclude_from_campaign: excludeFromCampaignConnector,
};
