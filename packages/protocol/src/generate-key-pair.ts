import { generateKeyPairSync } from 'node:crypto';
import { encryptPrivateKey } from './encrypt-private-key.js';
import { ProtocolError } from './protocol-error.js';

/** An endpoint key pair as PEM text: the private key encrypted at rest, the public key to upload to Meta. */
export interface KeyPairPem {
  /** Encrypted PKCS#8 PEM (AES-256-CBC, keyed by PBKDF2-HMAC-SHA256 with PRIVATE_KEY_KDF_ITERATIONS from the passphrase). */
  privateKeyPem: string;
  /** SPKI PEM, the `business_public_key` uploaded per phone number (platform spec §1.10). */
  publicKeyPem: string;
}

/** Generates an RSA-2048 endpoint key pair (platform spec §1.3) with the private key encrypted by the passphrase. */
export function generateKeyPair(options: { passphrase: string }): KeyPairPem {
  if (typeof options.passphrase !== 'string' || options.passphrase === '') {
    throw new ProtocolError('ERR_KEY_PASSPHRASE', 'a non-empty passphrase is required to encrypt the private key');
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: encryptPrivateKey(privateKey, options.passphrase), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}
