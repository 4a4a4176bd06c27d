import { useRef, useState } from 'react';
import { ReadableAnswers } from '../readable-answers.js';
import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import { Link } from '../../router.js';
import { LoadableView, Page, StatusBadge, useApi } from '../../ui/index.js';
import { toInboxItem, toSubmission, type InboxItem } from '../ops-views.js';
import { readJson } from '../read-json.js';
import { formatRelative } from '../relative-time.js';
import { InboxItemPanel } from './inbox-item-panel.js';
import '../ops.css';

interface Filters {
  readonly queue: string;
  readonly status: string;
  readonly assignee: string;
  readonly kind: string;
}

function toQuery(filters: Filters): string {
  const q = new URLSearchParams({ limit: '100' });
  for (const [key, value] of Object.entries(filters)) if (value.trim() !== '') q.set(key, value.trim());
  return q.toString();
}

/** The operator inbox: tickets and contract exceptions with filters, and the submissions as received. */
export default function InboxPage() {
  const [tab, setTab] = useState<'items' | 'submissions'>('items');
  return (
    <Page title="Inbox" wide>
      <div className="tabs" role="tablist" aria-label="Inbox views">
        <button type="button" role="tab" id="tab-items" aria-selected={tab === 'items'} aria-controls="panel-items" onClick={() => setTab('items')}>Tickets and exceptions</button>
        <button type="button" role="tab" id="tab-submissions" aria-selected={tab === 'submissions'} aria-controls="panel-submissions" onClick={() => setTab('submissions')}>Submissions</button>
      </div>
      {tab === 'items' ? <div role="tabpanel" id="panel-items" aria-labelledby="tab-items"><InboxItems /></div> : <div role="tabpanel" id="panel-submissions" aria-labelledby="tab-submissions"><Submissions /></div>}
    </Page>
  );
}

function InboxItems() {
  const { me } = useSession();
  const [filters, setFilters] = useState<Filters>({ queue: '', status: 'open', assignee: '', kind: '' });
  const [selected, setSelected] = useState<string | undefined>(undefined);
  // The selected item as last listed: after an action moves it out of the filters (resolved, re-routed),
  // its panel stays open with the confirmation instead of vanishing.
  const lastSelected = useRef<InboxItem | undefined>(undefined);
  const { state, reload } = useApi<unknown>(`/inbox?${toQuery(filters)}`);
  // The item as the server answered an action, shown until the list is loaded again (the list on
  // screen still holds the item as it was before the action).
  const [changed, setChanged] = useState<{ item: InboxItem; list: typeof state } | undefined>(undefined);
  const onChanged = (updated: InboxItem | undefined) => {
    if (updated !== undefined) {
      lastSelected.current = updated;
      setChanged({ item: updated, list: state });
    }
    reload();
  };
  const now = Date.now();
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
  return (
    <>
      <div className="ops-filters" role="search" aria-label="Filter the inbox">
        <div><label htmlFor="f-queue">Queue</label><input id="f-queue" value={filters.queue} onChange={set('queue')} placeholder="any" /></div>
        <div>
          <label htmlFor="f-status">Status</label>
          <select id="f-status" value={filters.status} onChange={set('status')}><option value="">any</option><option value="open">open</option><option value="pending">pending</option><option value="resolved">resolved</option></select>
        </div>
        <div><label htmlFor="f-assignee">Assignee</label><input id="f-assignee" value={filters.assignee} onChange={set('assignee')} placeholder="anyone" /></div>
        <div>
          <label htmlFor="f-kind">Kind</label>
          <select id="f-kind" value={filters.kind} onChange={set('kind')}><option value="">any</option><option value="ticket">ticket</option><option value="exception">exception</option></select>
        </div>
        <button type="button" className="button" onClick={reload}>Refresh</button>
      </div>
      <LoadableView state={state}>
        {(body) => {
          const items = readJson.list(body, toInboxItem);
          const fresh = changed !== undefined && changed.item.id === selected && changed.list === state ? changed.item : undefined;
          const listed = fresh ?? items.find((i) => i.id === selected);
          if (listed !== undefined) lastSelected.current = listed;
          const current = listed ?? (lastSelected.current?.id === selected ? lastSelected.current : undefined);
          return (
            <div className="ops-split">
              {items.length === 0 ? <p className="muted">Nothing matches these filters.</p> : (
                <table className="data">
                  <caption className="sr-only">Inbox items, highest priority first</caption>
                  <thead><tr><th scope="col">Title</th><th scope="col">Kind</th><th scope="col">Queue</th><th scope="col">Status</th><th scope="col">Assignee</th><th scope="col">Age</th></tr></thead>
                  <tbody>
                    {items.map((item) => (
                      <tr key={item.id} className={item.id === selected ? 'ops-selected' : undefined} data-item={item.id}>
                        <td><button type="button" className="ops-row-link" aria-pressed={item.id === selected} onClick={() => setSelected(item.id)}>{item.title}</button></td>
                        <td><StatusBadge status={item.kind} /></td>
                        <td>{item.queue}</td>
                        <td><StatusBadge status={item.status} /></td>
                        <td>{item.assignee ?? <span className="muted">—</span>}</td>
                        <td>{formatRelative(item.createdAt, now)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {current === undefined ? <p className="muted">Select an item to assign, resolve or re-route it.</p> : <InboxItemPanel key={current.id} item={current} mayAct={can(me, 'inbox:write')} onChanged={onChanged} />}
            </div>
          );
        }}
      </LoadableView>
    </>
  );
}

function Submissions() {
  const [status, setStatus] = useState('');
  const { state } = useApi<unknown>(`/submissions?limit=100&timeZone=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}${status === '' ? '' : `&status=${status}`}`);
  return (
    <>
      <div className="ops-filters">
        <div>
          <label htmlFor="s-status">Contract</label>
          <select id="s-status" value={status} onChange={(e) => setStatus(e.target.value)}><option value="">any</option><option value="valid">valid</option><option value="invalid">breaks the contract</option></select>
        </div>
      </div>
      <LoadableView state={state}>
        {(body) => {
          const list = readJson.list(body, toSubmission);
          if (list.length === 0) return <p className="muted">No submissions yet.</p>;
          return (
            <table className="data">
              <caption className="sr-only">Submissions, newest first</caption>
              <thead><tr><th scope="col">Received</th><th scope="col">Flow</th><th scope="col">Contract</th><th scope="col">Answers</th></tr></thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.id}>
                    <td>{new Date(s.receivedAt).toLocaleString()}</td>
                    <td><Link to={`/dashboards/${encodeURIComponent(s.flowId)}`}>{s.flowId}</Link>{s.version === null ? '' : ` v${s.version}`}</td>
                    <td>{s.contractOk ? <StatusBadge status="valid" /> : <span title={s.problems.join('\n')}><StatusBadge status="exception" /> {s.problems.length} problem{s.problems.length === 1 ? '' : 's'}</span>}</td>
                    <td><ReadableAnswers submission={s} compact /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </LoadableView>
    </>
  );
}
