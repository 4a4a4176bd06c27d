import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyPairPem } from './generate-key-pair.js';
import { ProtocolError } from './protocol-error.js';

/** File names of a saved key pair inside its directory. */
export const KEY_PAIR_FILES = { privateKey: 'private.pem', publicKey: 'public.pem' } as const;

/**
 * Writes `private.pem` (mode 0600) and `public.pem` into a directory, creating it (mode 0700).
 * Refuses to replace an existing private key unless `overwrite` is set (ERR_KEY_EXISTS).
 */
export function saveKeyPair(dir: string, pair: KeyPairPem, options: { overwrite?: boolean } = {}): void {
  const privatePath = path.join(dir, KEY_PAIR_FILES.privateKey);
  if (options.overwrite !== true && existsSync(privatePath)) {
    throw new ProtocolError('ERR_KEY_EXISTS', `a private key already exists at ${privatePath}`);
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(privatePath, pair.privateKeyPem, { mode: 0o600 });
  // The mode option applies only when the file is created; enforce it on overwrite too.
  chmodSync(privatePath, 0o600);
  writeFileSync(path.join(dir, KEY_PAIR_FILES.publicKey), pair.publicKeyPem, { mode: 0o644 });
}
