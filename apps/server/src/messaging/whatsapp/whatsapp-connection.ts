import type { Storage, WhatsAppConnectionRecord } from '@flowline/storage';
import type { PrivateHttpPolicy } from '@flowline/worker';
import type { ServerConfig } from '../../config/parse-server-config.js';
import type { Logger } from '../../logging/logger.js';
import { createGraphClient, type GraphClient, type GraphClientOptions, type GraphTarget } from './graph-client.js';
import type { SecretBox } from '@flowline/protocol';

/** A connection set by environment variables (the bootstrap of the server's own workspace). */
export interface BootstrapConnection {
  readonly wabaId: string | undefined;
  readonly phoneNumberId: string;
  readonly accessToken: string;
  readonly graphBaseUrl: string;
  readonly graphApiVersion: string;
  readonly appSecret: string | undefined;
  readonly verifyToken: string | undefined;
}

/** A usable connection: ids and the opened secrets (never leaves the server). */
export interface OpenConnection extends GraphTarget {
  readonly source: 'api' | 'environment';
  readonly appSecret: string | undefined;
  readonly verifyToken: string | undefined;
}

/** What the API shows of a connection: ids, whether each secret is set (never the secret), the key status. */
export interface ConnectionView {
  readonly configured: boolean;
  readonly source?: 'api' | 'environment';
  readonly wabaId?: string | null;
  readonly phoneNumberId?: string;
  readonly graphBaseUrl?: string;
  readonly graphApiVersion?: string;
  readonly secrets?: { readonly accessToken: boolean; readonly appSecret: boolean; readonly webhookVerifyToken: boolean };
  readonly publicKey?: { readonly signatureStatus: string | null; readonly checkedAt: number | null };
  readonly updatedAt?: number;
}

/** The fields of `PUT /whatsapp/connection`; a secret left out keeps the stored one, `null` clears it. */
export interface ConnectionInput {
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly accessToken?: string;
  readonly appSecret?: string | null;
  readonly webhookVerifyToken?: string | null;
  readonly graphBaseUrl?: string;
  readonly graphApiVersion?: string;
}

/** One check of `POST /whatsapp/connection/check`. */
export interface ConnectionCheck {
  readonly name: 'token' | 'waba' | 'phone_number' | 'public_key';
  readonly ok: boolean;
  readonly message: string;
}

/** What the WhatsApp services need from the server. */
export interface WhatsAppDeps {
  readonly storage: Storage;
  readonly now: () => Date;
  readonly log: Logger;
  readonly secretBox: SecretBox;
  /** FLOWLINE_ALLOW_PRIVATE_HTTP: the Graph base URL is reached through the outbound address guard. */
  readonly privateHttp: PrivateHttpPolicy;
  /** The workspace the environment bootstrap belongs to, and the bootstrap itself. */
  readonly bootstrapWorkspaceId: string;
  readonly bootstrap: BootstrapConnection | undefined;
  /** Retry schedule and sleep (tests), and a transport override. */
  readonly graphOptions?: Omit<GraphClientOptions, 'privateHttp'>;
  /** App secrets the endpoint and webhook check (shared array): the stored connection's joins at start (docs/whatsapp.md). */
  readonly appSecrets?: string[];
}

/** The environment's connection (FLOWLINE_WHATSAPP_* and FLOWLINE_GRAPH_*), for the server's own workspace; undefined without a phone number id and token. */
export function toBootstrapConnection(config: ServerConfig): BootstrapConnection | undefined {
  const graph = config.channels.graph;
  return graph === undefined ? undefined : {
    wabaId: config.channels.wabaId, phoneNumberId: graph.phoneNumberId, accessToken: graph.accessToken, graphBaseUrl: graph.baseUrl, graphApiVersion: graph.apiVersion,
    appSecret: config.appSecret, verifyToken: config.channels.webhookVerifyToken,
  };
}

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_API_VERSION = 'v23.0';

const ctx = (workspaceId: string, field: string) => `${workspaceId}/whatsapp/${field}`;

