import { createPublicKey, type KeyObject } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

/** Parses an RSA public key (SPKI or PKCS#1 PEM, or a private key to derive it from) into a KeyObject. */
export function loadPublicKey(key: string | Buffer | KeyObject): KeyObject {
  if (typeof key === 'object' && !Buffer.isBuffer(key) && key.type === 'public') return assertRsa(key);
  let parsed: KeyObject;
  try {
    parsed = typeof key === 'object' && !Buffer.isBuffer(key) ? createPublicKey(key) : createPublicKey({ key, format: 'pem' });
  } catch {
    throw new ProtocolError('ERR_KEY_INVALID', 'the public key PEM could not be parsed');
  }
  return assertRsa(parsed);
}

function assertRsa(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ProtocolError('ERR_KEY_INVALID', `the public key must be RSA, got ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}
