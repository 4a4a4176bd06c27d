import type { RescheduleBookingBody } from '@flowline/api-contract';
import { useState } from 'react';
import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import { Link, useRouter } from '../../router.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../../ui/index.js';
import { readJson } from '../read-json.js';
import { formatSlot, toBooking, toCalendarResource, toFreeSlot, type BookingView, type CalendarResourceView, type FreeSlotView } from './bookings-view.js';
import '../ops.css';

/** The built-in calendar: a resource's bookings with who made them, its free slots, cancel and reschedule. */
export default function BookingsPage() {
  const router = useRouter();
  const resources = useApi<unknown>('/calendar/resources');
  const list = resources.state.kind === 'ok' ? readJson.list(resources.state.data, toCalendarResource) : [];
  const chosen = list.find((r) => r.id === router.query.get('resource')) ?? list[0];
  return (
    <Page title="Bookings" wide>
      <LoadableView state={resources.state}>
        {() => chosen === undefined
          ? <p className="muted">No calendar resources yet. The appointment-booking template seeds one; define others with <code>PUT /api/v1/calendar/resources/&#123;id&#125;</code> (docs/api.md, Calendar).</p>
          : (
            <>
              <div className="ops-filters">
                <div>
                  <label htmlFor="booking-resource">Resource</label>
                  <select id="booking-resource" value={chosen.id} onChange={(e) => router.navigate(`/bookings?resource=${encodeURIComponent(e.target.value)}`, { replace: true })}>
                    {list.map((r) => <option key={r.id} value={r.id}>{r.name}</option>)}
                  </select>
                </div>
                <p className="muted">{chosen.capacity} per slot · {chosen.slotMinutes} min slots · times in {chosen.timeZone}</p>
              </div>
              <ResourceBookings key={chosen.id} resource={chosen} />
            </>
          )}
      </LoadableView>
    </Page>
  );
}

function ResourceBookings({ resource }: { resource: CalendarResourceView }) {
  const { me, client } = useSession();
  const base = `/calendar/resources/${encodeURIComponent(resource.id)}`;
  const bookings = useApi<unknown>(`${base}/bookings`);
  const slots = useApi<unknown>(`${base}/slots?days=14`);
  const free = slots.state.kind === 'ok' ? readJson.list(slots.state.data, toFreeSlot) : [];
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const mayChange = can(me, 'calendar:bookings');

  const act = async (booking: BookingView, action: 'cancel' | 'reschedule', slot?: FreeSlotView) => {
    if (action === 'cancel' && !window.confirm(`Cancel the booking of ${formatSlot(booking.slotStart, resource.timeZone)}? The customer is not told automatically.`)) return;
    const result = await client.post<unknown>(`/calendar/bookings/${encodeURIComponent(booking.id)}/${action}`, action === 'reschedule' ? { ...(slot === undefined ? {} : { slot: slot.id }) } satisfies RescheduleBookingBody : undefined);
    setMessage(result.ok
      ? { tone: 'success', text: action === 'cancel' ? `Cancelled ${formatSlot(booking.slotStart, resource.timeZone)}; the seat is offered again.` : `Moved to ${slot?.label ?? 'the new slot'}.` }
      : { tone: 'error', text: result.message });
    bookings.reload();
    slots.reload();
  };

  return (
    <>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <h2>Bookings</h2>
      <LoadableView state={bookings.state}>
        {(body) => {
          const items = readJson.list(body, toBooking);
          if (items.length === 0) return <p className="muted">No bookings from yesterday to the next 31 days.</p>;
          return (
            <table className="data">
              <caption className="sr-only">Bookings of {resource.name}, by slot</caption>
              <thead>
                <tr><th scope="col">Slot</th><th scope="col">Customer</th><th scope="col">Status</th><th scope="col">Made</th><th scope="col"><span className="sr-only">Actions</span></th></tr>
              </thead>
              <tbody>
                {items.map((b) => (
                  <tr key={b.id} data-booking={b.id}>
                    <td><strong>{formatSlot(b.slotStart, resource.timeZone)}</strong></td>
                    <td>{b.contact === null ? <span className="muted">unknown</span> : <Link to={`/contacts/${encodeURIComponent(b.contact.id)}`}>{b.contact.name ?? b.contact.phone}</Link>}{b.submissionId === null ? null : <span className="muted"> · from an answer</span>}</td>
                    <td><StatusBadge status={b.status} /></td>
                    <td className="muted">{b.createdAt === '' ? '' : formatSlot(b.createdAt, resource.timeZone)}</td>
                    <td>{mayChange && b.status === 'confirmed' ? <BookingActions booking={b} free={free} onAct={act} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </LoadableView>
      <h2>Free slots (next 14 days)</h2>
      <LoadableView state={slots.state}>
        {() => free.length === 0
          ? <p className="muted">Every slot of the next 14 days is taken (or the resource has no opening hours ahead).</p>
          : <ul className="ops-slots" aria-label="Free slots">{free.slice(0, 60).map((s) => <li key={s.id} data-slot={s.id}>{s.label}{s.remaining > 1 ? ` (${s.remaining} left)` : ''}</li>)}</ul>}
      </LoadableView>
    </>
  );
}

function BookingActions({ booking, free, onAct }: { booking: BookingView; free: readonly FreeSlotView[]; onAct: (b: BookingView, action: 'cancel' | 'reschedule', slot?: FreeSlotView) => Promise<void> }) {
  const [target, setTarget] = useState('');
  const slot = free.find((s) => s.id === target);
  return (
    <div className="ops-row-actions">
      <label className="sr-only" htmlFor={`move-${booking.id}`}>Move to</label>
      <select id={`move-${booking.id}`} value={target} onChange={(e) => setTarget(e.target.value)}>
        <option value="">Move to…</option>
        {free.map((s) => <option key={s.id} value={s.id}>{s.label}</option>)}
      </select>
      <button type="button" className="button small" disabled={slot === undefined} onClick={() => void onAct(booking, 'reschedule', slot)}>Reschedule</button>
      <button type="button" className="button small danger" onClick={() => void onAct(booking, 'cancel')}>Cancel</button>
    </div>
  );
}
