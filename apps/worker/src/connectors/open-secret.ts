import { isSealedSecret } from '@flowline/core';
import type { SecretBox } from '@flowline/protocol';

/**
 * The plain value of a secret option at delivery time: a sealed one is opened with the worker's
 * secret box (bound to the action's workspace); a plain string (a row written before secrets were
 * sealed) is used as is. A value that cannot be opened is a reason, never thrown.
 */
export function openSecret(value: unknown, secrets: SecretBox | undefined, workspaceId: string): { ok: true; value: string } | { ok: false; reason: string; retryable: boolean } {
  if (typeof value === 'string') return { ok: true, value };
  if (!isSealedSecret(value)) return { ok: false, reason: 'the secret is missing', retryable: false };
  // A worker started without its key may get it on restart: worth retrying, not a dead letter yet.
  if (secrets === undefined) return { ok: false, reason: 'the secret is sealed and this worker has no key passphrase to open it (FLOWLINE_KEY_PASSPHRASE)', retryable: true };
  try {
    return { ok: true, value: secrets.open(value.sealed, workspaceId) };
  } catch {
    return { ok: false, reason: 'the sealed secret does not open with this worker\'s key passphrase', retryable: false };
  }
}
