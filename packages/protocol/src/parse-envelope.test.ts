import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseEnvelope } from './parse-envelope.js';
import { isProtocolError, type ProtocolErrorCode } from './protocol-error.js';
import { kairon } from './test-support/crypto-corpus.js';

const valid = kairon().vector.request_envelope;

const cases: { name: string; body: unknown; code: ProtocolErrorCode; status: number; mentions?: string }[] = [
  { name: 'raw body text that is not JSON', body: 'hello', code: 'ERR_ENVELOPE_MALFORMED', status: 400, mentions: 'not valid JSON' },
  { name: 'raw body text holding a JSON string', body: '"hello"', code: 'ERR_ENVELOPE_MALFORMED', status: 400 },
  { name: 'an array body', body: [valid], code: 'ERR_ENVELOPE_MALFORMED', status: 400 },
  { name: 'a null body', body: null, code: 'ERR_ENVELOPE_MALFORMED', status: 400 },
  { name: 'a missing encrypted_flow_data', body: { ...valid, encrypted_flow_data: undefined }, code: 'ERR_ENVELOPE_MALFORMED', status: 400, mentions: 'missing field encrypted_flow_data' },
  { name: 'a missing encrypted_aes_key', body: { encrypted_flow_data: valid.encrypted_flow_data, initial_vector: valid.initial_vector }, code: 'ERR_ENVELOPE_MALFORMED', status: 400, mentions: 'encrypted_aes_key' },
  { name: 'a missing initial_vector', body: { encrypted_flow_data: valid.encrypted_flow_data, encrypted_aes_key: valid.encrypted_aes_key }, code: 'ERR_ENVELOPE_MALFORMED', status: 400, mentions: 'initial_vector' },
  { name: 'a numeric field', body: { ...valid, initial_vector: 12 }, code: 'ERR_ENVELOPE_MALFORMED', status: 400, mentions: 'must be a string' },
  { name: 'an empty field', body: { ...valid, encrypted_aes_key: '' }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421, mentions: 'empty' },
  { name: 'non-base64 characters', body: { ...valid, encrypted_aes_key: `${valid.encrypted_aes_key.slice(0, 8)}!!!!${valid.encrypted_aes_key.slice(12)}` }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421, mentions: 'not valid base64' },
  { name: 'base64url characters', body: { ...valid, initial_vector: 'Gi_cmYgQJXQ0AWpo0M5X5w==' }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421, mentions: 'not valid base64' },
  { name: 'missing padding', body: { ...valid, initial_vector: 'Gi/cmYgQJXQ0AWpo0M5X5w' }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421 },
  { name: 'non-canonical trailing bits', body: { ...valid, initial_vector: 'Gi/cmYgQJXQ0AWpo0M5X5x==' }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421 },
  { name: 'embedded whitespace', body: { ...valid, initial_vector: 'Gi/cmYgQ JXQ0AWpo0M5X5w==' }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421 },
  { name: 'a truncated IV', body: { ...valid, initial_vector: 'Gi/cmYgQJXQ0AWpo' }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421, mentions: '16 bytes, got 12' },
  { name: 'flow data no longer than the tag', body: { ...valid, encrypted_flow_data: Buffer.alloc(16).toString('base64') }, code: 'ERR_ENVELOPE_UNDECODABLE', status: 421, mentions: 'tag' },
];

describe('parseEnvelope', () => {
  it('decodes the three fields of a real envelope', () => {
    const parsed = parseEnvelope(valid);
    assert.equal(parsed.initialVector.length, 16);
    assert.equal(parsed.encryptedAesKey.length, 256);
    assert.equal(parsed.encryptedFlowData.toString('base64'), valid.encrypted_flow_data);
  });

  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code} (${c.status})`, () => {
      assert.throws(
        () => parseEnvelope(c.body),
        (e) => isProtocolError(e, c.code) && e.status === c.status && (c.mentions === undefined || e.message.includes(c.mentions)),
      );
    });
  }

  it('accepts the raw body as text or bytes', () => {
    assert.deepEqual(parseEnvelope(JSON.stringify(valid)), parseEnvelope(valid));
    assert.deepEqual(parseEnvelope(Buffer.from(JSON.stringify(valid))), parseEnvelope(valid));
  });

  it('rejects a raw body far above the size limit with ERR_ENVELOPE_TOO_LARGE before parsing it', () => {
    const huge = JSON.stringify({ ...valid, padding: 'x'.repeat(20000) });
    assert.throws(() => parseEnvelope(huge, { maxFlowDataBytes: 1024 }), (e) => isProtocolError(e, 'ERR_ENVELOPE_TOO_LARGE'));
  });

  it('rejects flow data above the size limit with ERR_ENVELOPE_TOO_LARGE (413)', () => {
    assert.throws(
      () => parseEnvelope(valid, { maxFlowDataBytes: 64 }),
      (e) => isProtocolError(e, 'ERR_ENVELOPE_TOO_LARGE') && e.status === 413,
    );
  });

  it('never echoes field contents in its errors', () => {
    const secretish = 'AAAA' + 'c2VjcmV0'.repeat(4) + '*';
    assert.throws(() => parseEnvelope({ ...valid, encrypted_aes_key: secretish }), (e) => isProtocolError(e) && !e.message.includes('c2VjcmV0'));
  });
});
