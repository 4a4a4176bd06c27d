import { isJsonObject } from '../json/is-json-object.js';

/** A secret option as the API shows a stored one, and as a client sends it back to keep it: `{"set": true}`. */
export interface KeptSecret {
  readonly set: true;
}

/** A secret option as stored: sealed by the server (never shown by the API). */
export interface SealedSecret {
  readonly sealed: string;
}

/** The value of a secret option: a new secret in plain text (in a request only), kept or sealed. */
export type SecretValue = string | KeptSecret | SealedSecret;

/** Longest secret or header value accepted (bytes of text). */
export const MAX_SECRET_LENGTH = 4096;

/** Whether a value is `{"set": true}`. */
export function isKeptSecret(value: unknown): value is KeptSecret {
  return isJsonObject(value) && value['set'] === true && Object.keys(value).length === 1;
}

/** Whether a value is `{"sealed": "…"}`. */
export function isSealedSecret(value: unknown): value is SealedSecret {
  return isJsonObject(value) && typeof value['sealed'] === 'string' && value['sealed'] !== '' && Object.keys(value).length === 1;
}

/** Whether a value may stand for a secret option. */
export function isSecretValue(value: unknown): value is SecretValue {
  return (typeof value === 'string' && value !== '' && value.length <= MAX_SECRET_LENGTH) || isKeptSecret(value) || isSealedSecret(value);
}
