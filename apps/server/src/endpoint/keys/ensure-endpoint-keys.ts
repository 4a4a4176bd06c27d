import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  encryptPrivateKey, generateKeyPair, isProtocolError, KEY_PAIR_FILES, loadKeyPair, privateKeyKdfIterations, PRIVATE_KEY_KDF_ITERATIONS, saveKeyPair, type LoadedKeyPair,
} from '@flowline/protocol';
import type { Logger } from '../../logging/logger.js';

/** File of the generated passphrase, used when FLOWLINE_KEY_PASSPHRASE is unset. */
export const PASSPHRASE_FILE = 'key-passphrase';

/** Fewer characters than this in FLOWLINE_KEY_PASSPHRASE are warned about at start. */
export const MIN_KEY_PASSPHRASE_LENGTH = 16;

/** Options of ensureEndpointKeys. */
export interface EnsureEndpointKeysOptions {
  /**
   * The deployment has data already (its workspace exists): a missing private key is then refused
   * instead of replaced, since Meta encrypts with the public key uploaded for the old one.
   */
  readonly existingDeployment?: boolean;
}

/**
 * Loads the endpoint key pair from `<dataDir>/keys`, creating it on first start. Without a
 * configured passphrase, a random one is generated once and kept in `<dataDir>/key-passphrase`
 * (mode 0600) so a zero-config start works; the log says so. A key encrypted with a weaker key
 * derivation (Node's default 2,048 PBKDF2 iterations) is re-encrypted in place; the pair stays the same.
 */
export function ensureEndpointKeys(dataDir: string, passphrase: string | undefined, log: Logger, options: EnsureEndpointKeysOptions = {}): LoadedKeyPair {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  if (passphrase !== undefined && isWeakPassphrase(passphrase)) {
    log('warn', 'keys.weak_passphrase', { hint: `FLOWLINE_KEY_PASSPHRASE is short or repetitive; use at least ${MIN_KEY_PASSPHRASE_LENGTH} random characters (e.g. openssl rand -base64 32)` });
  }
  const secret = passphrase ?? readOrCreatePassphrase(dataDir, log);
  const keysDir = join(dataDir, 'keys');
  try {
    const loaded = loadKeyPair(keysDir, secret);
    upgradeKeyDerivation(keysDir, loaded, secret, log);
    return loaded;
  } catch (error) {
    if (!isProtocolError(error, 'ERR_KEY_NOT_FOUND')) throw error;
  }
  const privatePath = join(keysDir, KEY_PAIR_FILES.privateKey);
  if (options.existingDeployment === true || existsSync(join(keysDir, KEY_PAIR_FILES.publicKey))) {
    throw new Error(
      `${privatePath} is missing, but this deployment already has ${options.existingDeployment === true ? 'data' : 'a public key'}. ` +
        'WhatsApp encrypts data endpoint requests with the public key uploaded to Meta, so a new key pair would fail every request. ' +
        'Restore private.pem (and public.pem) from your backup, or rotate deliberately: `flowline keys generate --force` ' +
        'writes a new pair, then upload keys/public.pem to Meta (see docs/endpoint.md, "Keys").',
    );
  }
  saveKeyPair(keysDir, generateKeyPair({ passphrase: secret }));
  log('info', 'keys.generated', { dir: keysDir, hint: 'upload keys/public.pem to Meta (flowline keys public)' });
  return loadKeyPair(keysDir, secret);
}

/** The key passphrase in force without creating one (`flowline worker`): FLOWLINE_KEY_PASSPHRASE, else the data directory's file, else undefined. */
export function findKeyPassphrase(dataDir: string, passphrase: string | undefined): string | undefined {
  const file = join(dataDir, PASSPHRASE_FILE);
  return passphrase ?? (existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined);
}

/** The key passphrase in force: FLOWLINE_KEY_PASSPHRASE, else the data directory's generated one (created on first use). */
export function resolveKeyPassphrase(dataDir: string, passphrase: string | undefined, log: Logger): string {
  return passphrase ?? readOrCreatePassphrase(dataDir, log);
}

/** Short, or made of few distinct characters ("aaaaaaaaaaaaaaaa", "1212121212121212"). */
export function isWeakPassphrase(passphrase: string): boolean {
  return passphrase.length < MIN_KEY_PASSPHRASE_LENGTH || new Set(passphrase).size < 8;
}

/** Re-encrypts a private key whose PBKDF2 iteration count is below today's, replacing the file atomically. */
function upgradeKeyDerivation(keysDir: string, loaded: LoadedKeyPair, secret: string, log: Logger): void {
  const file = join(keysDir, KEY_PAIR_FILES.privateKey);
  const iterations = privateKeyKdfIterations(readFileSync(file, 'utf8'));
  if (iterations !== undefined && iterations >= PRIVATE_KEY_KDF_ITERATIONS) return;
  const next = `${file}.next`;
  writeFileSync(next, encryptPrivateKey(loaded.privateKey, secret), { mode: 0o600 });
  chmodSync(next, 0o600);
  renameSync(next, file);
  log('info', 'keys.reencrypted', { file, from: iterations ?? 'legacy or unencrypted', to: PRIVATE_KEY_KDF_ITERATIONS, hint: 'same key pair; nothing to upload to Meta' });
}

function readOrCreatePassphrase(dataDir: string, log: Logger): string {
  const file = join(dataDir, PASSPHRASE_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  log('warn', 'keys.passphrase_generated', { file, hint: 'FLOWLINE_KEY_PASSPHRASE is unset; a random passphrase was stored in this file (mode 0600). Set the variable in production.' });
  return value;
}
