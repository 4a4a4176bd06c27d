import { createCipheriv, pbkdf2Sync, randomBytes, type KeyObject } from 'node:crypto';
import { ProtocolError } from './protocol-error.js';

/**
 * PBKDF2-HMAC-SHA256 iterations for the private key at rest: OWASP's 2023 figure for this hash.
 * Node's own PKCS#8 encryption uses OpenSSL's default of 2,048, which a GPU guesses through quickly.
 */
export const PRIVATE_KEY_KDF_ITERATIONS = 600_000;

const OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

/**
 * Encrypts a private key as a standard PKCS#8 `ENCRYPTED PRIVATE KEY` PEM (RFC 5958 / RFC 8018 PBES2:
 * PBKDF2-HMAC-SHA256 with `iterations`, AES-256-CBC), so OpenSSL and Node read it as before, with a
 * key derivation that costs an attacker `iterations` hashes per guessed passphrase.
 */
export function encryptPrivateKey(key: KeyObject, passphrase: string, iterations: number = PRIVATE_KEY_KDF_ITERATIONS): string {
  if (passphrase === '') throw new ProtocolError('ERR_KEY_PASSPHRASE', 'a non-empty passphrase is required to encrypt the private key');
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const derived = pbkdf2Sync(Buffer.from(passphrase, 'utf8'), salt, iterations, 32, 'sha256');
  const cipher = createCipheriv('aes-256-cbc', derived, iv);
  const encrypted = Buffer.concat([cipher.update(key.export({ type: 'pkcs8', format: 'der' })), cipher.final()]);
  const der = sequence(
    sequence(
      oid(OID.pbes2),
      sequence(
        sequence(oid(OID.pbkdf2), sequence(octetString(salt), integer(iterations), sequence(oid(OID.hmacWithSha256), NULL))),
        sequence(oid(OID.aes256Cbc), octetString(iv)),
      ),
    ),
    octetString(encrypted),
  );
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${lines.join('\n')}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
}

/**
 * The PBKDF2 iteration count of an `ENCRYPTED PRIVATE KEY` PEM, or undefined when the PEM is not
 * PBES2 with PBKDF2 (legacy PEM encryption, PKCS#1, unencrypted): a key to re-encrypt on upgrade.
 */
export function privateKeyKdfIterations(pem: string): number | undefined {
  const match = /-----BEGIN ENCRYPTED PRIVATE KEY-----([\s\S]*?)-----END ENCRYPTED PRIVATE KEY-----/.exec(pem);
  if (match?.[1] === undefined) return undefined;
  try {
    const der = Buffer.from(match[1].replace(/\s+/g, ''), 'base64');
    const top = children(children(der)[0]);
    const algorithm = children(top[0]);
    if (toOid(algorithm[0]) !== OID.pbes2) return undefined;
    const kdf = children(children(algorithm[1])[0]);
    if (toOid(kdf[0]) !== OID.pbkdf2) return undefined;
    const count = children(kdf[1])[1];
    if (count === undefined || count.tag !== 0x02) return undefined;
    return count.content.reduce((n, byte) => n * 256 + byte, 0);
  } catch {
    return undefined;
  }
}

interface Node {
  readonly tag: number;
  readonly content: Buffer;
}

/** The TLV elements inside a constructed DER element (or a whole buffer). */
function children(node: Node | Buffer | undefined): Node[] {
  if (node === undefined) throw new Error('missing DER element');
  const buffer = Buffer.isBuffer(node) ? node : node.content;
  const out: Node[] = [];
  let at = 0;
  while (at < buffer.length) {
    const tag = buffer[at] ?? 0;
    let length = buffer[at + 1] ?? 0;
    at += 2;
    if (length & 0x80) {
      const bytes = length & 0x7f;
      if (bytes > 4) throw new Error('DER length too long');
      length = 0;
      for (let i = 0; i < bytes; i += 1) length = length * 256 + (buffer[at + i] ?? 0);
      at += bytes;
    }
    if (at + length > buffer.length) throw new Error('truncated DER');
    out.push({ tag, content: buffer.subarray(at, at + length) });
    at += length;
  }
  return out;
}

function toOid(node: Node | undefined): string | undefined {
  if (node?.tag !== 0x06 || node.content.length === 0) return undefined;
  const first = node.content[0] ?? 0;
  const parts = [Math.floor(first / 40), first % 40];
  let value = 0;
  for (const byte of node.content.subarray(1)) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff]) : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

function sequence(...items: Buffer[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

function octetString(value: Buffer): Buffer {
  return tlv(0x04, value);
}

const NULL = Buffer.from([0x05, 0x00]);

function integer(value: number): Buffer {
  const bytes: number[] = [];
  for (let v = value; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  if (bytes.length === 0 || (bytes[0] ?? 0) & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const groups: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      groups.unshift(v % 128);
      if (v < 128) break;
    }
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(bytes));
}
