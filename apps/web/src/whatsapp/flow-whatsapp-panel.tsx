import type { LinkMetaFlowBody, PushMetaFlowBody } from '@flowline/api-contract';
import { useRef, useState, type FormEvent } from 'react';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { Link } from '../router.js';
import { LoadableView, Notice, StatusBadge, useApi } from '../ui/index.js';
import './whatsapp.css';
import { FlowTemplatesSection } from './flow-templates-section.js';
import { SendOnWhatsApp } from './send-on-whatsapp.js';
import { metaStatusText, placeText, toFlowlineErrors, toFlowOnMeta, toHealth, toLinkableMetaFlows, toMetaErrors, type FlowOnMeta, type HealthView, type LinkableMetaFlow, type PlacedError } from './whatsapp-api.js';

type Confirm = 'publish' | 'deprecate' | 'delete-draft';

const CONFIRM_LABEL: Readonly<Record<Confirm, string>> = { publish: 'Publish on WhatsApp', deprecate: 'Deprecate on WhatsApp', 'delete-draft': 'Delete draft on Meta' };

/** The errors of the last push: Meta's and Flowline's side by side. */
interface PushErrors {
  readonly meta: PlacedError[];
  readonly flowline: PlacedError[];
  readonly version: number | undefined;
}

/**
 * The Flow on WhatsApp (a section of the Flow page): its Meta Flow ids over time with Meta's status, the
 * health alerts from the `flows` webhook and why sends are refused, Meta's validation errors beside
 * Flowline's, the actions push / publish / deprecate / preview / health, and the FLOW-button templates
 * that start it. Each action is a Graph call (docs/whatsapp.md §2).
 */
