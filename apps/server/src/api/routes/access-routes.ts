import { ROLES } from '@flowline/storage';
import { notFound, ok } from '../api-response.js';
import { defineRoute, type ApiRoute } from '../define-route.js';
import { pageQuery, toPage, toPageWindow } from '../paginate.js';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../permissions.js';
import { object, oneOf, optional, string } from '../schema.js';
import { pageOf, toTokenView, tokenView } from '../views.js';
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
    query: object(pageQuery),
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
    body: object({ name: string({ minLength: 1, maxLength: 100 }), role: oneOf(ROLES) }),
    response: { type: 'object', properties: { token: { type: 'string' }, record: tokenView.json } },
    async handle({ auth, deps, body }) {
      const now = deps.now();
      const issued = await deps.storage.apiTokens.issue(auth.workspaceId, { name: body.name, role: body.role, at: now });
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'token.create', targetType: 'api_token', targetId: issued.record.id, details: { name: body.name, role: body.role }, at: now });
      return ok({ token: issued.token, record: toTokenView(issued.record) }, 201);
    },
  }),
  defineRoute({
    method: 'delete', path: '/tokens/{tokenId}', permission: 'tokens:manage', tag: 'access', status: 204, summary: 'Revoke an API token',
    async handle({ auth, deps, params }) {
      const now = deps.now();
      const tokenId = params['tokenId'] ?? '';
      if (!(await deps.storage.apiTokens.revoke(auth.workspaceId, tokenId, now))) return notFound('token');
      await deps.storage.audit.append(auth.workspaceId, { actor: auth.actor, action: 'token.revoke', targetType: 'api_token', targetId: tokenId, at: now });
      return ok(null, 204);
    },
  }),
  defineRoute({
    method: 'get', path: '/audit', permission: 'audit:read', tag: 'access', summary: 'The audit log (who changed what), newest first',
    query: object({ ...pageQuery, targetType: optional(string()), targetId: optional(string()) }),
    async handle({ auth, deps, query }) {
      const window = toPageWindow(query);
      if (!window.ok) return fail(400, 'INVALID_CURSOR', window.message);
      const filter = { ...(query.targetType === undefined ? {} : { targetType: query.targetType }), ...(query.targetId === undefined ? {} : { targetId: query.targetId }) };
      const entries = await deps.storage.audit.list(auth.workspaceId, { ...filter, limit: window.fetch });
      return ok(toPage(entries.map(({ workspaceId: _w, ...entry }) => entry), window));
    },
  }),
];
