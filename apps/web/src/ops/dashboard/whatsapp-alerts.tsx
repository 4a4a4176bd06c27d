import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import { Link } from '../../router.js';
import { Notice, useApi } from '../../ui/index.js';
import { toWorkspaceAlerts } from '../../whatsapp/whatsapp-api.js';

const STATUS_WORDS: Readonly<Record<string, string>> = {
  THROTTLED: 'throttled by Meta: WhatsApp sends are refused',
  BLOCKED: 'blocked by Meta: WhatsApp sends are refused',
};

/**
 * Meta's active alerts for every Flow (ENDPOINT_ERROR_RATE, ENDPOINT_LATENCY, ENDPOINT_AVAILABILITY,
 * CLIENT_ERROR_RATE, FLOW_VERSION_EXPIRY_WARNING from the `flows` webhook) and the Flows Meta has
 * THROTTLED or BLOCKED, each linking to its Flow. Nothing is shown when all is well or WhatsApp is not wired.
 */
export function WhatsAppAlerts() {
  const { me } = useSession();
  const allowed = can(me, 'whatsapp:read');
  const alerts = useApi<unknown>(allowed ? '/whatsapp/alerts' : undefined);
  if (!allowed || alerts.state.kind !== 'ok') return null;
  const items = toWorkspaceAlerts(alerts.state.data);
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="dash-wa-alerts">
      <Notice tone="error">
        <h2 id="dash-wa-alerts" className="ops-alerts-title">WhatsApp alerts</h2>
        <ul className="ops-alerts" aria-label="WhatsApp alerts">
          {items.map((a) => (
            <li key={`${a.kind}-${a.graphFlowId}-${a.event}`}>
              <Link to={`/flows/${encodeURIComponent(a.flowId)}`}><strong>{a.flowId}</strong></Link>{' '}
              <span className="badge badge-warning">{a.kind === 'status' ? a.event : (a.alertState ?? 'ACTIVATED')}</span>{' '}
              {a.kind === 'status' ? STATUS_WORDS[a.event] ?? a.event : <><code>{a.event}</code>{a.message === undefined ? '' : ` — ${a.message}`}</>}
              <span className="muted small"> (Meta Flow {a.graphFlowId}{a.at === undefined ? '' : `, ${new Date(a.at).toLocaleString()}`})</span>
            </li>
          ))}
        </ul>
      </Notice>
    </section>
  );
}
