import type { Storage } from '@flowline/storage';
import type { AuthContext } from './define-route.js';
import { fail, type ApiResponse } from './api-response.js';

/** Resolves the bearer token of a request to its workspace and role, or a 401 answer. */
export async function authenticateRequest(storage: Storage, authorization: string | undefined): Promise<{ ok: true; auth: AuthContext } | { ok: false; response: ApiResponse }> {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (match === null || match[1] === undefined) {
    return { ok: false, response: fail(401, 'UNAUTHENTICATED', 'send an API token as "Authorization: Bearer <token>"') };
  }
  const token = await storage.apiTokens.authenticate(match[1]);
  if (token === undefined) return { ok: false, response: fail(401, 'UNAUTHENTICATED', 'unknown or revoked API token') };
  return {
    ok: true,
    auth: { workspaceId: token.workspaceId, tokenId: token.id, tokenName: token.name, role: token.role, actor: `token:${token.name}` },
  };
}
