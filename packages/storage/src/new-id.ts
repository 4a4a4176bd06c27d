import { randomBytes, randomUUID } from 'node:crypto';

/** A new random row id. */
export function newId(): string {
  return randomUUID();
}

/** A new unguessable URL-safe secret of the given entropy (flow tokens, API tokens, lease tokens). */
export function newSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
