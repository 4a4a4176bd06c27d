import { createPrivateKey, type KeyObject } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

/**
 * Parses an RSA private key PEM once (PKCS#1 or PKCS#8, encrypted or not) into a KeyObject to
 * reuse for every request. A wrong or missing passphrase throws ERR_KEY_PASSPHRASE.
 */
export function loadPrivateKey(pem: string | Buffer, passphrase?: string): KeyObject {
  const text = typeof pem === 'string' ? pem : pem.toString('utf8');
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text);
  if (encrypted && (passphrase === undefined || passphrase === '')) {
    throw new ProtocolError('ERR_KEY_PASSPHRASE', 'the private key is encrypted and no passphrase was given');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? { key: text, format: 'pem' } : { key: text, format: 'pem', passphrase });
  } catch {
    // OpenSSL reports a wrong passphrase as a generic decode failure; the PEM header tells them apart.
    throw encrypted
      ? new ProtocolError('ERR_KEY_PASSPHRASE', 'the passphrase does not decrypt the private key')
      : new ProtocolError('ERR_KEY_INVALID', 'the private key PEM could not be parsed');
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ProtocolError('ERR_KEY_INVALID', `the private key must be RSA, got ${key.asymmetricKeyType ?? 'unknown'}`);
  }
  return key;
}
