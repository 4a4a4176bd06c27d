import type { EndpointKeyRing, KeyRingView } from '../../endpoint/keys/endpoint-key-ring.js';
import { rotateEndpointKey } from '../../endpoint/keys/rotate-endpoint-key.js';
import type { GraphError } from './graph-error.js';
import { toLifecycleFailure, type LifecycleFailure } from './meta-flow-lifecycle.js';
import type { WhatsAppConnections, WhatsAppDeps } from './whatsapp-connection.js';

/** FLOWLINE_KEY_ROTATION_GRACE_HOURS when unset. */
export const DEFAULT_KEY_ROTATION_GRACE_HOURS = 24;

/** What a key rotation needs from the server. */
export interface KeyRotationOptions {
  readonly ring: EndpointKeyRing;
  /** The key passphrase: the new private key is encrypted with it like `private.pem`. */
  readonly passphrase: string;
  /** How long the replaced key keeps decrypting. */
  readonly graceHours: number;
  /** Wait between staging and registering the new key (default 2 s: two polls of every process). */
  readonly settleMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The answer of a rotation: the ring after it and Meta's signature status of the new key. */
export interface RotationDone {
  readonly ok: true;
  readonly rotation: KeyRingView;
  readonly previous: { readonly fingerprint: string; readonly retiresAt: string };
  readonly signatureStatus: string | null;
}

/** Rotates the endpoint key through the workspace's WhatsApp connection (docs/whatsapp.md, "Rotating the endpoint key"). */
export function createEndpointKeyRotation(deps: WhatsAppDeps, connections: WhatsAppConnections, options: KeyRotationOptions) {
  return {
    /** The keys in force (fingerprints and times; the current public key). */
    view: (): KeyRingView => options.ring.view(options.graceHours),
    /**
     * Generates a new pair, registers its public key with the phone number and makes it current; the
     * replaced key decrypts for the grace period. When Meta refuses the key, nothing changes.
     */
    async rotate(ws: string): Promise<RotationDone | LifecycleFailure> {
      if (ws !== deps.bootstrapWorkspaceId) {
        return { ok: false, status: 409, code: 'KEY_NOT_OF_WORKSPACE', message: `the endpoint key of this server belongs to workspace ${deps.bootstrapWorkspaceId} (FLOWLINE_WORKSPACE); rotate it from there` };
      }
      const got = await connections.client(ws);
      if (!got.ok) return { ok: false, status: 409, code: 'WHATSAPP_NOT_CONNECTED', message: `The key was not rotated: ${got.message}` };
      const result = await rotateEndpointKey<GraphError>({
        ring: options.ring, passphrase: options.passphrase, now: () => deps.now().getTime(), graceMs: options.graceHours * 3_600_000,
        settleMs: options.settleMs ?? 2000, ...(options.sleep === undefined ? {} : { sleep: options.sleep }), log: deps.log,
        register: async (publicKeyPem) => {
          const uploaded = await got.client.registerPublicKey(publicKeyPem);
          return uploaded.ok ? { ok: true } : { ok: false, failure: uploaded.error };
        },
      });
      if (!result.ok) {
        if (result.reason === 'in_progress') return { ok: false, status: 409, code: 'ROTATION_IN_PROGRESS', message: 'another key rotation is running; wait for it to finish' };
        const failure = toLifecycleFailure(result.failure);
        return { ...failure, code: 'KEY_NOT_REGISTERED', message: `The key was not rotated (the current key stays in use): Meta did not take the new public key. ${failure.message}` };
      }
      // The signature status is informative: the rotation is done once Meta has taken the key.
      const read = await got.client.readPublicKey();
      const signatureStatus = read.ok ? (read.value.signatureStatus ?? null) : null;
      if (signatureStatus !== null) await deps.storage.whatsapp.recordKeyStatus(ws, signatureStatus, deps.now());
      return { ok: true, rotation: options.ring.view(options.graceHours), previous: result.previous, signatureStatus };
    },
  };
}

/** The key rotation service (see createEndpointKeyRotation). */
export type EndpointKeyRotation = ReturnType<typeof createEndpointKeyRotation>;
