import { DELIVERY_STATUSES } from '@flowline/api-contract';
import { useState } from 'react';
import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import { useRouter } from '../../router.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../../ui/index.js';
import { toDelivery } from '../ops-views.js';
import { formatRelative } from '../relative-time.js';
import { describeNextAttempt } from './next-attempt.js';
import { readJson } from '../read-json.js';
import '../ops.css';


/** The outbox as operators see it: each action's status, attempts and last error, with retry for failed and dead ones. */
export default function DeliveriesPage() {
  const { me, client } = useSession();
  const router = useRouter();
  const status = DELIVERY_STATUSES.find((s) => s === router.query.get('status'));
  const { state, reload } = useApi<unknown>(`/deliveries?limit=100${status === undefined ? '' : `&status=${status}`}`);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const mayRetry = can(me, 'deliveries:retry');
  const now = Date.now();

  const retry = async (id: string, kind: string) => {
    const result = await client.post<unknown>(`/deliveries/${encodeURIComponent(id)}/retry`);
    setMessage(result.ok ? { tone: 'success', text: `The ${kind} delivery is queued again.` } : { tone: 'error', text: result.message });
    reload();
  };

  return (
    <Page title="Deliveries" wide actions={<button type="button" className="button" onClick={reload}>Refresh</button>}>
      <div className="ops-filters">
        <div>
          <label htmlFor="delivery-status">Status</label>
          <select id="delivery-status" value={status ?? ''} onChange={(e) => router.navigate(e.target.value === '' ? '/deliveries' : `/deliveries?status=${e.target.value}`, { replace: true })}>
            <option value="">All</option>
            {DELIVERY_STATUSES.map((s) => <option key={s} value={s}>{s === 'dead' ? 'dead (dead letters)' : s}</option>)}
          </select>
        </div>
      </div>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <LoadableView state={state}>
        {(body) => {
          const items = readJson.list(body, toDelivery);
          if (items.length === 0) return <p className="muted">No deliveries{status === undefined ? '' : ` with status ${status}`}.</p>;
          return (
            <table className="data">
              <caption className="sr-only">Deliveries, newest first</caption>
              <thead>
                <tr><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Last error</th><th scope="col">Last change</th><th scope="col">Next attempt</th><th scope="col">Idempotency key</th><th scope="col"><span className="sr-only">Retry</span></th></tr>
              </thead>
              <tbody>
                {items.map((d) => (
                  <tr key={d.id} data-delivery={d.id}>
                    <td><strong>{d.kind}</strong></td>
                    <td><StatusBadge status={d.status} /></td>
                    <td>{d.attempts} / {d.maxAttempts}</td>
                    <td className="ops-error-text">{d.lastError ?? <span className="muted">—</span>}</td>
                    <td className="muted">{formatRelative(d.updatedAt, now)}</td>
                    <td data-next-attempt>{describeNextAttempt(d, now)}</td>
                    <td><code>{d.idempotencyKey.slice(0, 18)}</code></td>
                    <td>
                      {(d.status === 'failed' || d.status === 'dead') && mayRetry ? (
                        <button type="button" className="button small" onClick={() => void retry(d.id, d.kind)}>Retry<span className="sr-only"> the {d.kind} delivery</span></button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </LoadableView>
    </Page>
  );
}