/** Why a connection input is unusable, or undefined. */
export function checkConnectionInput(input: ConnectionInput): string | undefined {
  if (!/^\d{1,32}$/.test(input.wabaId)) return 'wabaId must be the digits of the WhatsApp Business Account id';
  if (!/^\d{1,32}$/.test(input.phoneNumberId)) return 'phoneNumberId must be the digits of the Cloud API phone number id';
  if (input.graphApiVersion !== undefined && !/^v\d{1,3}\.\d{1,3}$/.test(input.graphApiVersion)) return 'graphApiVersion must look like v23.0';
  if (input.graphBaseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(input.graphBaseUrl);
    } catch {
      return 'graphBaseUrl must be an http(s) URL';
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'graphBaseUrl must be an http(s) URL';
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return 'graphBaseUrl must be a plain origin and path (no credentials, query or fragment)';
  }
  for (const [name, value] of [['accessToken', input.accessToken], ['appSecret', input.appSecret], ['webhookVerifyToken', input.webhookVerifyToken]] as const) {
    if (typeof value === 'string' && (value.length === 0 || value.length > 4096 || /\s/.test(value))) return `${name} must be 1 to 4096 characters without spaces`;
  }
  return undefined;
}

/** What is wrong with the key Meta holds for the phone number, in plain words (platform spec §1.10). */
function keyProblem(publicKey: string | undefined, signatureStatus: string | undefined): string {
  if (publicKey === undefined) return 'no endpoint public key is registered for the phone number: register it (POST /api/v1/whatsapp/keys/register)';
  if (signatureStatus === 'MISMATCH') {
    return 'Meta\'s signature of the registered endpoint public key does not match (MISMATCH; this happens after the phone number is registered again): WhatsApp cannot encrypt requests to the endpoint until you register the key again (POST /api/v1/whatsapp/keys/register)';
  }
  return `the registered public key's signature status is ${signatureStatus ?? 'unknown'}: register the key again (POST /api/v1/whatsapp/keys/register)`;
}

