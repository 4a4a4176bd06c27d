import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

/** Prefix of a sealed value (version 1: AES-256-GCM under a scrypt key of the passphrase). */
export const SEALED_PREFIX = 'fls1.';

/** Seals and opens secrets kept at rest (connector signing secrets, custom header values). */
export interface SecretBox {
  /** Encrypts a secret bound to its context (the workspace id): `fls1.<base64url iv ‖ ciphertext ‖ tag>`. */
  seal(plain: string, context: string): string;
  /** Decrypts a sealed secret of the same context; a wrong passphrase, another context or any change throws ERR_KEY_PASSPHRASE. */
  open(sealed: string, context: string): string;
}

// Derivation is deliberately slow (a weak passphrase must not be cheap to guess), so it is done once per passphrase.
const derived = new Map<string, Buffer>();

/**
 * Creates the secret box of an installation from its key passphrase (FLOWLINE_KEY_PASSPHRASE or the
 * data directory's generated `key-passphrase`, the secret that already protects the endpoint private
 * key): AES-256-GCM with a 96-bit random IV, the key derived by scrypt (N = 2^15, r = 8, p = 1), the
 * context as additional authenticated data so a sealed value cannot be moved to another workspace.
 */
export function createSecretBox(passphrase: string): SecretBox {
  if (passphrase === '') throw new ProtocolError('ERR_KEY_PASSPHRASE', 'a non-empty passphrase is required to seal secrets');
  // Derived on first use, so a start with nothing to seal or open pays nothing.
  const keyOf = (): Buffer => {
    let key = derived.get(passphrase);
    if (key === undefined) {
      key = scryptSync(passphrase, 'flowline/secret-box/v1', 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
      derived.set(passphrase, key);
    }
    return key;
  };
  return {
    seal(plain, context) {
      const secretKey = keyOf();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv, { authTagLength: 16 });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return SEALED_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(sealed, context) {
      const data = sealed.startsWith(SEALED_PREFIX) ? Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64url') : Buffer.alloc(0);
      if (data.length < 12 + 16) throw new ProtocolError('ERR_KEY_PASSPHRASE', 'the value is not a sealed secret');
      const secretKey = keyOf();
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, data.subarray(0, 12), { authTagLength: 16 });
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(data.subarray(data.length - 16));
        return Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        throw new ProtocolError('ERR_KEY_PASSPHRASE', 'a stored secret does not open: another passphrase sealed it, or it was altered');
      }
    },
  };
}
