import { CONVERSATION_STATES, type QuickReplyBody, type ReplyBody, type SendFlowBody, type UpdateConversationBody } from '@flowline/api-contract';
import { useEffect, useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { useSession } from '../../auth/session-context.js';
import { can } from '../../auth/session.js';
import { LoadableView, Notice, StatusBadge, useApi } from '../../ui/index.js';
import { ReadableAnswers } from '../readable-answers.js';
import { StoredFile } from '../submission-media.js';
import { readJson } from '../read-json.js';
import { messageCaption, toConversationView, type ChatMedia, type ChatMessage, type ConversationView } from './conversation-view.js';
import './conversation.css';

/** How often the chat looks for new messages (the customer may answer while the operator reads). */
const REFRESH_MS = 3000;

/**
 * A contact's conversation beside a ticket or on the contact page: the chat with the Flow's summary
 * cards, its owner and state, and the reply box — replaced by the approved templates outside the
 * 24-hour customer service window (platform spec §5.3).
 */
export function ConversationPanel({ contactId }: { contactId: string }) {
  const { me } = useSession();
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { state, reload } = useApi<unknown>(`/conversations/${encodeURIComponent(contactId)}?timeZone=${encodeURIComponent(zone)}`);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <section className="conversation" aria-label="Conversation">
      <h3>Conversation</h3>
      <LoadableView state={state}>
        {(body) => {
          const view = toConversationView(body);
          if (view === undefined) return <p className="muted">This conversation could not be read.</p>;
          return (
            <>
              <Owner view={view} mayAct={can(me, 'conversations:reply')} onChanged={reload} />
              <Chat messages={view.messages} />
              {can(me, 'conversations:reply') ? <Composer view={view} onSent={reload} /> : <p className="muted">Your role may read conversations but not reply.</p>}
            </>
          );
        }}
      </LoadableView>
    </section>
  );
}

