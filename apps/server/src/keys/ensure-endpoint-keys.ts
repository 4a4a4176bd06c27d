import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateKeyPair, isProtocolError, loadKeyPair, saveKeyPair, type LoadedKeyPair } from '@flowline/protocol';
import type { Logger } from '../endpoint/logger.js';

/** File of the generated passphrase, used when FLOWLINE_KEY_PASSPHRASE is unset. */
export const PASSPHRASE_FILE = 'key-passphrase';

/**
 * Loads the endpoint key pair from `<dataDir>/keys`, creating it on first start. Without a
 * configured passphrase, a random one is generated once and kept in `<dataDir>/key-passphrase`
 * (mode 0600) so a zero-config start works; the log says so.
 */
export function ensureEndpointKeys(dataDir: string, passphrase: string | undefined, log: Logger): LoadedKeyPair {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = passphrase ?? readOrCreatePassphrase(dataDir, log);
  const keysDir = join(dataDir, 'keys');
  try {
    return loadKeyPair(keysDir, secret);
  } catch (error) {
    if (!isProtocolError(error, 'ERR_KEY_NOT_FOUND')) throw error;
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

function readOrCreatePassphrase(dataDir: string, log: Logger): string {
  const file = join(dataDir, PASSPHRASE_FILE);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  log('warn', 'keys.passphrase_generated', { file, hint: 'FLOWLINE_KEY_PASSPHRASE is unset; a random passphrase was stored in this file (mode 0600). Set the variable in production.' });
  return value;
}
