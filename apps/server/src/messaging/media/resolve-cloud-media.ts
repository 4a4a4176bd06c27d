import type { SecretBox } from '@flowline/protocol';
import type { Storage } from '@flowline/storage';
import type { CloudMediaResolution, PrivateHttpPolicy, ResolveCloudMedia } from '@flowline/worker';
import type { ServerConfig } from '../../config/parse-server-config.js';
import type { Logger } from '../../logging/logger.js';
import { createGraphClient, type GraphTransport } from '../whatsapp/graph-client.js';
import { createWhatsAppConnections, toBootstrapConnection, type OpenConnection } from '../whatsapp/whatsapp-connection.js';

/** What resolving Cloud API media ids needs: the workspace's opened connection and the outbound policy. */
export interface CloudMediaResolverDeps {
  /** The workspace's connection with its access token opened (`WhatsAppConnections.resolve`): saved through the API, else the environment's. */
  readonly connectionOf: (workspaceId: string) => Promise<OpenConnection | undefined>;
  /** FLOWLINE_ALLOW_PRIVATE_HTTP: Graph is reached through the outbound address guard. */
  readonly privateHttp: PrivateHttpPolicy;
  readonly timeoutMs?: number;
  /** A transport override (tests). */
  readonly transport?: GraphTransport;
}

/**
 * The worker's `ResolveCloudMedia` over the server's Graph client: `GET /{media-id}` as the workspace's
 * WhatsApp connection, one request per delivery attempt (the outbox's backoff does the retrying). Graph's
 * failures keep their meaning: an expired or revoked token (code 190) and an unknown id are permanent,
 * with Meta's words; 5xx, rate limits and network failures are retried.
 */
export function createCloudMediaResolver(deps: CloudMediaResolverDeps): ResolveCloudMedia {
  return async (workspaceId, mediaId): Promise<CloudMediaResolution> => {
    let connection: OpenConnection | undefined;
    try {
      connection = await deps.connectionOf(workspaceId);
    } catch (error) {
      return { ok: false, retry: true, message: `reading the WhatsApp connection: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (connection === undefined) {
      return { ok: false, retry: false, message: 'WhatsApp is not connected in this workspace, or the saved access token cannot be opened: connect it (docs/whatsapp.md), then retry this delivery' };
    }
    const client = createGraphClient(connection, {
      privateHttp: deps.privateHttp, retryDelaysMs: [],
      ...(deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs }), ...(deps.transport === undefined ? {} : { transport: deps.transport }),
    });
    const answer = await client.getMedia(mediaId);
    if (!answer.ok) return { ok: false, retry: answer.error.retry, message: answer.error.message, ...(answer.error.status === 0 ? {} : { status: answer.error.status }) };
    const media = answer.value;
    return { ok: true, location: { url: media.url, accessToken: connection.accessToken, sha256: media.sha256, mimeType: media.mimeType, fileSize: media.fileSize } };
  };
}

/**
 * The resolver of a process that runs the worker alone (`flowline worker`): the same connections as the
 * server's, from the same storage and environment. Without the key passphrase a saved connection's
 * token cannot be opened, and its files fail saying so (the environment's connection still works).
 */
export function createConfiguredCloudMediaResolver(storage: Storage, config: ServerConfig, secretBox: SecretBox | undefined, log: Logger): ResolveCloudMedia {
  const noKey: SecretBox = {
    seal: () => {
      throw new Error('this process has no key passphrase (FLOWLINE_KEY_PASSPHRASE)');
    },
    open: () => {
      throw new Error('this process has no key passphrase (FLOWLINE_KEY_PASSPHRASE)');
    },
  };
  const connections = createWhatsAppConnections({
    storage, now: () => new Date(), log, secretBox: secretBox ?? noKey, privateHttp: config.allowPrivateHttp,
    bootstrapWorkspaceId: config.workspace, bootstrap: toBootstrapConnection(config),
  });
  return createCloudMediaResolver({ connectionOf: connections.resolve, privateHttp: config.allowPrivateHttp });
}
