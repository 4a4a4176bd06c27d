import type { PageProps } from '../../routes.js';
import { ReadableAnswers } from '../readable-answers.js';
import { ConversationPanel } from '../conversation/conversation-panel.js';
import { LoadableView, Page, StatusBadge, useApi } from '../../ui/index.js';
import { toContact, toInboxItem, toSubmission } from '../ops-views.js';
import { isRecord, readJson } from '../read-json.js';
import '../ops.css';

/** The contact view: who they are, and every answer they gave (newest first) with their inbox items. */
export default function ContactPage({ params }: PageProps) {
  const id = params['contactId'] ?? '';
  const { state } = useApi<unknown>(`/contacts/${encodeURIComponent(id)}/answers?timeZone=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`);
  return (
    <LoadableView state={state}>
      {(body) => {
        const data = isRecord(body) ? body : {};
        const contact = toContact(data['contact']);
        const answers = readJson.list(data['answers'], toSubmission);
        const items = readJson.list(data['inbox'], toInboxItem);
        return (
          <Page title={contact?.name ?? contact?.phone ?? 'Contact'}>
            {contact === undefined ? null : (
              <dl className="ops-kv card">
                <dt>Phone</dt><dd>{contact.phone}</dd>
                <dt>Opt-in</dt><dd>{contact.optedIn ? 'yes' : 'no'}</dd>
                <dt>Tags</dt><dd>{contact.tags.length === 0 ? <span className="muted">none</span> : contact.tags.map((t) => <span key={t} className="badge" style={{ marginRight: 4 }}>{t}</span>)}</dd>
                <dt>Fields</dt><dd><code>{JSON.stringify(contact.fields)}</code></dd>
              </dl>
            )}
            {contact === undefined ? null : <div className="card"><ConversationPanel contactId={contact.id} /></div>}
            <h2>Answers ({answers.length})</h2>
            {answers.length === 0 ? <p className="muted">No answers yet.</p> : (
              <ol className="ops-list">
                {answers.map((a) => (
                  <li key={a.id} className="card" style={{ listStyle: 'none', marginBottom: 8 }}>
                    <strong>{a.flowId}{a.version === null ? '' : ` v${a.version}`}</strong> · {new Date(a.receivedAt).toLocaleString()} {a.contractOk ? null : <StatusBadge status="exception" />}
                    <ReadableAnswers submission={a} />
                  </li>
                ))}
              </ol>
            )}
            <h2>Inbox items ({items.length})</h2>
            {items.length === 0 ? <p className="muted">None.</p> : (
              <ul className="ops-list">{items.map((i) => <li key={i.id}><StatusBadge status={i.status} /> {i.title} <span className="muted">· {i.queue}</span></li>)}</ul>
            )}
          </Page>
        );
      }}
    </LoadableView>
  );
}
