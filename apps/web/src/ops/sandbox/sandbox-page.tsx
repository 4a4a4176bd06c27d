import type { SandboxContactBody, SandboxEventBody, SandboxMessageBody, SendFlowBody } from '@flowline/api-contract';
import { useEffect, useRef, useState } from 'react';
import { isJsonObject, parsePhoneNumber, type RenderedComponent, type RenderedScreen, type RuntimeEvent } from '@flowline/core';
import { can } from '../../auth/session.js';
import { useSession } from '../../auth/session-context.js';
import { toFlowSummary, toList } from '../../flows/flow-api.js';
import { PhonePreview } from '../../preview/phone-preview.js';
import { LoadableView, Notice, Page, useApi } from '../../ui/index.js';
import { toContact } from '../ops-views.js';
import { readJson } from '../read-json.js';
import { SANDBOX_PATHS, toChatBubble } from './sandbox-message.js';
import { toRenderedScreen } from './to-rendered-screen.js';
import '../ops.css';

interface OpenSession {
  readonly id: string;
  /** The runtime's render model, as `RenderedScreen` from the server (it runs the same core). */
  readonly screen: RenderedScreen | undefined;
  readonly status: string;
  /** The server sent a screen that is not a render model (drawn as nothing, reported as a problem). */
  readonly unreadable: boolean;
}

const UNREADABLE = 'The server sent a screen the studio cannot read.';

function toOpenSession(body: unknown): OpenSession | undefined {
  const view = isJsonObject(body) && isJsonObject(body['value']) ? body['value'] : body;
  if (!isJsonObject(view) || !isJsonObject(view['session'])) return undefined;
  const id = readJson.string(view['session']['id']);
  if (id === undefined) return undefined;
  const state = isJsonObject(view['state']) ? view['state'] : {};
  const status = isJsonObject(state['status']) ? readJson.string(state['status']['kind']) ?? readJson.string(state['status']['type']) : readJson.string(state['status']);
  // The server's render model is core's RenderedScreen (the same renderScreen as the preview), checked field by field.
  const screen = toRenderedScreen(view['screen']);
  const unreadable = screen === undefined && view['screen'] !== undefined && view['screen'] !== null;
  return { id, screen, status: status ?? readJson.string(view['session']['status']) ?? 'active', unreadable };
}

/** The sandbox phone: sandbox contacts' chats, Flow messages opened and completed on a phone run by the server. */
export default function SandboxPage() {
  const { me, client } = useSession();
  const chats = useApi<unknown>(SANDBOX_PATHS.chats);
  const [contactId, setContactId] = useState<string | undefined>(undefined);
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);

  const addContact = async () => {
    // The same reading the API applies: the person sees why a number is refused before it is sent.
    const parsed = parsePhoneNumber(phone);
    if (!parsed.ok) return setProblem(`This phone number cannot be used: ${parsed.message}.`);
    const result = await client.post<unknown>(SANDBOX_PATHS.contacts, { phone: parsed.phone, ...(name.trim() === '' ? {} : { name: name.trim() }) } satisfies SandboxContactBody);
    if (!result.ok) return setProblem(result.message);
    setProblem(undefined);
    const contact = toContact(isJsonObject(result.data) && isJsonObject(result.data['contact']) ? result.data['contact'] : result.data);
    if (contact !== undefined) setContactId(contact.id);
    setPhone('');
    setName('');
    chats.reload();
  };

  return (
    <Page title="Sandbox phone" wide>
      <div className="ops-sandbox">
        <aside aria-label="Sandbox chats">
          <h2 style={{ marginTop: 0 }}>Chats</h2>
          <LoadableView state={chats.state}>
            {(body) => {
              const list = readJson.list(body, (c) => (isJsonObject(c) ? { id: readJson.string(c['contactId']) ?? '', label: readJson.string(isJsonObject(c['contact']) ? c['contact']['name'] ?? c['contact']['phone'] : c['name']) ?? readJson.string(c['phone']) ?? readJson.string(c['contactId']) ?? '', count: readJson.number(c['messages']) ?? 0 } : undefined)).filter((c) => c.id !== '');
              return list.length === 0 ? <p className="muted">No sandbox contacts yet.</p> : (
                <ul className="ops-chats">
                  {list.map((c) => <li key={c.id}><button type="button" aria-pressed={c.id === contactId} onClick={() => setContactId(c.id)}>{c.label}<br /><small className="muted">{c.count} {c.count === 1 ? 'message' : 'messages'}</small></button></li>)}
                </ul>
              );
            }}
          </LoadableView>
          <form className="card" style={{ marginTop: 12 }} onSubmit={(e) => { e.preventDefault(); void addContact(); }}>
            <strong>New sandbox contact</strong>
            <label htmlFor="sb-phone">Phone</label>
            <input id="sb-phone" type="tel" autoComplete="off" value={phone} onChange={(e) => setPhone(e.target.value)} placeholder="+34 600 111 222" required aria-describedby="sb-phone-hint" aria-invalid={problem !== undefined} />
            <p id="sb-phone-hint" className="field-hint">With the country code; spaces, dashes, dots and brackets are fine.</p>
            <label htmlFor="sb-name">Name</label>
            <input id="sb-name" value={name} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="button" style={{ marginTop: 8 }} disabled={phone.trim() === ''}>Add contact</button>
          </form>
          {problem === undefined ? null : <Notice tone="error">{problem}</Notice>}
        </aside>
        {contactId === undefined ? <p className="muted">Choose a chat, or add a sandbox contact, then send a Flow to it.</p> : <Chat key={contactId} contactId={contactId} maySend={can(me, 'sends:create')} mayWrite={can(me, 'sandbox:use')} onChanged={chats.reload} />}
      </div>
    </Page>
  );
}

