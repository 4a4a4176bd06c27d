import { auditExportQuery, auditLogQuery, createTokenBody, pageOf, tokenListQuery, tokenView } from '@flowline/api-contract';
import { ROLES, type AuditFilter } from '@flowline/storage';
import { notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { toPage, toPageWindow } from '../paginate.js';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../permissions.js';
import { toTokenView } from '../views.js';
import { fail } from '../api-response.js';

/** Who am I, API tokens (admin) and the audit log (admin). */
export const accessRoutes: readonly ApiRoute[] = [
  defineRoute({
    method: 'get', path: '/me', permission: 'me:read', tag: 'access', summary: 'The caller\'s workspace, role and permissions (and what every role may do)',
    response: {
      type: 'object',
      properties: { workspace: { type: 'object' }, token: tokenView.json, role: { enum: ROLES }, permissions: { type: 'array', items: { enum: PERMISSIONS } }, roles: { type: 'object' } },
    },
    async handle({ auth, deps }) {
      const workspace = await deps.storage.workspaces.find(auth.workspaceId);
      return ok({
        workspace: { id: auth.workspaceId, name: workspace?.name ?? auth.workspaceId },
        token: { id: auth.tokenId, name: auth.tokenName },
        role: auth.role,
        permissions: ROLE_PERMISSIONS[auth.role],
        roles: ROLE_PERMISSIONS,
      });
    },
  }),
  defineRoute({
    method: 'get', path: '/tokens', permission: 'tokens:manage', tag: 'access', summary: 'List the workspace\'s API tokens (never their secrets)',
    query: tokenListQuery,
    response: pageOf(tokenView),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const page = toPage(await deps.storage.apiTokens.list(auth.workspaceId), window);
      return ok({ items: page.items.map(toTokenView), nextCursor: page.nextCursor });
    },
  }),
  defineRoute({
    method: 'post', path: '/tokens', permission: 'tokens:manage', tag: 'access', status: 201,
    summary: 'Create an API token; its secret is returned this once (only its hash is stored)',
    body: createTokenBody,
    response: { type: 'object', properties: { token: { type: 'string' }, record: tokenView.json } },
    async handle({ auth, deps, body }) {
      const now = deps.now();
      const issued = await deps.storage.apiTokens.issue(auth.workspaceId, { name: body.name, role: body.role, at: now });
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'token.create', targetType: 'api_token', targetId: issued.record.id, details: { name: body.name, role: body.role }, after: toTokenView(issued.record), at: now });
      return ok({ token: issued.token, record: toTokenView(issued.record) }, 201);
    },
  }),
  defineRoute({
    method: 'delete', path: '/tokens/{tokenId}', permission: 'tokens:manage', tag: 'access', status: 204, summary: 'Revoke an API token',
    async handle({ auth, deps, params }) {
      const now = deps.now();
      const tokenId = params['tokenId'] ?? '';
      const before = (await deps.storage.apiTokens.list(auth.workspaceId)).find((t) => t.id === tokenId);
      if (!(await deps.storage.apiTokens.revoke(auth.workspaceId, tokenId, now))) return notFound('token');
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'token.revoke', targetType: 'api_token', targetId: tokenId, ...(before === undefined ? {} : { before: toTokenView(before) }), after: { revoked: true }, at: now });
      return ok(null, 204);
    },
  }),
  defineRoute({
    method: 'get', path: '/audit', permission: 'audit:read', tag: 'access',
    summary: 'The audit log (who changed what, when, with what it was before and after), newest first; filter by target, actor, action (a prefix when it ends with ".", e.g. review.) and time. Entries cannot be changed or deleted through any route',
    query: auditLogQuery,
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const entries = await deps.storage.audit.list(auth.workspaceId, { ...toAuditFilter(query), limit: window.fetch });
      return ok(toPage(entries.map(({ workspaceId: _w, ...entry }) => entry), window));
    },
  }),
  defineRoute({
    method: 'get', path: '/audit/export', permission: 'audit:read', tag: 'access',
    summary: 'Export the audit log (same filters as GET /audit) as JSON Lines, one entry per line, newest first, streamed page by page',
    query: auditExportQuery,
    response: { type: 'string', description: 'application/x-ndjson: one audit entry per line' },
    handle({ auth, deps, query }) {
      const entries = deps.storage.audit.iterate(auth.workspaceId, toAuditFilter(query));
      const encoder = new TextEncoder();
      const iterator = entries[Symbol.asyncIterator]();
      // Pulled as the client reads: the log is never held whole in memory.
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await iterator.next();
          if (next.done === true) return controller.close();
          const { workspaceId: _w, ...entry } = next.value;
          controller.enqueue(encoder.encode(`${JSON.stringify(entry)}\n`));
        },
        async cancel() {
          await iterator.return?.();
        },
      });
      const stamp = deps.now().toISOString().slice(0, 10);
      return Promise.resolve({ ok: true, status: 200, body: stream, contentType: 'application/x-ndjson; charset=utf-8', headers: { 'content-disposition': `attachment; filename="audit-${stamp}.jsonl"` } });
    },
  }),
];

function toAuditFilter(query: { targetType?: string | undefined; targetId?: string | undefined; actor?: string | undefined; action?: string | undefined; from?: number | undefined; to?: number | undefined }): AuditFilter {
  const filter: AuditFilter = {};
  if (query.targetType !== undefined) filter.targetType = query.targetType;
  if (query.targetId !== undefined) filter.targetId = query.targetId;
  if (query.actor !== undefined) filter.actor = query.actor;
  if (query.action !== undefined) filter.action = query.action;
  if (query.from !== undefined) filter.from = query.from;
  if (query.to !== undefined) filter.to = query.to;
  return filter;
}
