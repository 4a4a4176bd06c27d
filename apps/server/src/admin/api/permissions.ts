import type { Role } from '@flowline/storage';

/** Everything a token may be allowed to do; each route requires exactly one of these. */
export const PERMISSIONS = [
  'me:read',
  'flows:read',
  'flows:write',
  'flows:publish',
  'flows:emergency-publish',
  'versions:submit',
  'versions:approve',
  'versions:comment',
  'governance:manage',
  'contacts:read',
  'contacts:write',
  'sends:read',
  'sends:create',
  'submissions:read',
  'routing:read',
  'routing:write',
  'deliveries:read',
  'deliveries:retry',
  'inbox:read',
  'inbox:write',
  'metrics:read',
  'traces:read',
  'sandbox:read',
  'sandbox:use',
  'preview:use',
  'audit:read',
  'tokens:manage',
  'whatsapp:read',
  'whatsapp:manage',
  'calendar:read',
  'calendar:resources',
  'calendar:bookings',
  'answers:sensitive',
  'conversations:read',
  'conversations:reply',
  'contacts:erase',
] as const;

/** One permission. */
export type Permission = (typeof PERMISSIONS)[number];

const READ: readonly Permission[] = [
  'me:read', 'flows:read', 'contacts:read', 'sends:read', 'submissions:read', 'routing:read', 'deliveries:read', 'inbox:read', 'metrics:read', 'traces:read', 'sandbox:read', 'whatsapp:read', 'calendar:read', 'conversations:read',
];

/**
 * What each role may do. Viewers read everything but the audit log and tokens (sandbox chats included);
 * designers also edit Flows and routing, try them in the sandbox, preview dynamic Flows against the endpoint
 * and submit versions for review; reviewers approve or send back versions and read the audit log;
 * publishers publish approved versions and roll back; operators also work the inbox, contacts, sends and retries
 * and reply in conversations;
 * admins may do everything, including the review settings, an emergency publish, the audit log, tokens and
 * erasing a contact on request (docs/privacy.md).
 * Who may approve is narrowed further per workspace (docs/governance.md).
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: READ,
  designer: [...READ, 'flows:write', 'routing:write', 'sends:create', 'sandbox:use', 'preview:use', 'calendar:resources', 'versions:submit', 'versions:comment'],
  reviewer: [...READ, 'versions:approve', 'versions:comment', 'audit:read'],
  publisher: [...READ, 'flows:publish', 'versions:comment'],
  operator: [...READ, 'contacts:write', 'sends:create', 'inbox:write', 'deliveries:retry', 'sandbox:use', 'calendar:bookings', 'answers:sensitive', 'conversations:reply'],
  admin: PERMISSIONS,
};

/** Whether a role holds a permission. */
export function isAllowed(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
