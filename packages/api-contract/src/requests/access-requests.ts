import { pageQuery } from '../page.js';
import { type Infer, integer, object, oneOf, optional, string } from '../schema.js';
import { ROLES } from '../views/vocabulary.js';

/** The audit log's filter: by target, actor, action (a prefix when it ends with ".") and time. */
const auditFilterQuery = {
  targetType: optional(string({ maxLength: 100 })),
  targetId: optional(string({ maxLength: 200 })),
  actor: optional(string({ maxLength: 200 })),
  action: optional(string({ maxLength: 100, description: 'exact, or a prefix ending with "." (review.)' })),
  from: optional(integer({ minimum: 0, fromString: true, description: 'epoch ms, inclusive' })),
  to: optional(integer({ minimum: 0, fromString: true, description: 'epoch ms, exclusive' })),
};

/** The query of `GET /tokens`: a page. */
export const tokenListQuery = object(pageQuery);
/** What the route reads from it. */
export type TokenListQuery = Infer<typeof tokenListQuery>;

/** The body of `POST /tokens`: a name and a role. */
export const createTokenBody = object({ name: string({ minLength: 1, maxLength: 100 }), role: oneOf(ROLES) });
/** What the route reads from it. */
export type CreateTokenBody = Infer<typeof createTokenBody>;

/** The query of `GET /audit`: a page and the audit filter. */
export const auditLogQuery = object({ ...pageQuery, ...auditFilterQuery });
/** What the route reads from it. */
export type AuditLogQuery = Infer<typeof auditLogQuery>;

/** The query of `GET /audit/export`: the audit filter. */
export const auditExportQuery = object(auditFilterQuery);
/** What the route reads from it. */
export type AuditExportQuery = Infer<typeof auditExportQuery>;
