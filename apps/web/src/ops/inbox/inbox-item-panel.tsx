import type { AssignInboxItemBody, RerouteInboxItemBody, ResolveInboxItemBody } from '@flowline/api-contract';
import { useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { useSession } from '../../auth/session-context.js';
import { Link } from '../../router.js';
import { Notice, StatusBadge } from '../../ui/index.js';
import { toInboxItem, type InboxItem } from '../ops-views.js';
import { readJson } from '../read-json.js';
import { ConversationPanel } from '../conversation/conversation-panel.js';
import { SubmissionMedia } from '../submission-media.js';

/**
 * One inbox item with the operator's actions: assign, resolve, re-route (which counts against routing
 * accuracy). `onChanged` receives the item as the server answered the action.
 */
export function InboxItemPanel({ item, mayAct, onChanged }: { item: InboxItem; mayAct: boolean; onChanged: (updated: InboxItem | undefined) => void }) {
  const { client } = useSession();
  const [assignee, setAssignee] = useState(item.assignee ?? '');
  const [queue, setQueue] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const path = `/inbox/${encodeURIComponent(item.id)}`;

  const act = async (what: string, suffix: string, body: unknown) => {
    const result = await client.post<unknown>(`${path}/${suffix}`, body);
    setMessage(result.ok ? { tone: 'success', text: what } : { tone: 'error', text: result.message });
    if (result.ok) onChanged(toInboxItem(result.data));
  };

  return (
    <section className="card ops-detail" aria-labelledby="inbox-item-title">
      <h2 id="inbox-item-title">{item.title}</h2>
      <dl className="ops-kv">
        <dt>Kind</dt><dd><StatusBadge status={item.kind} /></dd>
        <dt>Status</dt><dd><StatusBadge status={item.status} /></dd>
        <dt>Queue</dt><dd>{item.queue}</dd>
        <dt>Priority</dt><dd>{item.priority}</dd>
        <dt>Assignee</dt><dd>{item.assignee ?? <span className="muted">unassigned</span>}</dd>
        <dt>Opened</dt><dd>{new Date(item.createdAt).toLocaleString()}</dd>
        {item.contactId === null ? null : <><dt>Contact</dt><dd><Link to={`/contacts/${encodeURIComponent(item.contactId)}`}>Every answer of this contact</Link></dd></>}
      </dl>
      <TicketAnswers body={item.body} submissionId={item.submissionId} />
      {item.body === null || item.body === undefined ? null : <pre className="ops-code ops-body" aria-label="Ticket body">{JSON.stringify(item.body, null, 2)}</pre>}
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      {!mayAct ? <p className="muted">Your role may read the inbox but not act on it.</p> : (
        <>
          <form onSubmit={(e) => { e.preventDefault(); void act(assignee.trim() === '' ? 'Unassigned.' : `Assigned to ${assignee.trim()}.`, 'assign', { assignee: assignee.trim() === '' ? null : assignee.trim() } satisfies AssignInboxItemBody); }}>
            <label htmlFor="inbox-assignee">Assign to</label>
            <div className="form-row">
              <input id="inbox-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="operator name" />
              <button type="submit" className="button ops-row-end">Assign</button>
            </div>
          </form>
          <form onSubmit={(e) => { e.preventDefault(); if (queue.trim() !== '') void act(`Moved to queue ${queue.trim()}.`, 'reroute', { queue: queue.trim(), ...(reason.trim() === '' ? {} : { reason: reason.trim() }) } satisfies RerouteInboxItemBody); }}>
            <label htmlFor="inbox-queue">Re-route to queue</label>
            <div className="form-row">
              <input id="inbox-queue" value={queue} onChange={(e) => setQueue(e.target.value)} placeholder="e.g. billing" aria-describedby="inbox-reroute-hint" />
              <button type="submit" className="button ops-row-end" disabled={queue.trim() === ''}>Re-route</button>
            </div>
            <label htmlFor="inbox-reason">Reason (optional)</label>
            <input id="inbox-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
            <p id="inbox-reroute-hint" className="field-hint">Re-routing counts against the Flow's routing accuracy.</p>
          </form>
          <div className="ops-toolbar">
            <button type="button" className="button primary" disabled={item.status === 'resolved'} onClick={() => void act('Resolved.', 'resolve', {} satisfies ResolveInboxItemBody)}>Resolve</button>
          </div>
        </>
      )}
      {item.contactId === null ? null : <ConversationPanel contactId={item.contactId} />}
    </section>
  );
}

/**
 * The answers a ticket carries, in the Flow's words (labels, option titles; sensitive fields masked by the
 * worker), with the submission's photos as thumbnails and documents as links beside their answer.
 */
function TicketAnswers({ body, submissionId }: { body: unknown; submissionId: string | null }) {
  const readable = isJsonObject(body) ? readJson.list(body['readable'], (r) => (isJsonObject(r) && typeof r['label'] === 'string' && typeof r['text'] === 'string' ? { label: r['label'], text: r['text'], field: readJson.string(r['field']) ?? r['label'], media: r['kind'] === 'media' && r['masked'] !== true } : undefined)) : [];
  if (readable.length === 0) return null;
  return (
    <dl className="ops-kv" aria-label="Answers">
      {readable.map((r) => (
        <div key={r.field} className="ops-kv-row" data-field={r.field}>
          <dt>{r.label}</dt>
          <dd>{r.text}{r.media && submissionId !== null ? <SubmissionMedia submissionId={submissionId} field={r.field} /> : null}</dd>
        </div>
      ))}
    </dl>
  );
}
