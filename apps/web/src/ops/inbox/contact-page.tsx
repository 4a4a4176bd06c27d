import { useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import type { PageProps } from '../../routes.js';
import { ReadableAnswers } from '../readable-answers.js';
import { ConversationPanel } from '../conversation/conversation-panel.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../../ui/index.js';
import { EraseContact } from './erase-contact.js';
import { toContact, toInboxItem, toSubmission } from '../ops-views.js';
import { readJson } from '../read-json.js';
import '../ops.css';

/** The contact view: who they are, every answer they gave (newest first) with their inbox items; admins may erase them. */
export default function ContactPage({ params }: PageProps) {
  const id = params['contactId'] ?? '';
  const { me } = useSession();
  const [redacted, setRedacted] = useState<number | undefined>(undefined);
  const { state, reload } = useApi<unknown>(`/contacts/${encodeURIComponent(id)}/answers?timeZone=${encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone)}`);
  return (
    <LoadableView state={state}>
      {(body) => {
        const data = isJsonObject(body) ? body : {};
        const contact = toContact(data['contact']);
        const answers = readJson.list(data['answers'], toSubmission);
        const items = readJson.list(data['inbox'], toInboxItem);
        return (
          <Page title={contact?.erasedAt != null ? 'Erased contact' : contact?.name ?? contact?.phone ?? 'Contact'}>
            {redacted === undefined ? null : <Notice tone="success">Contact erased: {redacted} rows redacted.</Notice>}
            {contact?.erasedAt == null ? null : <Notice tone="info">Erased on request on {new Date(contact.erasedAt).toLocaleString()}. Their answers and messages are redacted; the counts stay.</Notice>}
            {contact === undefined ? null : (
              <dl className="ops-kv card">
                <dt>Phone</dt><dd>{contact.phone}</dd>
                <dt>Opt-in</dt><dd>{contact.optedIn ? 'yes' : 'no'}</dd>
                <dt>Tags</dt><dd>{contact.tags.length === 0 ? <span className="muted">none</span> : contact.tags.map((t) => <span key={t} className="badge" style={{ marginRight: 4 }}>{t}</span>)}</dd>
                <dt>Fields</dt><dd><code>{JSON.stringify(contact.fields)}</code></dd>
              </dl>
            )}
            {contact === undefined || contact.erasedAt !== null || !can(me, 'contacts:erase') ? null : (
              <EraseContact contactId={contact.id} label={contact.name ?? contact.phone} onErased={(n) => { setRedacted(n); reload(); }} />
            )}
            {/* Keyed on the erasure so that erasing reads the (now redacted) conversation again. */}
            {contact === undefined ? null : <div className="card"><ConversationPanel key={contact.erasedAt ?? 'live'} contactId={contact.id} /></div>}
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
