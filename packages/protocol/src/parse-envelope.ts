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
}

const DEFAULT_MAX_FLOW_DATA_BYTES = 1024 * 1024;
const IV_BYTES = 16;
const GCM_TAG_BYTES = 16;

/** Parses and strictly checks an envelope body (unknown JSON value) into decoded buffers. */
export function parseEnvelope(body: unknown, options: ParseEnvelopeOptions = {}): ParsedEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError('ERR_ENVELOPE_MALFORMED', 'request body must be a JSON object');
  }
  const fields = body as Record<string, unknown>;
  const maxFlowDataBytes = options.maxFlowDataBytes ?? DEFAULT_MAX_FLOW_DATA_BYTES;
  const rawFlowData = fields['encrypted_flow_data'];
  // Cheap size guard before decoding: 4 base64 chars carry 3 bytes.
  if (typeof rawFlowData === 'string' && rawFlowData.length > Math.ceil(maxFlowDataBytes / 3) * 4) {
    throw new ProtocolError('ERR_ENVELOPE_TOO_LARGE', `encrypted_flow_data exceeds ${maxFlowDataBytes} bytes`);
  }
  const encryptedFlowData = decodeBase64Field(rawFlowData, 'encrypted_flow_data', 'ERR_ENVELOPE_MALFORMED');
  const encryptedAesKey = decodeBase64Field(fields['encrypted_aes_key'], 'encrypted_aes_key', 'ERR_ENVELOPE_MALFORMED');
  const initialVector = decodeBase64Field(fields['initial_vector'], 'initial_vector', 'ERR_ENVELOPE_MALFORMED');
  if (initialVector.length !== IV_BYTES) {
    throw new ProtocolError('ERR_ENVELOPE_MALFORMED', `initial_vector must be ${IV_BYTES} bytes, got ${initialVector.length}`);
  }
  if (encryptedFlowData.length <= GCM_TAG_BYTES) {
    throw new ProtocolError('ERR_ENVELOPE_MALFORMED', 'encrypted_flow_data is shorter than its authentication tag');
  }
  return { encryptedFlowData, encryptedAesKey, initialVector };
}

/** Whether a value is an already parsed envelope (decoded buffers) rather than a wire body. */
export function isParsedEnvelope(value: unknown): value is ParsedEnvelope {
  if (typeof value !== 'object' || value === null) return false;
  const fields = value as Record<string, unknown>;
  return Buffer.isBuffer(fields['encryptedFlowData']) && Buffer.isBuffer(fields['encryptedAesKey']) && Buffer.isBuffer(fields['initialVector']);
}