function Owner({ view, mayAct, onChanged }: { view: ConversationView; mayAct: boolean; onChanged: () => void }) {
  const { client } = useSession();
  const [assignee, setAssignee] = useState(view.assignee ?? '');
  const [error, setError] = useState<string | undefined>(undefined);
  const patch = async (change: UpdateConversationBody) => {
    const result = await client.patch<unknown>(`/conversations/${encodeURIComponent(view.contactId)}`, change);
    setError(result.ok ? undefined : result.message);
    onChanged();
  };
  return (
    <div className="conversation-owner">
      <span>Owner: <strong>{view.assignee ?? 'nobody'}</strong> · <StatusBadge status={view.state} /></span>
      {!mayAct ? null : (
        <form onSubmit={(e) => { e.preventDefault(); void patch({ assignee: assignee.trim() === '' ? null : assignee.trim() }); }} className="conversation-owner-form">
          <label htmlFor={`owner-${view.contactId}`} className="sr-only">Conversation owner</label>
          <input id={`owner-${view.contactId}`} value={assignee} onChange={(e) => setAssignee(e.target.value)} placeholder="owner" />
          <button type="submit" className="button">Set owner</button>
          <label htmlFor={`state-${view.contactId}`} className="sr-only">Conversation state</label>
          <select id={`state-${view.contactId}`} value={view.state} onChange={(e) => { const state = CONVERSATION_STATES.find((s) => s === e.target.value); if (state !== undefined) void patch({ state }); }}>
            {CONVERSATION_STATES.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </form>
      )}
      {error === undefined ? null : <Notice tone="error">{error}</Notice>}
    </div>
  );
}

function Chat({ messages }: { messages: readonly ChatMessage[] }) {
  if (messages.length === 0) return <p className="muted">No messages yet.</p>;
  return (
    <ol className="chat" aria-label="Messages">
      {messages.map((m) => (
        <li key={m.id} className={`chat-message ${m.direction}${m.author === 'automation' ? ' automation' : ''}`} data-author={m.author} data-type={m.type}>
          {m.card === undefined ? <p className="chat-text">{textOf(m)}</p> : <FlowCard message={m} />}
          {m.media === undefined ? null : <ChatFile media={m.media} />}
          <span className="chat-caption">{messageCaption(m)} · <time dateTime={new Date(m.at).toISOString()}>{new Date(m.at).toLocaleString()}</time></span>
        </li>
      ))}
    </ol>
  );
}

function textOf(m: ChatMessage): string {
  if (m.type === 'reaction') return `Reacted ${m.text ?? ''}`;
  if (m.text !== null && m.text !== '') return m.type === 'text' || m.type === 'button' || m.type === 'interactive' ? m.text : `[${m.type}] ${m.text}`;
  return `[${m.type}]`;
}

/** The file of a customer's media message, fetched by the worker: a thumbnail or a link once stored. */
function ChatFile({ media }: { media: ChatMedia | null }) {
  if (media === null) return <span className="muted chat-file">(file not fetched yet)</span>;
  if (media.status !== 'stored' || media.path === undefined) return <span className="muted chat-file" title={media.error ?? undefined}>{media.fileName}: not available</span>;
  return <span className="ops-media chat-file"><StoredFile file={media} path={media.path} /></span>;
}

function FlowCard({ message }: { message: ChatMessage }) {
  const card = message.card;
  if (card === undefined) return null;
  const what = message.type === 'flow_reply' ? 'Flow completed' : message.type === 'template' ? 'Template with Flow sent' : 'Flow sent';
  return (
    <div className="chat-card" aria-label={`${what}: ${card.flowName}`}>
      <strong>{what}</strong> · {card.flowName}{card.version === null ? '' : ` v${card.version}`}
      {card.submission === undefined ? null : <ReadableAnswers submission={card.submission} compact />}
    </div>
  );
}

function Composer({ view, onSent }: { view: ConversationView; onSent: () => void }) {
  const { client } = useSession();
  const [text, setText] = useState('');
  const [title, setTitle] = useState('');
  // The quick reply last inserted: it can be changed to the text as edited, or deleted.
  const [pickedId, setPickedId] = useState('');
  const [notice, setNotice] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const flows = useApi<unknown>('/flows?limit=100');
  const [flowId, setFlowId] = useState('');
  const path = `/conversations/${encodeURIComponent(view.contactId)}`;

  const sendFlow = async (body: Omit<SendFlowBody, 'contactId' | 'channel'>, what: string) => {
    const result = await client.post<unknown>('/sends', { contactId: view.contactId, channel: view.channel, ...body } satisfies SendFlowBody);
    setNotice(result.ok ? { tone: 'success', text: `${what} sent.` } : { tone: 'error', text: result.message });
    onSent();
  };

  if (!view.window.open) {
    const closed = view.window.closesAt === null ? `${view.contactName} has never written` : `the window closed ${new Date(view.window.closesAt).toLocaleString()}`;
    return (
      <div className="chat-templates" aria-label="Approved templates">
        <p>Outside the 24-hour customer service window ({closed}), WhatsApp accepts only an approved template. Pick one to start again; the customer's answer reopens the window.</p>
        {view.templates.length === 0 ? <p className="muted">No approved template yet: create one under WhatsApp › Templates.</p> : (
          <ul className="chat-template-list">
            {view.templates.map((t) => (
              <li key={`${t.name}-${t.language}`}>
                <button type="button" className="button" onClick={() => void sendFlow({ flowId: t.flowId, kind: 'template', template: { name: t.name, language: t.language } }, `Template ${t.name}`)}>Send template {t.name} ({t.language})</button>
              </li>
            ))}
          </ul>
        )}
        {notice === undefined ? null : <Notice tone={notice.tone}>{notice.text}</Notice>}
      </div>
    );
  }

  const send = async () => {
    const result = await client.post<unknown>(`${path}/messages`, { text: text.trim() } satisfies ReplyBody);
    if (result.ok) setText('');
    setNotice(result.ok ? undefined : { tone: 'error', text: result.message });
    onSent();
  };
  const saveQuickReply = async () => {
    const result = await client.post<unknown>('/quick-replies', { title: title.trim(), text: text.trim() } satisfies QuickReplyBody);
    setNotice(result.ok ? { tone: 'success', text: `Saved as quick reply "${title.trim()}".` } : { tone: 'error', text: result.message });
    if (result.ok) setTitle('');
    onSent();
  };
  const picked = view.quickReplies.find((r) => r.id === pickedId);
  const updateQuickReply = async () => {
    if (picked === undefined) return;
    const result = await client.put<unknown>(`/quick-replies/${encodeURIComponent(picked.id)}`, { title: picked.title, text: text.trim() } satisfies QuickReplyBody);
    setNotice(result.ok ? { tone: 'success', text: `Quick reply "${picked.title}" now reads as above.` } : { tone: 'error', text: result.message });
    onSent();
  };
  const deleteQuickReply = async () => {
    if (picked === undefined) return;
    const result = await client.delete<unknown>(`/quick-replies/${encodeURIComponent(picked.id)}`);
    setNotice(result.ok ? { tone: 'success', text: `Quick reply "${picked.title}" deleted.` } : { tone: 'error', text: result.message });
    if (result.ok) setPickedId('');
    onSent();
  };
  const flowList = flows.state.kind === 'ok' ? readJson.list(flows.state.data, (f) => (isJsonObject(f) && typeof f['id'] === 'string' ? { id: f['id'], name: readJson.string(f['name']) ?? f['id'] } : undefined)) : [];
  return (
    <div className="chat-composer">
      {view.quickReplies.length === 0 ? null : (
        <>
          <label htmlFor={`quick-${view.contactId}`}>Quick reply</label>
          <select id={`quick-${view.contactId}`} value="" onChange={(e) => { const chosen = view.quickReplies.find((r) => r.id === e.target.value); if (chosen !== undefined) { setText(chosen.text); setPickedId(chosen.id); } }}>
            <option value="">Insert a saved reply…</option>
            {view.quickReplies.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
          </select>
          {picked === undefined ? null : (
            <div className="form-row" aria-label={`Quick reply ${picked.title}`}>
              <button type="button" className="button" disabled={text.trim() === '' || text.trim() === picked.text} onClick={() => void updateQuickReply()}>Update "{picked.title}"</button>
              <button type="button" className="button danger" onClick={() => void deleteQuickReply()}>Delete "{picked.title}"</button>
            </div>
          )}
        </>
      )}
      <form onSubmit={(e) => { e.preventDefault(); if (text.trim() !== '') void send(); }}>
        <label htmlFor={`reply-${view.contactId}`}>Reply to {view.contactName}</label>
        <textarea id={`reply-${view.contactId}`} value={text} maxLength={4096} rows={3} onChange={(e) => setText(e.target.value)} />
        <p className="field-hint">Free text is allowed until {view.window.closesAt === null ? '—' : new Date(view.window.closesAt).toLocaleString()} (24 hours after the customer's last message).</p>
        <div className="form-row">
          <button type="submit" className="button primary" disabled={text.trim() === ''}>Send reply</button>
        </div>
      </form>
      <form className="form-row" onSubmit={(e) => { e.preventDefault(); if (title.trim() !== '' && text.trim() !== '') void saveQuickReply(); }}>
        <label htmlFor={`quick-title-${view.contactId}`} className="sr-only">Quick reply title</label>
        <input id={`quick-title-${view.contactId}`} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Quick reply title" />
        <button type="submit" className="button" disabled={title.trim() === '' || text.trim() === ''}>Save as quick reply</button>
      </form>
      <form className="form-row" onSubmit={(e) => { e.preventDefault(); if (flowId !== '') void sendFlow({ flowId }, 'Flow'); }}>
        <label htmlFor={`flow-${view.contactId}`} className="sr-only">Flow to send</label>
        <select id={`flow-${view.contactId}`} value={flowId} onChange={(e) => setFlowId(e.target.value)}>
          <option value="">Send a Flow…</option>
          {flowList.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
        </select>
        <button type="submit" className="button" disabled={flowId === ''}>Send Flow</button>
      </form>
      {notice === undefined ? null : <Notice tone={notice.tone}>{notice.text}</Notice>}
    </div>
  );
}
