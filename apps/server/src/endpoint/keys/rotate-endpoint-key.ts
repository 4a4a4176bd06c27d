import { chmodSync, copyFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPair, KEY_PAIR_FILES, loadPrivateKey } from '@flowline/protocol';
import type { Logger } from '../../logging/logger.js';
import { keyFingerprint, previousKeyFile, ROTATION_FILES, type EndpointKeyRing } from './endpoint-key-ring.js';

/** A lock older than this is left over by a process that died during a rotation, and is taken over. */
const STALE_LOCK_MS = 10 * 60_000;

/** What telling Meta about the new public key came to. */
export type RegisterOutcome<F> = { readonly ok: true } | { readonly ok: false; readonly failure: F };

/** Options of rotateEndpointKey. */
export interface RotateEndpointKeyOptions<F> {
  readonly ring: EndpointKeyRing;
  readonly passphrase: string;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** How long the replaced key keeps decrypting (FLOWLINE_KEY_ROTATION_GRACE_HOURS). */
  readonly graceMs: number;
  /** Uploads the new public key to Meta (`POST /{phone-number-id}/whatsapp_business_encryption`). */
  readonly register: (publicKeyPem: string) => Promise<RegisterOutcome<F>>;
  /**
   * Wait between staging the new key and registering it, so that every process of the deployment
   * (they poll the key folder) decrypts with it before Meta hands it out. Default: the poll interval's worth.
   */
  readonly settleMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly log: Logger;
}

/** The result of a rotation: the new current key and the replaced one with the end of its grace period, or why nothing changed. */
export type RotateResult<F> =
  | { readonly ok: true; readonly current: string; readonly previous: { readonly fingerprint: string; readonly retiresAt: string } }
  | { readonly ok: false; readonly reason: 'in_progress' }
  | { readonly ok: false; readonly reason: 'registration_failed'; readonly failure: F };

/**
 * Rotates the endpoint key pair without a failed request:
 * 1. a new pair is generated and staged (`next-private.pem`, encrypted like `private.pem`): every process
 *    decrypts with it from its next look at the key folder, before Meta knows it;
 * 2. its public key is registered with Meta; if Meta refuses, the staged pair is removed and nothing changed;
 * 3. the current private key is kept as `previous-<retireAt>-<fingerprint>.pem` (decrypting until the grace
 *    period ends: requests encrypted before WhatsApp fetched the new key), then the staged pair becomes
 *    `private.pem`/`public.pem`. At every step both keys are in some file of the folder.
 * One rotation at a time per key folder (a lock file shared by the deployment's processes).
 */
export async function rotateEndpointKey<F>(options: RotateEndpointKeyOptions<F>): Promise<RotateResult<F>> {
  const dir = options.ring.keysDir;
  const lock = join(dir, ROTATION_FILES.lock);
  if (!takeLock(lock, options.now())) return { ok: false, reason: 'in_progress' };
  const stagedPrivate = join(dir, ROTATION_FILES.stagedPrivate);
  const stagedPublic = join(dir, ROTATION_FILES.stagedPublic);
  try {
    const pair = generateKeyPair({ passphrase: options.passphrase });
    const fingerprint = keyFingerprint(loadPrivateKey(pair.privateKeyPem, options.passphrase));
    writeAtomically(stagedPrivate, pair.privateKeyPem, 0o600);
    writeAtomically(stagedPublic, pair.publicKeyPem, 0o644);
    options.ring.refresh();
    options.log('info', 'keys.rotation_staged', { staged: fingerprint });
    await (options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))))(options.settleMs);

    const registered = await options.register(pair.publicKeyPem);
    if (!registered.ok) {
      rmSync(stagedPrivate, { force: true });
      rmSync(stagedPublic, { force: true });
      options.ring.refresh();
      options.log('warn', 'keys.rotation_abandoned', { staged: fingerprint, hint: 'Meta did not take the new public key; the current key stays' });
      return { ok: false, reason: 'registration_failed', failure: registered.failure };
    }

    const replaced = options.ring.state().current.fingerprint;
    const retireAt = options.now() + options.graceMs;
    const kept = join(dir, previousKeyFile(retireAt, replaced));
    copyFileSync(join(dir, KEY_PAIR_FILES.privateKey), `${kept}.tmp`);
    chmodSync(`${kept}.tmp`, 0o600);
    renameSync(`${kept}.tmp`, kept);
    renameSync(stagedPrivate, join(dir, KEY_PAIR_FILES.privateKey));
    renameSync(stagedPublic, join(dir, KEY_PAIR_FILES.publicKey));
    options.ring.refresh();
    const retiresAt = new Date(retireAt).toISOString();
    options.log('info', 'keys.rotated', { current: fingerprint, previous: replaced, previousRetiresAt: retiresAt });
    return { ok: true, current: fingerprint, previous: { fingerprint: replaced, retiresAt } };
  } finally {
    rmSync(lock, { force: true });
  }
}

function takeLock(file: string, now: number): boolean {
  const take = () => {
    try {
      writeFileSync(file, `${process.pid} ${new Date(now).toISOString()}\n`, { flag: 'wx', mode: 0o600 });
      return true;
    } catch {
      return false;
    }
  };
  if (take()) return true;
  // Held: by a running rotation, or left by a process that died during one. The file's age is measured
  // on the file system's clock (the wall clock), not the server's injectable one.
  try {
    if (Date.now() - statSync(file).mtimeMs < STALE_LOCK_MS) return false;
    unlinkSync(file);
  } catch {
    return false;
  }
  return take();
}

function writeAtomically(file: string, text: string, mode: number): void {
  writeFileSync(`${file}.tmp`, text, { mode });
  chmodSync(`${file}.tmp`, mode);
  renameSync(`${file}.tmp`, file);
}
