import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { loadPrivateKey } from './load-private-key.js';
import { loadPublicKey } from './load-public-key.js';
import { ProtocolError } from './protocol-error.js';
import { KEY_PAIR_FILES } from './save-key-pair.js';

/** A key pair loaded for use: parsed keys plus the public PEM to show or upload. */
export interface LoadedKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
}

/**
 * Reads and parses `private.pem` and `public.pem` from a directory (once, at start). Throws
 * ERR_KEY_NOT_FOUND when a file is missing, ERR_KEY_PASSPHRASE for a wrong or missing
 * passphrase, and ERR_KEY_INVALID when the public key does not belong to the private key.
 */
export function loadKeyPair(dir: string, passphrase: string | undefined): LoadedKeyPair {
  const privateKey = loadPrivateKey(readKeyFile(dir, KEY_PAIR_FILES.privateKey), passphrase);
  const publicKeyPem = readKeyFile(dir, KEY_PAIR_FILES.publicKey);
  const publicKey = loadPublicKey(publicKeyPem);
  const derived = loadPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  if (!derived.equals(publicKey.export({ type: 'spki', format: 'der' }))) {
    throw new ProtocolError('ERR_KEY_INVALID', `${KEY_PAIR_FILES.publicKey} does not belong to ${KEY_PAIR_FILES.privateKey} in ${dir}`);
  }
  return { privateKey, publicKey, publicKeyPem };
}

function readKeyFile(dir: string, name: string): string {
  const file = path.join(dir, name);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ProtocolError('ERR_KEY_NOT_FOUND', `cannot read ${file}`);
  }
}
