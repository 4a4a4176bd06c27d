import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** What every page receives: the path parameters of its route (`/flows/:id` → `{id}`). */
export interface PageProps {
  readonly params: Readonly<Record<string, string>>;
}

/** One page of the studio. `nav` puts it in the side navigation; `ability` hides it from roles that lack it; `section` names its navigation entry. */
export interface StudioRoute {
  readonly path: string;
  readonly title: string;
  readonly page: LazyExoticComponent<ComponentType<PageProps>> | ComponentType<PageProps>;
  readonly nav?: boolean;
  readonly ability?: string;
  /** The navigation entry (its path) highlighted on this page when it is not under that entry's path. */
  readonly section?: string;
}

/**
 * Every page, in navigation order. Pages are lazy-loaded so the shell stays small.
 * Engineer "studio-ops" appends the operations pages (sandbox, routing, inbox, dashboards) below.
 */
export const routes: StudioRoute[] = [
  { path: '/', title: 'Flows', nav: true, page: lazy(() => import('./flows/flow-list-page.js')) },
  { path: '/flows/new', title: 'New Flow', section: '/', ability: 'flows:write', page: lazy(() => import('./flows/new-flow-page.js')) },
  { path: '/flows/:id', title: 'Flow', section: '/', page: lazy(() => import('./flows/flow-detail-page.js')) },
  { path: '/flows/:id/edit', title: 'Editor', section: '/', page: lazy(() => import('./editor/editor-page.js')) },
  { path: '/flows/:id/versions/:version/review', title: 'Review', section: '/', page: lazy(() => import('./governance/review-page.js')) },
  { path: '/preview', title: 'Preview', nav: true, page: lazy(() => import('./preview/preview-page.js')) },
  // studio-ops routes: append one line each below this comment.
  { path: '/sandbox', title: 'Sandbox phone', nav: true, ability: 'sandbox:use', page: lazy(() => import('./ops/sandbox/sandbox-page.js')) },
  { path: '/inbox', title: 'Inbox', nav: true, ability: 'inbox:read', page: lazy(() => import('./ops/inbox/inbox-page.js')) },
  { path: '/contacts/:contactId', title: 'Contact', section: '/inbox', ability: 'contacts:read', page: lazy(() => import('./ops/inbox/contact-page.js')) },
  { path: '/routing', title: 'Routing', nav: true, ability: 'routing:read', page: lazy(() => import('./ops/routing/routing-page.js')) },
  { path: '/routing/:flowId', title: 'Routing', ability: 'routing:read', page: lazy(() => import('./ops/routing/routing-page.js')) },
  { path: '/bookings', title: 'Bookings', nav: true, ability: 'calendar:read', page: lazy(() => import('./ops/bookings/bookings-page.js')) },
  { path: '/deliveries', title: 'Deliveries', nav: true, ability: 'deliveries:read', page: lazy(() => import('./ops/deliveries/deliveries-page.js')) },
  { path: '/dashboards', title: 'Dashboards', nav: true, ability: 'metrics:read', page: lazy(() => import('./ops/dashboard/dashboard-page.js')) },
  { path: '/dashboards/:flowId', title: 'Dashboards', ability: 'metrics:read', page: lazy(() => import('./ops/dashboard/dashboard-page.js')) },
  { path: '/campaigns', title: 'Campaigns', nav: true, ability: 'sends:read', page: lazy(() => import('./campaigns/campaigns-page.js')) },
  { path: '/campaigns/:id', title: 'Campaign', ability: 'sends:read', page: lazy(() => import('./campaigns/campaign-page.js')) },
  { path: '/audit', title: 'Audit log', nav: true, ability: 'audit:read', page: lazy(() => import('./governance/audit-page.js')) },
  { path: '/whatsapp', title: 'WhatsApp', nav: true, ability: 'whatsapp:read', page: lazy(() => import('./whatsapp/whatsapp-settings-page.js')) },
];
