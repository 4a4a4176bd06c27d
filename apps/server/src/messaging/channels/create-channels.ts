import type { Storage } from '@flowline/storage';
import type { PrivateHttpPolicy } from '@flowline/worker';
import type { Hono } from 'hono';
import type { Logger } from '../../logging/logger.js';
import { createSandboxService, type SandboxService } from '../sandbox/sandbox-service.js';
import type { IngestCompletionPort } from '../pipeline/ingest-completion.js';
import { createWebhookRoutes } from '../webhooks/webhook-routes.js';
import type { ChannelsConfig } from './channels-config.js';
import { createCloudApiClient, type CloudApiClient } from './cloud-api-client.js';
import { guardedGraphPost } from './graph-post.js';
import { sendFlow, type SendFlowRequest, type SendFlowResult } from './send-flow.js';
import { sendReply, type SendReplyRequest, type SendReplyResult } from '../conversations/send-reply.js';

/** What the channels need from the server process (a ServerContext provides all but the last three). */
export interface ChannelsDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly log: Logger;
  readonly workspaceId: string;
  /** The endpoint's current public key (a function: read at each use, a key rotation changes it). */
  readonly publicKeyPem: string | (() => string);
  readonly appSecret: string | undefined;
  readonly channels: ChannelsConfig;
  /** Which non-public destinations the Cloud API client may reach (FLOWLINE_ALLOW_PRIVATE_HTTP; default none). */
  readonly privateHttp?: PrivateHttpPolicy;
  /** The pipeline's intake (`ingestCompletion` bound to its deps). */
  readonly ingestCompletion: IngestCompletionPort;
  /** The server's loopback base URL once listening (the sandbox calls its own endpoint and webhook). */
  readonly selfBaseUrl: () => string | undefined;
  /** The secrets the webhook route checks, shared with the endpoint so that a saved connection's joins (default `[appSecret]`). */
  readonly appSecrets?: string[];
  /** The WhatsApp connection saved through the API: its Cloud API client and verify token win over the environment's. */
  readonly whatsappConnection?: {
    cloudApiFor(workspaceId: string): Promise<CloudApiClient | undefined>;
    verifyTokenFor(workspaceId: string): Promise<string | undefined>;
  };
}

/** The wired channels: the webhook routes to mount at the root, the sandbox service and the send function. */
export interface Channels {
  readonly webhookRoutes: Hono;
  readonly sandbox: SandboxService;
  readonly whatsapp: CloudApiClient | undefined;
  sendFlow(request: SendFlowRequest): Promise<SendFlowResult>;
  /** Sends an operator's free-text reply through WhatsApp or the sandbox chat. */
  sendReply(request: SendReplyRequest): Promise<SendReplyResult>;
}

/** Builds the WhatsApp and sandbox channels and the webhook route for one server process. */
export function createChannels(deps: ChannelsDeps): Channels {
  // The Cloud API is called through the outbound address guard like every other outbound request.
  const graphPost = guardedGraphPost({ privateHttp: deps.privateHttp ?? 'none', timeoutMs: deps.channels.graph?.timeoutMs ?? 10_000 });
  const whatsapp = deps.channels.graph === undefined ? undefined : createCloudApiClient(deps.channels.graph, graphPost);
  const sandbox = createSandboxService({
    storage: deps.storage, now: deps.now, log: deps.log, selfBaseUrl: deps.selfBaseUrl, publicKeyPem: deps.publicKeyPem, appSecret: deps.appSecret,
  });
  const webhookRoutes = createWebhookRoutes({
    storage: deps.storage, now: deps.now, log: deps.log, defaultWorkspaceId: deps.workspaceId, ingestCompletion: deps.ingestCompletion,
    appSecrets: deps.appSecrets ?? (deps.appSecret === undefined ? [] : [deps.appSecret]),
    verifyToken: deps.whatsappConnection === undefined ? deps.channels.webhookVerifyToken : async () => (await deps.whatsappConnection?.verifyTokenFor(deps.workspaceId)) ?? deps.channels.webhookVerifyToken,
  });
  const whatsappFor = async (ws: string) => (deps.whatsappConnection === undefined ? whatsapp : (await deps.whatsappConnection.cloudApiFor(ws)) ?? whatsapp);
  return {
    webhookRoutes,
    sendReply: (request) => sendReply({ storage: deps.storage, now: deps.now, whatsappFor, sandbox }, request),
    sandbox,
    whatsapp,
    sendFlow: (request) => sendFlow({
      storage: deps.storage, now: deps.now, whatsapp, sandbox,
      ...(deps.whatsappConnection === undefined ? {} : { whatsappFor: async (ws: string) => (await deps.whatsappConnection?.cloudApiFor(ws)) ?? whatsapp }),
    }, request),
  };
}
