import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session-context.js';
import { toContact, type ContactView } from '../ops/ops-views.js';
import { Notice, useApi } from '../ui/index.js';

/** Sends the Flow to a contact on WhatsApp (its current Meta Flow); Flowline refuses it while Meta throttles or blocks it. */
export function SendOnWhatsApp({ flowId, onSent }: { flowId: string; onSent: () => void }) {
  const { client } = useSession();
  const contacts = useApi<unknown>('/contacts?limit=100');
  const list = contacts.state.kind === 'ok' && Array.isArray((contacts.state.data as { items?: unknown }).items)
    ? ((contacts.state.data as { items: unknown[] }).items.map(toContact).filter((c): c is ContactView => c !== undefined))
    : [];
  const [contactId, setContactId] = useState('');
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const send = (event: FormEvent) => {
    event.preventDefault();
    const chosen = contactId === '' ? list[0]?.id : contactId;
    if (chosen === undefined) return setMessage({ tone: 'error', text: 'Choose a contact first.' });
    setBusy(true);
    void client.post<{ id?: string }>('/sends', { flowId, contactId: chosen, channel: 'whatsapp' }).then((result) => {
      setBusy(false);
      setMessage(result.ok ? { tone: 'success', text: `Sent on WhatsApp (send ${result.data.id ?? ''}).` } : { tone: 'error', text: `Send refused: ${result.message}` });
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
          <div><button type="submit" className="button" disabled={busy}>Send on WhatsApp</button></div>
        </div>
      )}
    </form>
  );
}
