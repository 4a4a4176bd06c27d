import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Folder of the shared crypto vectors (../shared/corpus/crypto from the repo root). */
export const CRYPTO_CORPUS_DIR = path.join(process.env['FLOWLINE_REPO_ROOT'] ?? process.cwd(), '..', 'shared', 'corpus', 'crypto');

/** Reads a corpus file as bytes. */
export function readCorpusBytes(name: string): Buffer {
  return readFileSync(path.join(CRYPTO_CORPUS_DIR, name));
}

/** Reads and parses a corpus JSON file; the caller states the shape it expects. */
export function readCorpusJson<T>(name: string): T {
  return JSON.parse(readCorpusBytes(name).toString('utf8')) as T;
}

/** Shape of kairon_flow_request_vector.json (the fields the tests use). */
export interface KaironVector {
  request_envelope: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  expected: { aes_key_hex: string; iv_hex: string; flipped_iv_hex: string; decrypted_plaintext_utf8: string; decrypted_json: unknown };
  derived_response_vectors: { plaintext: string; base64_body: string }[];
}

/** Shape of pywa_flow_request_vector.json (the fields the tests use). */
export interface PywaRequestVector {
  request_envelope: { encrypted_flow_data: string; encrypted_aes_key: string; initial_vector: string };
  expected: { aes_key_hex: string; iv_hex: string; flipped_iv_hex: string; decrypted_json: unknown };
  response_vector: { serialized_plaintext_exact: string; expected_base64_body: string };
}

/** The kairon vector with its unencrypted PKCS#1 key. */
export function kairon(): { vector: KaironVector; keyPem: string } {
  return {
    vector: readCorpusJson<KaironVector>('kairon_flow_request_vector.json'),
    keyPem: readCorpusBytes('kairon_flow_request_private_key.pem').toString('utf8'),
  };
}

/** The pywa INIT vector with its encrypted PKCS#8 key (passphrase "pywa"). */
export function pywa(): { vector: PywaRequestVector; keyPem: string; passphrase: string } {
  return {
    vector: readCorpusJson<PywaRequestVector>('pywa_flow_request_vector.json'),
    keyPem: readCorpusBytes('pywa_flow_private_key_pkcs8_encrypted.pem').toString('utf8'),
    passphrase: 'pywa',
  };
}