/** The connection of a workspace, its view, saving it and checking it against Graph. */
export function createWhatsAppConnections(deps: WhatsAppDeps) {
  // A box may answer undefined or throw for a secret it cannot open; both mean "unreadable".
  const unseal = (sealed: string, context: string): string | undefined => {
    try {
      return deps.secretBox.open(sealed, context);
    } catch {
      return undefined;
    }
  };
  const open = (record: WhatsAppConnectionRecord): OpenConnection | undefined => {
    const token = unseal(record.accessTokenSealed, ctx(record.workspaceId, 'access_token'));
    if (token === undefined) {
      deps.log('error', 'whatsapp.secret_unreadable', { workspace: record.workspaceId, hint: 'the endpoint key changed since the connection was saved; save the access token again' });
      return undefined;
    }
    const optional = (sealed: string | null, field: string) => (sealed === null ? undefined : unseal(sealed, ctx(record.workspaceId, field)));
    return {
      source: 'api', baseUrl: record.graphBaseUrl, apiVersion: record.graphApiVersion, accessToken: token, wabaId: record.wabaId, phoneNumberId: record.phoneNumberId,
      appSecret: optional(record.appSecretSealed, 'app_secret'), verifyToken: optional(record.verifyTokenSealed, 'verify_token'),
    };
  };
  const fromEnvironment = (workspaceId: string): OpenConnection | undefined => {
    const b = deps.bootstrap;
    if (b === undefined || workspaceId !== deps.bootstrapWorkspaceId) return undefined;
    return { source: 'environment', baseUrl: b.graphBaseUrl, apiVersion: b.graphApiVersion, accessToken: b.accessToken, wabaId: b.wabaId ?? '', phoneNumberId: b.phoneNumberId, appSecret: b.appSecret, verifyToken: b.verifyToken };
  };
  const resolve = async (workspaceId: string): Promise<OpenConnection | undefined> => {
    const stored = await deps.storage.whatsapp.findConnection(workspaceId);
    return stored === undefined ? fromEnvironment(workspaceId) : open(stored);
  };
  const clientOf = (connection: GraphTarget): GraphClient => createGraphClient(connection, { ...deps.graphOptions, privateHttp: deps.privateHttp });

  return {
    resolve,
    clientOf,
    /** The Graph client of a workspace, or why there is none. */
    async client(workspaceId: string): Promise<{ ok: true; client: GraphClient; connection: OpenConnection } | { ok: false; message: string }> {
      const connection = await resolve(workspaceId);
      if (connection === undefined) {
        const saved = await deps.storage.whatsapp.findConnection(workspaceId);
        return {
          ok: false,
          message: saved === undefined
            ? 'WhatsApp is not connected: save the connection first (PUT /api/v1/whatsapp/connection, docs/whatsapp.md)'
            : 'the saved access token cannot be opened (the key that sealed it changed): save the connection\'s secrets again',
        };
      }
      if (connection.wabaId === '') return { ok: false, message: 'the WhatsApp connection has no WABA id: set FLOWLINE_WHATSAPP_WABA_ID or save the connection through the API' };
      return { ok: true, client: clientOf(connection), connection };
    },
    async view(workspaceId: string): Promise<ConnectionView> {
      const stored = await deps.storage.whatsapp.findConnection(workspaceId);
      if (stored !== undefined) {
        return {
          configured: true, source: 'api', wabaId: stored.wabaId, phoneNumberId: stored.phoneNumberId, graphBaseUrl: stored.graphBaseUrl, graphApiVersion: stored.graphApiVersion,
          secrets: { accessToken: true, appSecret: stored.appSecretSealed !== null, webhookVerifyToken: stored.verifyTokenSealed !== null },
          publicKey: { signatureStatus: stored.keyStatus, checkedAt: stored.keyCheckedAt },
          updatedAt: stored.updatedAt,
        };
      }
      const env = fromEnvironment(workspaceId);
      if (env === undefined) return { configured: false };
      return {
        configured: true, source: 'environment', wabaId: env.wabaId === '' ? null : env.wabaId, phoneNumberId: env.phoneNumberId, graphBaseUrl: env.baseUrl, graphApiVersion: env.apiVersion,
        secrets: { accessToken: true, appSecret: env.appSecret !== undefined, webhookVerifyToken: env.verifyToken !== undefined },
        publicKey: { signatureStatus: null, checkedAt: null },
      };
    },
    /** Saves the connection with its secrets sealed; refuses a phone number that another workspace uses. */
    async save(workspaceId: string, input: ConnectionInput): Promise<{ ok: true; view: ConnectionView } | { ok: false; status: number; code: string; message: string }> {
      const problem = checkConnectionInput(input);
      if (problem !== undefined) return { ok: false, status: 400, code: 'INVALID_CONNECTION', message: problem };
      const existing = await deps.storage.whatsapp.findConnection(workspaceId);
      if (existing === undefined && input.accessToken === undefined) return { ok: false, status: 400, code: 'INVALID_CONNECTION', message: 'accessToken is required for a new connection' };
      const owner = await deps.storage.channels.locatePhoneNumberId(input.phoneNumberId);
      if (owner !== undefined && owner.workspaceId !== workspaceId) return { ok: false, status: 409, code: 'PHONE_NUMBER_TAKEN', message: `phone number id ${input.phoneNumberId} is connected to another workspace` };
      const at = deps.now();
      const seal = (value: string | null | undefined, field: string) => (value === undefined ? undefined : value === null ? null : deps.secretBox.seal(value, ctx(workspaceId, field)));
      const accessTokenSealed = seal(input.accessToken, 'access_token');
      await deps.storage.transaction(async (tx) => {
        await tx.whatsapp.saveConnection(workspaceId, {
          wabaId: input.wabaId, phoneNumberId: input.phoneNumberId,
          graphBaseUrl: (input.graphBaseUrl ?? existing?.graphBaseUrl ?? DEFAULT_GRAPH_BASE_URL).replace(/\/+$/, ''),
          graphApiVersion: input.graphApiVersion ?? existing?.graphApiVersion ?? DEFAULT_GRAPH_API_VERSION,
          ...(accessTokenSealed === undefined || accessTokenSealed === null ? {} : { accessTokenSealed }),
          ...(input.appSecret === undefined ? {} : { appSecretSealed: seal(input.appSecret, 'app_secret') ?? null }),
          ...(input.webhookVerifyToken === undefined ? {} : { verifyTokenSealed: seal(input.webhookVerifyToken, 'verify_token') ?? null }),
          at,
        });
        // Inbound webhooks name the phone number: the channel row routes them to this workspace.
        await tx.channels.save(workspaceId, { id: 'whatsapp', kind: 'whatsapp', phoneNumberId: input.phoneNumberId, config: { wabaId: input.wabaId }, at });
      });
      deps.log('info', 'whatsapp.connection_saved', { workspace: workspaceId, wabaId: input.wabaId, phoneNumberId: input.phoneNumberId });
      return { ok: true, view: await this.view(workspaceId) };
    },
    async remove(workspaceId: string): Promise<boolean> {
      return deps.storage.whatsapp.deleteConnection(workspaceId);
    },
    /** Calls Graph as the connection and says, in plain words, what works and what does not. */
    async check(workspaceId: string): Promise<{ ok: boolean; checks: ConnectionCheck[] }> {
      const connection = await resolve(workspaceId);
      if (connection === undefined) return { ok: false, checks: [{ name: 'token', ok: false, message: 'WhatsApp is not connected: save the connection first' }] };
      const client = clientOf(connection);
      const checks: ConnectionCheck[] = [];
      const waba = await client.getNode(connection.wabaId, ['id', 'name']);
      if (!waba.ok) {
        const kind = waba.error.kind;
        checks.push({ name: kind === 'expired_token' || kind === 'missing_permission' || kind === 'refused' || kind === 'network' ? 'token' : 'waba', ok: false, message: kind === 'not_found' ? `the WABA id ${connection.wabaId} is wrong, or this token may not see it: ${waba.error.message}` : waba.error.message });
        return { ok: false, checks };
      }
      checks.push({ name: 'token', ok: true, message: 'the access token is valid' });
      checks.push({ name: 'waba', ok: true, message: `WABA ${connection.wabaId}${typeof waba.value['name'] === 'string' ? ` (${waba.value['name']})` : ''} is reachable` });
      const numbers = await client.listPhoneNumbers();
      if (!numbers.ok) {
        checks.push({ name: 'phone_number', ok: false, message: numbers.error.message });
      } else {
        const found = numbers.value.find((n) => n['id'] === connection.phoneNumberId);
        checks.push(found === undefined
          ? { name: 'phone_number', ok: false, message: `phone number id ${connection.phoneNumberId} is not a number of WABA ${connection.wabaId} (its numbers: ${numbers.value.map((n) => String(n['id'])).join(', ') || 'none'})` }
          : { name: 'phone_number', ok: true, message: `phone number ${String(found['display_phone_number'] ?? connection.phoneNumberId)} belongs to the WABA` });
      }
      const key = await client.readPublicKey();
      if (!key.ok) checks.push({ name: 'public_key', ok: false, message: key.error.message });
      else {
        checks.push(key.value.signatureStatus === 'VALID'
          ? { name: 'public_key', ok: true, message: 'the endpoint public key is registered and its signature is VALID' }
          : { name: 'public_key', ok: false, message: keyProblem(key.value.publicKey, key.value.signatureStatus) });
        if (key.value.signatureStatus !== undefined && connection.source === 'api') await deps.storage.whatsapp.recordKeyStatus(workspaceId, key.value.signatureStatus, deps.now());
      }
      return { ok: checks.every((c) => c.ok), checks };
    },
  };
}

/** The connection service (see createWhatsAppConnections). */
export type WhatsAppConnections = ReturnType<typeof createWhatsAppConnections>;
