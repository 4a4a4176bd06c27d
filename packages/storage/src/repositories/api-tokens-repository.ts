import { createHash } from 'node:crypto';
import type { ApiTokenTable } from '../database.js';
import type { Executor } from '../dialect/executor.js';
import { toEpochMs, type Instant } from '../instant.js';
import { isUniqueViolation } from '../dialect/is-unique-violation.js';
import { newId, newSecret } from '../new-id.js';
import { fail, succeed, type StorageResult } from '../storage-result.js';

/** What an API token may do. */
export type Role = 'admin' | 'publisher' | 'reviewer' | 'designer' | 'operator' | 'viewer';

/** The roles, most powerful first. */
export const ROLES: readonly Role[] = ['admin', 'publisher', 'reviewer', 'designer', 'operator', 'viewer'];

/** An API token's record; the secret itself is never stored, only its SHA-256. */
export interface ApiToken {
  id: string;
  workspaceId: string;
  name: string;
  role: Role;
  createdAt: number;
  revokedAt: number | null;
}

/** API tokens, stored hashed. */
export interface ApiTokensRepository {
  /** Creates a token with a fresh secret; the plaintext is returned once and never again. */
  issue(workspaceId: string, input: { name: string; role: Role; at: Instant }): Promise<{ token: string; record: ApiToken }>;
  /** Registers a caller-chosen secret (such as `FLOWLINE_ADMIN_TOKEN`); a secret already registered is refused. */
  register(workspaceId: string, input: { token: string; name: string; role: Role; at: Instant }): Promise<StorageResult<ApiToken, 'TOKEN_EXISTS'>>;
  /** Finds the live token a bearer secret belongs to; the only lookup not scoped by workspace, since the secret names its workspace. */
  authenticate(token: string): Promise<ApiToken | undefined>;
  list(workspaceId: string): Promise<ApiToken[]>;
  revoke(workspaceId: string, tokenId: string, at: Instant): Promise<boolean>;
}

/** The SHA-256 hex digest under which a token secret is stored. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function toApiToken(row: ApiTokenTable): ApiToken {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    role: ROLES.find((r) => r === row.role) ?? 'viewer',
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/** Creates the API tokens repository over a database handle. */
export function createApiTokensRepository(db: Executor): ApiTokensRepository {
  const insert = async (workspaceId: string, token: string, input: { name: string; role: Role; at: Instant }): Promise<ApiToken> => {
    const row: ApiTokenTable = {
      id: newId(),
      workspace_id: workspaceId,
      name: input.name,
      role: input.role,
      token_hash: hashApiToken(token),
      created_at: toEpochMs(input.at),
      revoked_at: null,
    };
    await db.insertInto('api_tokens').values(row).execute();
    return toApiToken(row);
  };
  return {
    async issue(workspaceId, input) {
      const token = `flk_${newSecret(32)}`;
      return { token, record: await insert(workspaceId, token, input) };
    },
    async register(workspaceId, input) {
      try {
        return succeed(await insert(workspaceId, input.token, input));
      } catch (error) {
        if (isUniqueViolation(error)) return fail('TOKEN_EXISTS', 'this token is already registered');
        throw error;
      }
    },
    async authenticate(token) {
      const row = await db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hashApiToken(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row && toApiToken(row);
    },
    async list(workspaceId) {
      const rows = await db.selectFrom('api_tokens').selectAll().where('workspace_id', '=', workspaceId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toApiToken);
    },
    async revoke(workspaceId, tokenId, at) {
      const result = await db
        .updateTable('api_tokens')
        .set({ revoked_at: toEpochMs(at) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', tokenId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
