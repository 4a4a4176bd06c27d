import type { SendFlowBody } from '@flowline/api-contract';
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session-context.js';
import { toContact, type ContactView } from '../ops/ops-views.js';
import { Notice, useApi } from '../ui/index.js';
import { toTemplates } from './whatsapp-api.js';

/** What goes out: the interactive Flow message, or one of the Flow's templates (`name language`). */
const INTERACTIVE = '';

/**
 * Sends the Flow to a contact on WhatsApp: an interactive message (its current Meta Flow; only within the
 * 24-hour window after the contact wrote) or an approved FLOW-button template of this Flow (business-initiated).
 * Flowline refuses it while Meta throttles or blocks the Flow, or while a template is not approved.
 */
export function SendOnWhatsApp({ flowId, onSent }: { flowId: string; onSent: () => void }) {
  const { client } = useSession();
  const contacts = useApi<unknown>('/contacts?limit=100');
  const templates = useApi<unknown>('/whatsapp/templates');
  const list = contacts.state.kind === 'ok' && Array.isArray((contacts.state.data as { items?: unknown }).items)
    ? ((contacts.state.data as { items: unknown[] }).items.map(toContact).filter((c): c is ContactView => c !== undefined))
    : [];
  const ofFlow = templates.state.kind === 'ok' ? toTemplates(templates.state.data).filter((t) => t.flowId === flowId) : [];
  const [contactId, setContactId] = useState('');
  const [what, setWhat] = useState(INTERACTIVE);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const send = (event: FormEvent) => {
    event.preventDefault();
    const chosen = contactId === '' ? list[0]?.id : contactId;
    if (chosen === undefined) return setMessage({ tone: 'error', text: 'Choose a contact first.' });
    const template = ofFlow.find((t) => `${t.name} ${t.language}` === what);
    setBusy(true);
    const body: SendFlowBody = { flowId, contactId: chosen, channel: 'whatsapp', ...(template === undefined ? {} : { kind: 'template', template: { name: template.name, language: template.language } }) };
    void client.post<{ send?: { id?: string; graphFlowId?: string | null } }>('/sends', body).then((result) => {
      setBusy(false);
      setMessage(result.ok
        ? { tone: 'success', text: `Sent on WhatsApp${template === undefined ? '' : ` as template ${template.name}`} (send ${result.data.send?.id ?? ''}, Meta Flow ${result.data.send?.graphFlowId ?? '—'}).` }
        : { tone: 'error', text: `Send refused: ${result.message}` });
      onSent();
    });
  };
  return (
    <form className="wa-section" onSubmit={send} aria-label="Send on WhatsApp">
      <h3>Send on WhatsApp</h3>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      {list.length === 0 ? <p className="muted small">No contacts yet (they come from WhatsApp messages, the API or the sandbox phone).</p> : (
        <div className="form-row">
          <div>
            <label htmlFor="wa-send-contact">Contact</label>
            <select id="wa-send-contact" value={contactId} onChange={(e) => setContactId(e.target.value)}>
              {list.map((c) => <option key={c.id} value={c.id}>{c.name === null ? c.phone : `${c.name} (${c.phone})`}</option>)}
            </select>
          </div>
          <div>
            <label htmlFor="wa-send-what">Message</label>
            <select id="wa-send-what" value={what} aria-describedby="wa-send-what-hint" onChange={(e) => setWhat(e.target.value)}>
              <option value={INTERACTIVE}>Interactive Flow message</option>
              {ofFlow.map((t) => <option key={`${t.name} ${t.language}`} value={`${t.name} ${t.language}`}>Template {t.name} ({t.language}, {t.status})</option>)}
            </select>
          </div>
          <div><button type="submit" className="button" disabled={busy}>Send on WhatsApp</button></div>
        </div>
      )}
      {list.length === 0 ? null : <div className="field-hint" id="wa-send-what-hint">An interactive message needs the contact to have written in the last 24 hours; an approved template of this Flow does not.</div>}
    </form>
  );
}