export function FlowWhatsAppPanel({ flowId, onChange }: { flowId: string; onChange?: () => void }) {
  const { me, client } = useSession();
  const manage = can(me, 'whatsapp:manage');
  const base = `/flows/${encodeURIComponent(flowId)}/whatsapp`;
  const status = useApi<unknown>(base);
  const templates = useApi<unknown>('/whatsapp/templates');
  const [message, setMessage] = useState<{ tone: 'error' | 'success' | 'info'; text: string } | undefined>(undefined);
  const [pushErrors, setPushErrors] = useState<PushErrors | undefined>(undefined);
  const [health, setHealth] = useState<HealthView | undefined>(undefined);
  const [preview, setPreview] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [confirm, setConfirm] = useState<Confirm>('publish');
  /** The Meta-only Flows of the WABA offered for linking (read from Meta when "Link existing Meta Flow" is opened). */
  const [linkable, setLinkable] = useState<LinkableMetaFlow[] | undefined>(undefined);
  const [linkChoice, setLinkChoice] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const onMeta = status.state.kind === 'ok' ? toFlowOnMeta(status.state.data) : undefined;

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    try {
      await action();
    } finally {
      setBusy(undefined);
      status.reload();
      // The Flow's own status follows Meta's (the page above shows it).
      onChange?.();
    }
  };

  const push = () => void run('push', async () => {
    const result = await client.post<Record<string, unknown>>(`${base}/push`, {} satisfies PushMetaFlowBody);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const meta = result.data['meta'] as { graphFlowId?: string; version?: number } | undefined;
    const errors = { meta: toMetaErrors(result.data['metaValidationErrors']), flowline: toFlowlineErrors(result.data['flowlineErrors']), version: meta?.version };
    setPushErrors(errors);
    const languages = languagesText(result.data['languages'], 'pushed');
    setMessage(errors.meta.length === 0
      ? { tone: languages.problem ? 'info' : 'success', text: `Version ${meta?.version ?? ''} is on Meta Flow ${meta?.graphFlowId ?? ''}${result.data['created'] === true ? ' (created now)' : ''}. Meta found no errors: it can be published.${languages.text}` }
      : { tone: 'error', text: `Meta rejected version ${meta?.version ?? ''}: ${errors.meta.length} validation error(s) below. Fix them in the editor, save, and push again.${languages.text}` });
  });

  const ask = (what: Confirm) => {
    setConfirm(what);
    const box = dialog.current;
    if (box === null) return;
    box.returnValue = '';
    box.showModal();
  };

  const act = (what: Confirm) => void run(what, async () => {
    if (what === 'delete-draft') {
      const removed = await client.delete<{ deleted?: string; languages?: { language?: string; graphFlowId?: string }[] }>(`${base}/draft`);
      if (!removed.ok) return setMessage({ tone: 'error', text: removed.message });
      const others = (Array.isArray(removed.data.languages) ? removed.data.languages : []).map((l) => `${l.graphFlowId ?? ''} (${l.language ?? ''})`);
      return setMessage({ tone: 'success', text: `Draft Meta Flow ${removed.data.deleted ?? ''}${others.length === 0 ? '' : ` and the language drafts ${others.join(', ')}`} deleted on Meta. "Push to WhatsApp" creates new ones.` });
    }
    const result = await client.post<Record<string, unknown>>(`${base}/${what}`);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const deprecated = Array.isArray(result.data['deprecated']) ? (result.data['deprecated'] as unknown[]).map(String) : [];
    const warnings = Array.isArray(result.data['warnings']) ? (result.data['warnings'] as unknown[]).map(String) : [];
    if (what === 'publish') {
      const meta = result.data['meta'] as { graphFlowId?: string } | undefined;
      const retiring = (Array.isArray(result.data['retiring']) ? (result.data['retiring'] as { graphFlowId?: unknown; openSends?: unknown }[]) : [])
        .map((r) => `${String(r.graphFlowId)} (${typeof r.openSends === 'number' ? r.openSends : '?'} customer(s) still in it)`);
      const languages = languagesText(result.data['languages'], 'published');
      setMessage({ tone: warnings.length === 0 && !languages.problem ? 'success' : 'info', text: `Published on WhatsApp as Meta Flow ${meta?.graphFlowId ?? ''}; sends use it now.${languages.text}${deprecated.length === 0 ? '' : ` Deprecated on Meta: ${deprecated.join(', ')}.`}${retiring.length === 0 ? '' : ` Retiring: ${retiring.join(', ')}; deprecated on Meta once they finish or their flow tokens lapse.`}${warnings.length === 0 ? '' : ` ${warnings.join(' ')}`}` });
    } else {
      setMessage({ tone: 'success', text: deprecated.length === 0 ? 'Nothing was live on WhatsApp.' : `Deprecated on Meta: ${deprecated.join(', ')}. WhatsApp sends of this Flow are refused until a new version is published.` });
    }
  });

  const openPreview = () => void run('preview', async () => {
    const result = await client.get<{ previewUrl?: string }>(`${base}/preview`);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const url = result.data.previewUrl;
    setPreview(url);
    if (url !== undefined) window.open(url, '_blank', 'noopener');
  });

  const openLink = () => void run('link-list', async () => {
    const result = await client.get<unknown>('/whatsapp/flows');
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const found = toLinkableMetaFlows(result.data);
    setLinkable(found);
    setLinkChoice(found[0]?.graphFlowId ?? '');
  });

  const link = (event: FormEvent) => {
    event.preventDefault();
    void run('link', async () => {
      const result = await client.post<{ meta?: { graphFlowId?: string; status?: string } }>(`${base}/link`, { graphFlowId: linkChoice } satisfies LinkMetaFlowBody);
      if (!result.ok) return setMessage({ tone: 'error', text: result.message });
      setLinkable(undefined);
      setMessage({ tone: 'success', text: `Meta Flow ${result.data.meta?.graphFlowId ?? linkChoice} (${result.data.meta?.status ?? ''}) is linked to this Flow.` });
    });
  };

  const readHealth = () => void run('health', async () => {
    const result = await client.get<{ health?: unknown }>(`${base}/health`);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    setHealth(toHealth(result.data.health));
  });

  const current = onMeta?.current;
  const shownMeta = pushErrors?.meta ?? current?.validationErrors ?? [];
  const published = onMeta?.history.some((m) => m.status === 'PUBLISHED' || m.status === 'THROTTLED' || m.status === 'BLOCKED') ?? false;
  const draft = onMeta?.history.find((m) => m.status === 'DRAFT' && m.language === undefined) ?? onMeta?.history.find((m) => m.status === 'DRAFT');
  const languageDrafts = onMeta?.history.filter((m) => m.status === 'DRAFT' && m.language !== undefined && m !== draft) ?? [];
  return (
    <section className="wa-section" aria-labelledby="wa-flow-title">
      <h2 id="wa-flow-title">On WhatsApp</h2>
      {status.state.kind === 'error' && status.state.status === 503 ? <p className="muted">WhatsApp on Meta is not available on this server.</p> : (
        <LoadableView state={status.state}>
          {() => (
            <>
              {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
              {onMeta?.sendRefusal === undefined ? null : <Notice tone="error"><strong>WhatsApp sends are refused.</strong> {onMeta.sendRefusal}</Notice>}
              <MetaState onMeta={onMeta} />
              <LanguagesOnMeta onMeta={onMeta} />
              {manage ? (
                <div className="page-actions">
                  <button type="button" className="button primary" disabled={busy !== undefined} onClick={push}>{busy === 'push' ? 'Pushing…' : 'Push to WhatsApp'}</button>
                  <button type="button" className="button" disabled={busy !== undefined || current === undefined} onClick={() => ask('publish')}>Publish on WhatsApp</button>
                  <button type="button" className="button danger" disabled={busy !== undefined || !published} onClick={() => ask('deprecate')}>Deprecate on WhatsApp</button>
                  <button type="button" className="button" disabled={busy !== undefined || current === undefined} onClick={openPreview}>Open preview</button>
                  <button type="button" className="button" disabled={busy !== undefined || current === undefined} onClick={readHealth}>Read health</button>
                  {draft === undefined ? null : <button type="button" className="button danger" disabled={busy !== undefined} onClick={() => ask('delete-draft')}>Delete draft on Meta</button>}
                  <button type="button" className="button" disabled={busy !== undefined} onClick={openLink} aria-expanded={linkable !== undefined}>Link existing Meta Flow</button>
                </div>
              ) : null}
              {!manage || linkable === undefined ? null : (
                <form className="card wa-section" aria-label="Link existing Meta Flow" onSubmit={link}>
                  {linkable.length === 0 ? <p className="muted">Every Flow on your WhatsApp Business Account is already linked to a Flowline Flow.</p> : (
                    <>
                      <label htmlFor="wa-link-choice">Meta Flow made outside Flowline</label>
                      <select id="wa-link-choice" value={linkChoice} onChange={(e) => setLinkChoice(e.target.value)}>
                        {linkable.map((f) => <option key={f.graphFlowId} value={f.graphFlowId}>{f.name} · {f.graphFlowId} · {f.status}</option>)}
                      </select>
                      <p className="field-hint">Sends of this Flow open the linked Meta Flow when it is live; pushes go to it while it is a draft.</p>
                    </>
                  )}
                  <div className="page-actions">
                    <button type="submit" className="button primary" disabled={busy !== undefined || linkChoice === ''}>Link</button>
                    <button type="button" className="button" onClick={() => setLinkable(undefined)}>Cancel</button>
                  </div>
                </form>
              )}
              <p className="muted small">Connection and endpoint key: <Link to="/whatsapp">WhatsApp settings</Link>.</p>
              {preview === undefined ? null : <p>Preview (public link, valid 30 days): <a href={preview} target="_blank" rel="noopener noreferrer">{preview}</a></p>}
              {health === undefined ? null : (
                <p aria-live="polite">Meta health: can send <StatusBadge status={health.canSend ?? 'unknown'} />{health.reasons.length === 0 ? null : <> — {health.reasons.join('; ')}</>}</p>
              )}
              {current === undefined && pushErrors === undefined ? null : (
                <div className="wa-columns">
                  <ErrorList title={`Meta's validation errors${pushErrors?.version === undefined ? (current?.version === undefined ? '' : ` (v${current.version})`) : ` (v${pushErrors.version})`}`} errors={shownMeta} empty="Meta reports no errors." />
                  {pushErrors === undefined ? <div><h3>Flowline's errors</h3><p className="muted small">Shown after a push.</p></div> : <ErrorList title="Flowline's errors" errors={pushErrors.flowline} empty="Flowline's validator reports no errors." />}
                </div>
              )}
              <History onMeta={onMeta} />
            </>
          )}
        </LoadableView>
      )}
      <dialog ref={dialog} className="card confirm-dialog" aria-labelledby="wa-confirm-title" aria-describedby="wa-confirm-what" onClose={(e) => {
        if (e.currentTarget.returnValue === 'yes') act(confirm);
      }}>
        <form method="dialog">
          <h2 id="wa-confirm-title">{CONFIRM_LABEL[confirm]}?</h2>
          {confirm === 'publish' ? (
            <div id="wa-confirm-what">
              <p>Meta publishes Meta Flow <code>{draft?.graphFlowId ?? current?.graphFlowId ?? ''}</code> (version {draft?.version ?? current?.version ?? '?'}){languageDrafts.length === 0 ? null : <> and each language's draft of that version ({languageDrafts.map((m) => m.language ?? '').join(', ')})</>}: from now on sends of this Flow open it, and sends in a language its own Meta Flow.</p>
              <p>A published Flow is <strong>immutable</strong> on Meta. Pushing a later version creates a <strong>new Meta Flow</strong>; publishing that one retires this one, and its deprecation cannot be undone.</p>
              {published ? <p>The Meta Flow live until now is deprecated at once if nobody is in it; otherwise it is retiring: customers who received it can still finish it, and Flowline deprecates it on Meta once they are done (or their flow tokens lapse).</p> : null}
            </div>
          ) : confirm === 'delete-draft' ? (
            <p id="wa-confirm-what">Meta deletes the draft Meta Flow <code>{draft?.graphFlowId ?? ''}</code> (version {draft?.version ?? '—'}){languageDrafts.length === 0 ? null : <> and the language drafts {languageDrafts.map((m) => `${m.graphFlowId} (${m.language ?? ''})`).join(', ')}</>}; this cannot be undone. The Flow stays in Flowline, and "Push to WhatsApp" creates new drafts.</p>
          ) : (
            <p id="wa-confirm-what">Meta deprecates this Flow's published Meta Flows: nobody can be sent them any more and Meta cannot undo it. To send this Flow again, push and publish a new version (a new Meta Flow).</p>
          )}
          <div className="page-actions">
            <button type="submit" value="cancel" className="button" autoFocus>Cancel</button>
            <button type="submit" value="yes" className={`button ${confirm === 'publish' ? 'primary' : 'danger'}`}>{CONFIRM_LABEL[confirm]}</button>
          </div>
        </form>
      </dialog>
      {can(me, 'sends:create') && current !== undefined ? <SendOnWhatsApp key={current.graphFlowId} flowId={flowId} onSent={status.reload} /> : null}
      <FlowTemplatesSection flowId={flowId} manage={manage} state={templates.state} reload={templates.reload} canCreate={current !== undefined} currentGraphFlowIds={[current?.graphFlowId, ...(onMeta?.languages ?? []).map((l) => l.current?.graphFlowId)].filter((id): id is string => id !== undefined)} metaVersion={current?.version} />
    </section>
  );
}

function MetaState({ onMeta }: { onMeta: FlowOnMeta | undefined }) {
  const current = onMeta?.current;
  if (current === undefined) return <p className="muted">Not on WhatsApp yet: "Push to WhatsApp" creates it on your WhatsApp Business Account as a draft.</p>;
  return (
    <>
      <p aria-label="Meta state">
        Meta Flow <code>{current.graphFlowId}</code> <StatusBadge status={current.status} /> · version {current.version ?? '—'} · name <em>{current.name}</em>
        {onMeta !== undefined && onMeta.findings > 0 ? <> · {onMeta.findings} fidelity finding(s)</> : null}
      </p>
      {onMeta === undefined || onMeta.alerts.length === 0 ? null : (
        <ul className="wa-list" aria-label="Active alerts">
          {onMeta.alerts.map((a) => (
            <li key={a.id} className="wa-item wa-item-error">
              <span className="badge badge-warning">{a.alertState ?? 'alert'}</span>
              <strong>{a.event}</strong>
              <span>{a.message ?? ''} <span className="muted">(Meta Flow {a.graphFlowId}{a.at === undefined ? '' : `, ${new Date(a.at).toLocaleString()}`})</span></span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The push or publish answer's `languages` in words: each language's outcome, and whether one was not done. */
function languagesText(value: unknown, done: 'pushed' | 'published'): { text: string; problem: boolean } {
  const rows = Array.isArray(value) ? (value as { language?: unknown; outcome?: unknown; meta?: { graphFlowId?: unknown }; reason?: unknown; message?: unknown }[]) : [];
  if (rows.length === 0) return { text: '', problem: false };
  const parts = rows.map((l) => (l.outcome === done ? `${String(l.language)} ${done} (Meta Flow ${String(l.meta?.graphFlowId)})` : `${String(l.language)} ${String(l.outcome)}: ${String(l.reason ?? l.message ?? '')}`));
  return { text: ` Languages: ${parts.join('; ')}.`, problem: rows.some((l) => l.outcome !== done) };
}

/** Each language of the Flow on Meta: its own Meta Flow and what sends in it open (docs/localization.md). */
function LanguagesOnMeta({ onMeta }: { onMeta: FlowOnMeta | undefined }) {
  if (onMeta === undefined || onMeta.languages.length === 0) return null;
  return (
    <>
      <h3>Languages on WhatsApp</h3>
      <p className="muted small">Each language is its own Meta Flow, linked to this Flow. A push sends each language whose translation is complete; sends in a language without a published Meta Flow of its own open the fallback's or the source's.</p>
      <table className="data" aria-label="Languages on WhatsApp">
        <thead><tr><th scope="col">Language</th><th scope="col">Its Meta Flow</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Sends in it open</th></tr></thead>
        <tbody>
          {onMeta.languages.map((l) => (
            <tr key={l.language}>
              <td>{l.language}{l.source ? <span className="muted small"> (source)</span> : null}</td>
              <td>{l.current === undefined ? <span className="muted">none yet</span> : <code>{l.current.graphFlowId}</code>}</td>
              <td>{l.current === undefined ? '—' : <StatusBadge status={l.current.status} />}</td>
              <td>{l.current?.version === undefined ? '—' : `v${l.current.version}`}</td>
              <td>{l.sendsOpen.graphFlowId === undefined ? <span className="muted">the Flow by its name</span> : <><code>{l.sendsOpen.graphFlowId}</code>{l.sendsOpen.language === undefined || l.sendsOpen.language === l.language ? null : <span className="muted small"> (in {l.sendsOpen.language})</span>}</>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function ErrorList({ title, errors, empty }: { title: string; errors: readonly PlacedError[]; empty: string }) {
  return (
    <div>
      <h3>{title}</h3>
      {errors.length === 0 ? <p className="muted small">{empty}</p> : (
        <ul className="wa-list" aria-label={title}>
          {errors.map((e, i) => (
            <li key={`${e.code}-${i}`} className="wa-item wa-item-error">
              <span className="wa-where">{placeText(e)}</span>
              <span><code>{e.code}</code> {e.message}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function History({ onMeta }: { onMeta: FlowOnMeta | undefined }) {
  if (onMeta === undefined || onMeta.history.length === 0) return null;
  return (
    <>
      <h3>Meta Flow ids</h3>
      <table className="data" aria-label="Meta Flow ids">
        <thead><tr><th scope="col">Meta Flow id</th><th scope="col">Name on Meta</th><th scope="col">Language</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Updated</th></tr></thead>
        <tbody>
          {onMeta.history.map((m) => (
            <tr key={m.graphFlowId}>
              <td><code>{m.graphFlowId}</code>{m.graphFlowId === onMeta.current?.graphFlowId ? <span className="muted small"> (sends use this one)</span> : null}</td>
              <td>{m.name}</td>
              <td>{m.language ?? <span className="muted">source</span>}</td>
              <td>{m.retiringAt === undefined ? <StatusBadge status={m.status} /> : <><StatusBadge status={m.status} /> <span className="badge badge-warning" title="Deprecated on Meta once the customers who received it finish it or their flow tokens lapse">{metaStatusText(m)}</span></>}</td>
              <td>{m.version === undefined ? '—' : `v${m.version}`}</td>
              <td>{m.updatedAt === undefined ? '—' : new Date(m.updatedAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
