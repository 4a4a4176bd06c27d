import { constants, createDecipheriv, KeyObject, privateDecrypt } from 'node:crypto';
import { exceedsJsonDepth } from './exceeds-json-depth.js';
import { DEFAULT_MAX_PAYLOAD_DEPTH, isParsedEnvelope, parseEnvelope, type ParsedEnvelope, type ParseEnvelopeOptions } from './parse-envelope.js';
import { ProtocolError } from './protocol-error.js';

/** A decrypted endpoint request: the parsed JSON payload and the AES key and IV needed to answer it. */
export interface DecryptedRequest {
  payload: unknown;
  aesKey: Buffer;
  iv: Buffer;
}

const AES_KEY_BYTES = 16;
const GCM_TAG_BYTES = 16;

/**
 * Decrypts a data endpoint request (platform spec §1.3): RSA-OAEP-SHA256 unwraps the 128-bit AES
 * key, AES-128-GCM (16-byte IV, tag appended) decrypts the JSON payload. Accepts the wire body or
 * a parsed envelope, and several private keys during a key rotation (tried in order).
 * Undecryptable requests throw ERR_ENVELOPE_DECRYPT (HTTP 421); a payload nested deeper than
 * `maxPayloadDepth` throws ERR_PAYLOAD_TOO_DEEP (HTTP 400).
 */
export function decryptRequest(
  envelope: unknown,
  privateKey: KeyObject | readonly KeyObject[],
  options: ParseEnvelopeOptions = {},
): DecryptedRequest {
  const parsed = isParsedEnvelope(envelope) ? envelope : parseEnvelope(envelope, options);
  const aesKey = unwrapAesKey(parsed.encryptedAesKey, privateKey);
  const payload = decryptPayload(parsed, aesKey, options.maxPayloadDepth);
  return { payload, aesKey, iv: parsed.initialVector };
}

/**
 * AES-128-GCM decryption of encrypted_flow_data (the tag is its last 16 bytes) and JSON parsing,
 * refusing JSON nested deeper than `maxDepth` before it is parsed.
 */
export function decryptPayload(parsed: ParsedEnvelope, aesKey: Buffer, maxDepth: number = DEFAULT_MAX_PAYLOAD_DEPTH): unknown {
  const data = parsed.encryptedFlowData;
  const tagStart = data.length - GCM_TAG_BYTES;
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-128-gcm', aesKey, parsed.initialVector, { authTagLength: GCM_TAG_BYTES });
    decipher.setAuthTag(data.subarray(tagStart));
    const head = decipher.update(data.subarray(0, tagStart));
    const tail = decipher.final();
    plaintext = tail.length === 0 ? head : Buffer.concat([head, tail]);
  } catch {
    throw new ProtocolError('ERR_ENVELOPE_DECRYPT', 'encrypted_flow_data failed AES-GCM authentication');
  }
  if (exceedsJsonDepth(plaintext, maxDepth)) {
    throw new ProtocolError('ERR_PAYLOAD_TOO_DEEP', `the decrypted payload nests deeper than ${maxDepth} levels`);
  }
  try {
    return JSON.parse(plaintext.toString('utf8')) as unknown;
  } catch {
    throw new ProtocolError('ERR_PAYLOAD_MALFORMED', 'the decrypted payload is not valid JSON');
  }
}

function unwrapAesKey(encryptedAesKey: Buffer, privateKey: KeyObject | readonly KeyObject[]): Buffer {
  const keys: readonly KeyObject[] = privateKey instanceof KeyObject ? [privateKey] : privateKey;
  for (const key of keys) {
    let aesKey: Buffer;
    try {
      aesKey = privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, encryptedAesKey);
    } catch {
      continue;
    }
    if (aesKey.length !== AES_KEY_BYTES) {
      throw new ProtocolError('ERR_ENVELOPE_DECRYPT', `the unwrapped AES key must be ${AES_KEY_BYTES} bytes, got ${aesKey.length}`);
    }
    return aesKey;
  }
  throw new ProtocolError('ERR_ENVELOPE_DECRYPT', 'encrypted_aes_key cannot be decrypted with the private key');
}
