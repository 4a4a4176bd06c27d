import { createApiClient, type ApiClient, type ApiResult } from '../api-client.js';

/** The platform's token roles (docs/api.md). */
export type Role = 'admin' | 'publisher' | 'reviewer' | 'designer' | 'operator' | 'viewer';

/** Who is signed in, from `GET /api/v1/me`. */
export interface Me {
  readonly role: Role;
  readonly workspace: string;
  readonly permissions: readonly string[];
}

/** A signed-in session: who, and a client carrying the token. */
export interface Session {
  readonly me: Me;
  readonly client: ApiClient;
}

const STORAGE_KEY = 'flowline.token';
const ROLES: readonly Role[] = ['admin', 'publisher', 'reviewer', 'designer', 'operator', 'viewer'];

const READ = ['me:read', 'flows:read', 'contacts:read', 'sends:read', 'submissions:read', 'routing:read', 'deliveries:read', 'inbox:read', 'metrics:read', 'traces:read'];

/** What each role may do when `/me` lists no permissions (mirrors apps/server/src/admin/api/permissions.ts). */
const ROLE_ABILITIES: Readonly<Record<Role, readonly string[]>> = {
  viewer: READ,
  designer: [...READ, 'flows:write', 'routing:write', 'sends:create', 'sandbox:use', 'versions:submit', 'versions:comment'],
  reviewer: [...READ, 'versions:approve', 'versions:comment', 'audit:read'],
  publisher: [...READ, 'flows:publish', 'versions:comment'],
  operator: [...READ, 'contacts:write', 'sends:create', 'inbox:write', 'deliveries:retry', 'sandbox:use'],
  admin: ['*'],
};

/** Whether the session may do something (`flows:write`, `inbox:write`, …). */
export function can(me: Me, ability: string): boolean {
  if (me.permissions.includes(ability) || me.permissions.includes('*')) return true;
  const own = ROLE_ABILITIES[me.role];
  return me.permissions.length === 0 && (own.includes(ability) || own.includes('*'));
}

/** Whether the role is at least `min` in the order viewer < operator < reviewer < publisher < designer < admin (prefer `can`). */
export function roleAtLeast(role: Role, min: Role): boolean {
  const order: readonly Role[] = ['viewer', 'operator', 'reviewer', 'publisher', 'designer', 'admin'];
  return order.indexOf(role) >= order.indexOf(min);
}

/** Reads `GET /me`'s body (tolerant of `{workspace: {id, name}}` or a plain id). */
export function parseMe(body: unknown): Me | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const role = ROLES.find((r) => r === record['role']);
  if (role === undefined) return undefined;
  const ws = record['workspace'] ?? record['workspaceId'];
  const workspace = typeof ws === 'string' ? ws
    : typeof ws === 'object' && ws !== null ? String((ws as Record<string, unknown>)['name'] ?? (ws as Record<string, unknown>)['id'] ?? '')
    : '';
  const perms = record['permissions'];
  const permissions = Array.isArray(perms) ? perms.filter((p): p is string => typeof p === 'string') : [];
  return { role, workspace, permissions };
}

/** Signs in with a token: asks `GET /me`, and keeps the token in sessionStorage on success. */
export async function signIn(token: string): Promise<ApiResult<Session>> {
  const client = createApiClient(token.trim());
  const result = await client.get<unknown>('/me');
  if (!result.ok) return result;
  const me = parseMe(result.data);
  if (me === undefined) return { ok: false, status: result.status, code: 'BAD_ME', message: 'The server answered /me with an unexpected body.' };
  sessionStorage.setItem(STORAGE_KEY, token.trim());
  return { ok: true, status: result.status, data: { me, client } };
}

/** The token kept from an earlier sign-in in this tab, if any. */
export function storedToken(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

/** Forgets the token. */
export function signOut(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
