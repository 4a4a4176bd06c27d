import { decodeBase64Field } from './decode-base64-field.js';
import { ProtocolError } from './protocol-error.js';

/** The request envelope as it arrives on the wire (platform spec §1.2). */
export interface RequestEnvelope {
  encrypted_flow_data: string;
  encrypted_aes_key: string;
  initial_vector: string;
}

/** A request envelope with its three fields decoded and their lengths checked. */
export interface ParsedEnvelope {
  readonly encryptedFlowData: Buffer;
  readonly encryptedAesKey: Buffer;
  readonly initialVector: Buffer;
}

/** Limits applied while parsing an envelope. */
export interface ParseEnvelopeOptions {
  /** Largest accepted encrypted_flow_data in decoded bytes (default 1 MiB). */
  maxFlowDataBytes?: number;
  /** Deepest accepted nesting of objects and arrays in the decrypted payload (default 32). */
  maxPayloadDepth?: number;
}

const DEFAULT_MAX_FLOW_DATA_BYTES = 1024 * 1024;
/** Meta's payloads nest a few levels (media metadata is the deepest, at 5); V8 cannot clone or serialise a few thousand. */
export const DEFAULT_MAX_PAYLOAD_DEPTH = 32;
const IV_BYTES = 16;
const GCM_TAG_BYTES = 16;
const ENVELOPE_FIELDS = ['encrypted_flow_data', 'encrypted_aes_key', 'initial_vector'] as const;

/**
 * Parses and strictly checks an envelope into decoded buffers. `body` is the parsed JSON value, or
 * the raw body text (string or Buffer), which is JSON-parsed here.
 */
export function parseEnvelope(input: unknown, options: ParseEnvelopeOptions = {}): ParsedEnvelope {
  const maxFlowDataBytes = options.maxFlowDataBytes ?? DEFAULT_MAX_FLOW_DATA_BYTES;
  const body = typeof input === 'string' || Buffer.isBuffer(input) ? parseBodyText(input, maxFlowDataBytes) : input;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError('ERR_ENVELOPE_MALFORMED', 'request body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  // Shape first (400), content second (421): a missing field is a malformed body, not a key problem.
  for (const field of ENVELOPE_FIELDS) {
    const value = fields[field];
    if (typeof value !== 'string') throw new ProtocolError('ERR_ENVELOPE_MALFORMED', value === undefined ? `missing field ${field}` : `field ${field} must be a string`);
  }
  const rawFlowData = fields['encrypted_flow_data'];
  // Cheap size guard before decoding: 4 base64 chars carry 3 bytes.
  if (typeof rawFlowData === 'string' && rawFlowData.length > Math.ceil(maxFlowDataBytes / 3) * 4) {
    throw new ProtocolError('ERR_ENVELOPE_TOO_LARGE', `encrypted_flow_data exceeds ${maxFlowDataBytes} bytes`);
  }
  const encryptedFlowData = decodeBase64Field(rawFlowData, 'encrypted_flow_data', 'ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_UNDECODABLE');
  const encryptedAesKey = decodeBase64Field(fields['encrypted_aes_key'], 'encrypted_aes_key', 'ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_UNDECODABLE');
  const initialVector = decodeBase64Field(fields['initial_vector'], 'initial_vector', 'ERR_ENVELOPE_MALFORMED', 'ERR_ENVELOPE_UNDECODABLE');
  if (initialVector.length !== IV_BYTES) {
    throw new ProtocolError('ERR_ENVELOPE_UNDECODABLE', `initial_vector must be ${IV_BYTES} bytes, got ${initialVector.length}`);
  }
  if (encryptedFlowData.length <= GCM_TAG_BYTES) {
    throw new ProtocolError('ERR_ENVELOPE_UNDECODABLE', 'encrypted_flow_data is shorter than its authentication tag');
  }
  return { encryptedFlowData, encryptedAesKey, initialVector };
}

function parseBodyText(text: string | Buffer, maxFlowDataBytes: number): unknown {
  // Base64 of the limit plus room for the key, IV and JSON punctuation.
  if (text.length > Math.ceil(maxFlowDataBytes / 3) * 4 + 4096) {
    throw new ProtocolError('ERR_ENVELOPE_TOO_LARGE', `request body exceeds the limit for ${maxFlowDataBytes} bytes of flow data`);
  }
  try {
    return JSON.parse(typeof text === 'string' ? text : text.toString('utf8')) as unknown;
  } catch {
    throw new ProtocolError('ERR_ENVELOPE_MALFORMED', 'request body is not valid JSON');
  }
}

/** Whether a value is an already parsed envelope (decoded buffers) rather than a wire body. */
export function isParsedEnvelope(value: unknown): value is ParsedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return Buffer.isBuffer(fields['encryptedFlowData']) && Buffer.isBuffer(fields['encryptedAesKey']) && Buffer.isBuffer(fields['initialVector']);
}