function Chat({ contactId, maySend, mayWrite, onChanged }: { contactId: string; maySend: boolean; mayWrite: boolean; onChanged: () => void }) {
  const { client } = useSession();
  const chat = useApi<unknown>(SANDBOX_PATHS.chat(contactId));
  // Operators reply from the inbox while the customer looks at this phone: new messages show up by themselves.
  useEffect(() => {
    const timer = setInterval(chat.reload, 3000);
    return () => clearInterval(timer);
  }, [chat.reload]);
  const [draft, setDraft] = useState('');
  const write = async () => {
    const result = await client.post<unknown>(SANDBOX_PATHS.customerMessages(contactId), { text: draft.trim() } satisfies SandboxMessageBody);
    setProblem(result.ok ? undefined : result.message);
    if (result.ok) setDraft('');
    chat.reload();
    onChanged();
  };
  const flows = useApi<unknown>('/flows?limit=100');
  const [flowId, setFlowId] = useState('');
  const [session, setSession] = useState<OpenSession | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  const send = async () => {
    const result = await client.post<unknown>('/sends', { flowId, contactId, channel: 'sandbox' } satisfies SendFlowBody);
    setProblem(result.ok ? undefined : result.message);
    chat.reload();
    onChanged();
  };
  const open = async (messageId: string) => {
    const result = await client.post<unknown>(SANDBOX_PATHS.open(messageId));
    if (!result.ok) return setProblem(result.message);
    const opened = toOpenSession(result.data);
    setProblem(opened?.unreadable === true ? UNREADABLE : undefined);
    setSession(opened);
  };
  // Events are posted one at a time, in the order the customer made them (typing in two fields quickly
  // must not lose the second): each waits for the previous answer.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const pendingEvents = useRef(0);
  const post = async (sessionId: string, event: RuntimeEvent) => {
    const result = await client.post<unknown>(SANDBOX_PATHS.events(sessionId), { event } satisfies SandboxEventBody);
    if (!result.ok) return setProblem(result.message);
    const next = toOpenSession(result.data);
    setProblem(next?.unreadable === true ? UNREADABLE : undefined);
    setSession(next);
    if (next?.screen === undefined) {
      chat.reload();
      onChanged();
    }
  };
  const enqueue = (work: () => Promise<void>, label: string) => {
    pendingEvents.current += 1;
    setBusy(label);
    queue.current = queue.current.then(work).finally(() => {
      pendingEvents.current -= 1;
      if (pendingEvents.current === 0) setBusy(undefined);
    });
  };
  const onEvent = (event: RuntimeEvent) => {
    if (session === undefined) return;
    const sessionId = session.id;
    enqueue(() => post(sessionId, event), 'Sending…');
  };
  // A file chosen on this phone is really sent, as WhatsApp sends it: its bytes go to the server, and the
  // picker is filled with the references the server gives back (the answer then carries them).
  const onPickFiles = (component: RenderedComponent, files: readonly File[]) => {
    const name = component.name;
    if (session === undefined || name === undefined) return;
    const sessionId = session.id;
    enqueue(async () => {
      const references: unknown[] = [];
      for (const file of files) {
        const result = await client.postFile<unknown>(SANDBOX_PATHS.media(sessionId, name, file.name), file);
        if (!result.ok) return setProblem(`${file.name} was not sent: ${result.message}`);
        references.push(isJsonObject(result.data) ? result.data['reference'] : undefined);
      }
      await post(sessionId, { type: 'fill', name, value: references });
    }, files.length === 1 ? 'Uploading the file…' : `Uploading ${files.length} files…`);
  };

  return (
    <>
      <section aria-label="Chat">
        {maySend ? (
          <form className="form-row ops-send" onSubmit={(e) => { e.preventDefault(); void send(); }}>
            <div>
              <label htmlFor="sb-flow">Flow to send</label>
              <select id="sb-flow" value={flowId} onChange={(e) => setFlowId(e.target.value)}>
                <option value="" disabled>Choose a Flow…</option>
                {flows.state.kind === 'ok' ? toList(flows.state.data, toFlowSummary).map((f) => <option key={f.id} value={f.id}>{f.name}</option>) : null}
              </select>
            </div>
            <button type="submit" className="button primary ops-row-end" disabled={flowId === ''}>Send to this contact</button>
          </form>
        ) : null}
        {problem === undefined ? null : <Notice tone="error">{problem}</Notice>}
        <LoadableView state={chat.state}>
          {(body) => {
            const messages = readJson.list(isJsonObject(body) ? body['messages'] : body, toChatBubble);
            return (
              <ol className="ops-chat" aria-label="Messages" style={{ listStyle: 'none', margin: 0 }}>
                {messages.map((m) => (
                  <li key={m.messageId} className={`ops-bubble${m.from === 'customer' ? ' ops-customer' : ''}`} data-kind={m.kind}>
                    {m.header === undefined ? null : <strong>{m.header}<br /></strong>}
                    {m.kind === 'flow_reply' ? <em>Response sent<br /></em> : null}
                    {m.text}
                    {m.kind === 'flow' ? <button type="button" className="button" onClick={() => void open(m.messageId)}>{m.cta}</button> : null}
                    <small>{new Date(m.at).toLocaleTimeString()}</small>
                  </li>
                ))}
              </ol>
            );
          }}
        </LoadableView>
        {mayWrite ? (
          <form className="form-row ops-compose" onSubmit={(e) => { e.preventDefault(); if (draft.trim() !== '') void write(); }}>
            <div>
              <label htmlFor="sb-compose">Write as the customer</label>
              <input id="sb-compose" value={draft} maxLength={4096} onChange={(e) => setDraft(e.target.value)} placeholder="Type a message" aria-describedby="sb-compose-hint" />
              <p id="sb-compose-hint" className="field-hint">Arrives in the conversation as a WhatsApp message would, and opens the 24-hour window.</p>
            </div>
            <button type="submit" className="button primary ops-row-end" disabled={draft.trim() === ''}>Send as customer</button>
          </form>
        ) : null}
      </section>
      <div>
        {session === undefined ? <p className="muted" style={{ width: 320 }}>Open a Flow message to see it on the phone.</p> : (
          <PhonePreview
            screen={session.screen}
            theme="light"
            idPrefix="sandbox"
            businessName="Flowline sandbox"
            onEvent={onEvent}
            onPickFiles={onPickFiles}
            overlay={session.screen === undefined ? <div role="status"><strong>Response sent</strong><p>The Flow is complete; its summary is in the chat.</p><button type="button" className="button" onClick={() => setSession(undefined)}>Close</button></div> : busy !== undefined ? <span role="status">{busy}</span> : undefined}
          />
        )}
      </div>
    </>
  );
}
