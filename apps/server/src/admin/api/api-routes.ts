import { campaignRoutes } from './routes/campaign-routes.js';
import type { ApiRoute } from './define-route.js';
import { accessRoutes } from './routes/access-routes.js';
import { calendarRoutes } from './routes/calendar-routes.js';
import { contactRoutes } from './routes/contact-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { deliveryRoutes } from './routes/delivery-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { flowRoutes } from './routes/flow-routes.js';
import { flowVersionRoutes } from './routes/flow-version-routes.js';
import { inboxRoutes } from './routes/inbox-routes.js';
import { mediaRoutes } from './routes/media-routes.js';
import { metricsRoutes } from './routes/metrics-routes.js';
import { reviewRoutes } from './routes/review-routes.js';
import { routingRoutes } from './routes/routing-routes.js';
import { scenarioRoutes } from './routes/scenario-routes.js';
import { translationRoutes } from './routes/translation-routes.js';
import { sandboxRoutes } from './routes/sandbox-routes.js';
import { sendRoutes } from './routes/send-routes.js';
import { submissionRoutes } from './routes/submission-routes.js';
import { upgradeRoutes } from './routes/upgrade-routes.js';
import { whatsappRoutes } from './routes/whatsapp-routes.js';

/** The route table of the admin API: every route with the permission it requires. */
export const API_ROUTES: readonly ApiRoute[] = [
  ...accessRoutes,
  ...flowRoutes,
  ...flowVersionRoutes,
  ...upgradeRoutes,
  ...reviewRoutes,
  ...scenarioRoutes,
  ...routingRoutes,
  ...translationRoutes,
  ...contactRoutes,
  ...sendRoutes,
  ...submissionRoutes,
  ...mediaRoutes,
  ...deliveryRoutes,
  ...inboxRoutes,
  ...conversationRoutes,
  ...metricsRoutes,
  ...eventRoutes,
  ...sandboxRoutes,
  ...whatsappRoutes,
  ...calendarRoutes,
  ...campaignRoutes,
];
