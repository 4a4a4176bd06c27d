import type { MediaStore } from '@flowline/worker';
import type { SecretBox } from '@flowline/protocol';
import type { Storage } from '@flowline/storage';
import type { SendFlowRequest, SendFlowResult } from '../../messaging/channels/send-flow.js';
import type { SendReplyRequest, SendReplyResult } from '../../messaging/conversations/send-reply.js';
import type { Logger } from '../../logging/logger.js';
import type { PreviewEndpointPort } from '../../messaging/sandbox/preview-endpoint.js';
import type { SandboxUploadLimits } from '../../messaging/sandbox/receive-sandbox-upload.js';
import type { SandboxService } from '../../messaging/sandbox/sandbox-service.js';
import type { ScenarioEndpointPort } from '../scenarios/scenario-endpoint.js';
import type { WhatsAppService } from '../../messaging/whatsapp/create-whatsapp.js';
import type { FlowTemplate } from './load-templates.js';

/** The channels' send service bound to its dependencies (`(r) => sendFlow(sendDeps, r)`). */
export type SendFlowPort = (request: SendFlowRequest) => Promise<SendFlowResult>;

/** The operator reply service bound to its dependencies (`(r) => sendReply(replyDeps, r)`). */
export type SendReplyPort = (request: SendReplyRequest) => Promise<SendReplyResult>;

/**
 * What the admin API needs from its host (a ServerContext plus the send service satisfies it):
 * storage, a clock, and optionally the templates (default: the seed Flows), a logger and the send service.
 */
export interface ApiDeps {
  readonly storage: Storage;
  /** The clock (a port, so tests can fix it). */
  readonly now: () => Date;
  /** Seals connector secrets before they are stored (routing rules); the API never shows them. */
  readonly secrets: SecretBox;
  /** Where unexpected failures are logged (default: JSON lines on stderr). */
  readonly log?: Logger;
  readonly templates?: readonly FlowTemplate[];
  /** Sends a Flow to a contact; absent when no channel is wired (then `POST /sends` answers 503). */
  readonly sendFlow?: SendFlowPort;
  /** Sends an operator's reply (WhatsApp or the sandbox chat); absent means `POST /conversations/{id}/messages` answers 503. */
  readonly sendReply?: SendReplyPort;
  /** The sandbox phone; absent means the `/sandbox/...` routes answer 503. */
  readonly sandbox?: SandboxService;
  /** The studio's preview of dynamic Flows against the server's own endpoint; absent means 503. */
  readonly previewEndpoint?: PreviewEndpointPort;
  /** The data endpoint of scenario runs against a stored version; absent means scenarios of Flows that call an endpoint fail, saying so. */
  readonly scenarioEndpoint?: ScenarioEndpointPort;
  /** WhatsApp on Meta (connection, Flow lifecycle, key registration); absent means the `/whatsapp/...` routes answer 503. */
  readonly whatsapp?: WhatsAppService;
  /** The data endpoint's Flow catalog, to tell which version the endpoint serves (preview). */
  readonly endpoint?: { readonly flows: { find(flowId: string): { readonly version?: number } | undefined } };
  /** Where the files of submissions are kept; absent means a file's content (and a sandbox upload) answers 503. */
  readonly mediaStore?: MediaStore;
  /** How long sandbox uploads wait for their answer and how much a workspace's may hold (default SANDBOX_UPLOAD_LIMITS). */
  readonly sandboxUploadLimits?: SandboxUploadLimits;
}
