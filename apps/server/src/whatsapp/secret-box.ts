import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

/** Seals and opens the secrets a workspace stores (Graph access token, app secret, verify token). */
export interface SecretBox {
  /** `v1.<iv>.<ciphertext+tag>` (base64url); `context` (workspace and field) is bound as associated data. */
  seal(plaintext: string, context: string): string;
  /** The plaintext, or undefined when the text was not sealed by this key for this context (a box that throws instead also fits). */
  open(sealed: string, context: string): string | undefined;
}

/**
 * A secret box keyed from the endpoint private key (itself encrypted at rest by the key passphrase), so
 * every worker process derives the same key and nothing new has to be kept: HKDF-SHA256 over the
 * key's PKCS#8 bytes, AES-256-GCM with a random 96-bit IV per secret. Rotating the endpoint key means
 * entering the connection's secrets again (docs/whatsapp.md).
 */
export function createSecretBox(privateKey: KeyObject): SecretBox {
  const material = privateKey.export({ type: 'pkcs8', format: 'der' });
  const key = Buffer.from(hkdfSync('sha256', material, Buffer.from('flowline-secret-box'), Buffer.from('workspace secrets v1'), 32));
  return {
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== 'v1' || ivText === undefined || bodyText === undefined) return undefined;
      const iv = Buffer.from(ivText, 'base64url');
      const body = Buffer.from(bodyText, 'base64url');
      if (iv.length !== 12 || body.length < 16) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(body.subarray(body.length - 16));
        return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
