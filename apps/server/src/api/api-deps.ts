import type { Storage } from '@flowline/storage';
import type { SendFlowRequest, SendFlowResult } from '../channels/send-flow.js';
import type { Logger } from '../endpoint/logger.js';
import type { FlowTemplate } from './load-templates.js';

/** The channels' send service bound to its dependencies (`(r) => sendFlow(sendDeps, r)`). */
export type SendFlowPort = (request: SendFlowRequest) => Promise<SendFlowResult>;

/**
 * What the admin API needs from its host (a ServerContext plus the send service satisfies it):
 * storage, a clock, and optionally the templates (default: the seed Flows), a logger and the send service.
 */
export interface ApiDeps {
  readonly storage: Storage;
  /** The clock (a port, so tests can fix it). */
  readonly now: () => Date;
  /** Where unexpected failures are logged (default: JSON lines on stderr). */
  readonly log?: Logger;
  readonly templates?: readonly FlowTemplate[];
  /** Sends a Flow to a contact; absent when no channel is wired (then `POST /sends` answers 503). */
  readonly sendFlow?: SendFlowPort;
}
