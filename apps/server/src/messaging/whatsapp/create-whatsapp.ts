import { createCloudApiClient, type CloudApiClient } from '../channels/cloud-api-client.js';
import { guardedGraphPost } from '../channels/graph-post.js';
import { createFlowSync, type FlowSync } from './flow-sync.js';
import { createFlowTemplates, type FlowTemplates } from './flow-templates.js';
import { createEndpointKeyRotation, type EndpointKeyRotation, type KeyRotationOptions } from './endpoint-key-rotation.js';
import { createMetaFlowLifecycle, type LifecycleOptions, type MetaFlowLifecycle } from './meta-flow-lifecycle.js';
import { createWhatsAppConnections, type WhatsAppConnections, type WhatsAppDeps } from './whatsapp-connection.js';

/** WhatsApp on Meta for the admin API: the connection of each workspace and the Flow lifecycle. */
export interface WhatsAppService {
  readonly connections: WhatsAppConnections;
  readonly lifecycle: MetaFlowLifecycle;
  /** Message templates with a FLOW button. */
  readonly templates: FlowTemplates;
  /** The WABA's Flows beside Flowline's: linked, drifted, importable. */
  readonly sync: FlowSync;
  /** Rotation of the endpoint key pair (absent when the host has no key ring, e.g. API tests). */
  readonly keys?: EndpointKeyRotation;
  /** The Cloud API client of a workspace's connection (sends), or undefined when it has none. */
  cloudApiFor(workspaceId: string): Promise<CloudApiClient | undefined>;
  /** The webhook verify token of the workspace's connection (the handshake of `GET /webhooks/whatsapp`). */
  verifyTokenFor(workspaceId: string): Promise<string | undefined>;
  /** Stops following connection changes. */
  close(): void;
}

/** Builds the WhatsApp service; the app secret of a stored connection joins the checked secrets at once. */
export async function createWhatsApp(deps: WhatsAppDeps, options: LifecycleOptions & { readonly keyRotation?: KeyRotationOptions }): Promise<WhatsAppService> {
  const connections = createWhatsAppConnections(deps);
  // Sends of a saved connection go through the outbound address guard like every other outbound request.
  const graphPost = guardedGraphPost({ privateHttp: deps.privateHttp, timeoutMs: 10_000 });
  // The stored connection's app secret joins the checked secrets at start, and again whenever any
  // instance saves the connection (PostgreSQL change notifications); a replaced one leaves the list.
  let joined: string | undefined;
  const joinAppSecret = async (): Promise<void> => {
    const list = deps.appSecrets;
    if (list === undefined) return;
    const own = await connections.resolve(deps.bootstrapWorkspaceId);
    const secret = own?.appSecret;
    if (secret === joined) return;
    if (joined !== undefined && joined !== deps.bootstrap?.appSecret) {
      const index = list.indexOf(joined);
      if (index >= 0) list.splice(index, 1);
    }
    if (secret !== undefined && !list.includes(secret)) list.push(secret);
    joined = secret;
  };
  await joinAppSecret();
  const unsubscribe = deps.storage.changes.subscribe('config', (table) => {
    if (table !== undefined && table !== 'whatsapp_connections') return;
    joinAppSecret().catch((error: unknown) => deps.log('error', 'whatsapp.app_secret_reload_failed', { error: error instanceof Error ? error.message : String(error) }));
  });
  return {
    close: unsubscribe,
    connections,
    lifecycle: createMetaFlowLifecycle(deps, connections, options),
    templates: createFlowTemplates(deps, connections),
    sync: createFlowSync(deps, connections),
    ...(options.keyRotation === undefined ? {} : { keys: createEndpointKeyRotation(deps, connections, options.keyRotation) }),
    async cloudApiFor(workspaceId) {
      const connection = await connections.resolve(workspaceId);
      return connection && createCloudApiClient({ baseUrl: connection.baseUrl, apiVersion: connection.apiVersion, phoneNumberId: connection.phoneNumberId, accessToken: connection.accessToken }, graphPost);
    },
    async verifyTokenFor(workspaceId) {
      return (await connections.resolve(workspaceId))?.verifyToken;
    },
  };
}
