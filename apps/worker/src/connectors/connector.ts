import type { RoutedActionPayload, RoutingActionType } from '@flowline/core';
import type { SecretBox } from '@flowline/protocol';
import type { ClaimedAction, Repositories, Storage } from '@flowline/storage';
import type { DeliveryResult } from '../delivery-result.js';
import type { PrivateHttpPolicy } from '../http/is-refused-address.js';

/** What a connector may use besides its action. */
export interface ConnectorContext {
  readonly storage: Storage;
  readonly now: () => number;
  /** Which non-public addresses outbound HTTP may reach. */
  readonly privateHttp: PrivateHttpPolicy;
  /** Default deadline of an outbound request (an action's `timeoutMs` overrides it). */
  readonly httpTimeoutMs: number;
  /** Opens secrets sealed at rest (`{"sealed": …}` options); undefined when the worker was given no key. */
  readonly secrets: SecretBox | undefined;
  /**
   * Runs storage writes and marks the action delivered in the same transaction, so a built-in action
   * takes effect exactly once even if the worker dies mid-batch; a lost lease rolls the writes back.
   */
  commitDelivered(write: (tx: Repositories) => Promise<DeliveryResult | undefined>): Promise<DeliveryResult>;
}

/** Delivers one kind of action, given its typed configuration; never throws (failures are results saying whether to retry). */
export type Connector<T extends RoutingActionType = RoutingActionType> = (action: ClaimedAction, payload: RoutedActionPayload<T>, context: ConnectorContext) => Promise<DeliveryResult>;

/** A connector for each action type it names, each given actions of its own type. */
export type Connectors = { readonly [T in RoutingActionType]?: Connector<T> };

/** The connector of an action type, typed for that type's actions (undefined when none is given). */
export function findConnector<T extends RoutingActionType>(connectors: Connectors, type: T): Connector<T> | undefined {
  return connectors[type];
}

/** Runs one action that routing did not write (its payload is its own, read by the job); never throws. */
export type Job = (action: ClaimedAction, context: ConnectorContext) => Promise<DeliveryResult>;
