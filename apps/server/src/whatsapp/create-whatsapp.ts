import { createGuardedFetch } from '@flowline/worker';
import { createCloudApiClient, type CloudApiClient } from '../channels/cloud-api-client.js';
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
}

/** Builds the WhatsApp service; the app secret of a stored connection joins the checked secrets at once. */
export async function createWhatsApp(deps: WhatsAppDeps, options: LifecycleOptions & { readonly keyRotation?: KeyRotationOptions }): Promise<WhatsAppService> {
  const connections = createWhatsAppConnections(deps);
  // Sends of a saved connection go through the outbound address guard like every other outbound request.
  const graphFetch = createGuardedFetch({ privateHttp: deps.privateHttp, timeoutMs: 10_000 });
  const own = await connections.resolve(deps.bootstrapWorkspaceId);
  if (own?.appSecret !== undefined && deps.appSecrets !== undefined && !deps.appSecrets.includes(own.appSecret)) deps.appSecrets.push(own.appSecret);
  return {
    connections,
    lifecycle: createMetaFlowLifecycle(deps, connections, options),
    templates: createFlowTemplates(deps, connections),
    sync: createFlowSync(deps, connections),
    ...(options.keyRotation === undefined ? {} : { keys: createEndpointKeyRotation(deps, connections, options.keyRotation) }),
    async cloudApiFor(workspaceId) {
      const connection = await connections.resolve(workspaceId);
      return connection && createCloudApiClient({ baseUrl: connection.baseUrl, apiVersion: connection.apiVersion, phoneNumberId: connection.phoneNumberId, accessToken: connection.accessToken }, graphFetch);
    },
    async verifyTokenFor(workspaceId) {
      return (await connections.resolve(workspaceId))?.verifyToken;
    },
  };
}
