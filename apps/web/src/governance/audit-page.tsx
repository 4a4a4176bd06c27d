import { useState } from 'react';
import { useSession } from '../auth/session-context.js';
import { API_BASE } from '../api-client.js';
import { toList } from '../flows/flow-api.js';
import { LoadableView, Notice, Page, useApi } from '../ui/index.js';
import { toAuditRow } from './review-api.js';

/** The audit log: who changed what and when, with before and after; filters, and an export as JSON Lines. */
export default function AuditPage() {
  const { client } = useSession();
  const [actor, setActor] = useState('');
  const [action, setAction] = useState('');
  const [target, setTarget] = useState('');
  const [applied, setApplied] = useState('');
  const [message, setMessage] = useState<string | undefined>(undefined);
  const entries = useApi<unknown>(`/audit?limit=200${applied}`);
  const rows = entries.state.kind === 'ok' ? toList(entries.state.data, toAuditRow) : [];

  const filterQuery = () => {
    const q = new URLSearchParams();
    if (actor.trim() !== '') q.set('actor', actor.trim());
    if (action.trim() !== '') q.set('action', action.trim());
    if (target.trim() !== '') q.set('targetId', target.trim());
    const text = q.toString();
    return text === '' ? '' : `&${text}`;
  };
  const exportLines = async () => {
    // The export streams JSON Lines; the API client reads JSON, so this one call is a plain fetch with the token.
    const response = await fetch(`${API_BASE}/audit/export?${filterQuery().slice(1)}`, { headers: { authorization: `Bearer ${client.token}` } });
    if (!response.ok) return setMessage(`The export failed (${response.status}).`);
    const blob = new Blob([await response.text()], { type: 'application/x-ndjson' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'audit.jsonl';
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <Page title="Audit log" wide actions={<button type="button" className="button" onClick={() => void exportLines()}>Export JSON Lines</button>}>
      {message === undefined ? null : <Notice tone="error">{message}</Notice>}
      <p className="muted">Every change, newest first: who, when, and what it was before and after. Entries cannot be changed or deleted.</p>
      <form className="form-row" onSubmit={(e) => { e.preventDefault(); setApplied(filterQuery()); }}>
        <div><label htmlFor="audit-actor">Actor</label><input id="audit-actor" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="token:ana" /></div>
        <div><label htmlFor="audit-action">Action</label><input id="audit-action" value={action} onChange={(e) => setAction(e.target.value)} placeholder="review. or flow.publish" /></div>
        <div><label htmlFor="audit-target">Target id</label><input id="audit-target" value={target} onChange={(e) => setTarget(e.target.value)} placeholder="lead or lead@2" /></div>
        <div><button type="submit" className="button">Filter</button></div>
      </form>
      <LoadableView state={entries.state}>
        {() => rows.length === 0 ? <p className="muted">No entries.</p> : (
          <table className="data audit">
            <thead><tr><th scope="col">When</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td><time dateTime={new Date(r.at).toISOString()}>{new Date(r.at).toLocaleString()}</time></td>
                  <td>{r.actor}</td>
                  <td><code>{r.action}</code></td>
                  <td>{r.target}</td>
                  <td><code>{r.before ?? '—'}</code></td>
                  <td><code>{r.after ?? '—'}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadableView>
    </Page>
  );
}
