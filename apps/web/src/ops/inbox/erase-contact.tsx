import { useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { useSession } from '../../auth/session-context.js';
import { Notice } from '../../ui/index.js';

/** What erasure does, in the words the confirmation shows (docs/privacy.md). */
const WHAT_HAPPENS = [
  'The phone, name, tags and fields are replaced by a tombstone and consent is withdrawn.',
  'Every answer they gave, their tickets\' text, their conversation\'s messages, their sandbox chat and the data the Flow endpoint kept are redacted; their photos and documents are deleted.',
  'Deliveries not yet sent (webhooks, Slack, tickets) are cancelled; none will carry their data.',
  'Counts stay: submissions, completions, bookings and tickets still count on the dashboards.',
  'This cannot be undone. The audit log records that you erased this contact, with counts only.',
];

/**
 * "Erase contact": a confirmation that says what will happen, then `POST /contacts/{id}/erase`
 * (admins only); hands the page the number of rows redacted, to say so and reload.
 */
export function EraseContact({ contactId, label, onErased }: { contactId: string; label: string; onErased: (redacted: number) => void }) {
  const { client } = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const erase = async () => {
    setBusy(true);
    const result = await client.post<unknown>(`/contacts/${encodeURIComponent(contactId)}/erase`, undefined);
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const counts = isJsonObject(result.data) && isJsonObject(result.data['counts']) ? result.data['counts'] : {};
    const total = Object.values(counts).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
    setError(undefined);
    setConfirming(false);
    onErased(total);
  };

  if (!confirming) {
    return <button type="button" className="button danger" onClick={() => setConfirming(true)}>Erase contact</button>;
  }
  return (
    <section className="card" role="region" aria-label="Erase contact">
      <h2>Erase {label}?</h2>
      <ul>{WHAT_HAPPENS.map((line) => <li key={line}>{line}</li>)}</ul>
      <p className="muted">Meta keeps its own copies of messages sent through WhatsApp; ask Meta to erase those.</p>
      {error === undefined ? null : <Notice tone="error">{error}</Notice>}
      <button type="button" className="button danger" disabled={busy} onClick={() => void erase()}>Erase permanently</button>{' '}
      <button type="button" className="button" disabled={busy} onClick={() => setConfirming(false)}>Cancel</button>
    </section>
  );
}
