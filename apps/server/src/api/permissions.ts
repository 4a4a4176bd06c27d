import type { Role } from '@flowline/storage';

/** Everything a token may be allowed to do; each route requires exactly one of these. */
export const PERMISSIONS = [
  'me:read',
  'flows:read',
  'flows:write',
  'flows:publish',
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
] as const;

/** One permission. */
export type Permission = (typeof PERMISSIONS)[number];

const READ: readonly Permission[] = [
  'me:read', 'flows:read', 'contacts:read', 'sends:read', 'submissions:read', 'routing:read', 'deliveries:read', 'inbox:read', 'metrics:read', 'traces:read', 'sandbox:read', 'whatsapp:read', 'calendar:read',
];

/**
 * What each role may do. Viewers read everything but the audit log and tokens (sandbox chats included);
 * designers also edit Flows and routing, try them in the sandbox and preview dynamic Flows against the endpoint; operators also work the inbox, contacts, sends and retries;
 * admins may do everything, including publishing, the audit log and tokens.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  viewer: READ,
  designer: [...READ, 'flows:write', 'routing:write', 'sends:create', 'sandbox:use', 'preview:use', 'calendar:resources'],
  operator: [...READ, 'contacts:write', 'sends:create', 'inbox:write', 'deliveries:retry', 'sandbox:use', 'calendar:bookings', 'answers:sensitive'],
  admin: PERMISSIONS,
};

/** Whether a role holds a permission. */
export function isAllowed(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
