export { Page } from './page.js';
export { Notice } from './notice.js';
export { StatusBadge } from './status-badge.js';
export { LoadableView } from './loadable-view.js';
export { useApi } from './use-api.js';
export type { Loadable } from './use-api.js';
