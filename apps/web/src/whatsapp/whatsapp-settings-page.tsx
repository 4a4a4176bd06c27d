import type { SaveConnectionBody } from '@flowline/api-contract';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../ui/index.js';
import './whatsapp.css';
import { checkLabel, toChecks, toConnectionView, toKeyRotation, toKeyStatus, type ConnectionCheck, type ConnectionView, type KeyStatus } from './whatsapp-api.js';

type SecretName = 'accessToken' | 'appSecret' | 'webhookVerifyToken';

/** The secrets of the connection; only those the API takes as null can be cleared (the access token cannot). */
const SECRETS: readonly ({ name: 'accessToken'; label: string; hint: string; clearable: false } | { name: 'appSecret' | 'webhookVerifyToken'; label: string; hint: string; clearable: true })[] = [
  { name: 'accessToken', label: 'Access token', hint: 'A system-user token with whatsapp_business_management and whatsapp_business_messaging.', clearable: false },
  { name: 'appSecret', label: 'App secret', hint: 'Checks X-Hub-Signature-256 of the endpoint and the webhooks (takes effect at the next start).', clearable: true },
  { name: 'webhookVerifyToken', label: 'Webhook verify token', hint: 'The token you type in Meta\'s webhook subscription.', clearable: true },
];

/**
 * WhatsApp settings: the workspace's connection to Meta (ids, Graph URL and version, secrets shown only as
 * set or not and replaced, never read back), a check of it against Graph in plain words, and the endpoint
 * key's registration with the phone number (docs/whatsapp.md).
 */
export default function WhatsAppSettingsPage() {
  const { me, client } = useSession();
  const manage = can(me, 'whatsapp:manage');
  const connection = useApi<unknown>('/whatsapp/connection');
  const keyRing = useApi<unknown>('/whatsapp/keys/rotation');
  const ring = keyRing.state.kind === 'ok' ? toKeyRotation(keyRing.state.data) : undefined;
  const view = connection.state.kind === 'ok' ? toConnectionView(connection.state.data) : undefined;
  const [key, setKey] = useState<KeyStatus | undefined>(undefined);
  // The status just read from Meta, else the one recorded at the last read (a connection check records it too).
  const signatureStatus = key?.signatureStatus ?? view?.keyStatus ?? 'unknown';
  const [form, setForm] = useState({ wabaId: '', phoneNumberId: '', graphBaseUrl: '', graphApiVersion: '' });
  const [secrets, setSecrets] = useState<Record<SecretName, string>>({ accessToken: '', appSecret: '', webhookVerifyToken: '' });
  const [clear, setClear] = useState<Record<SecretName, boolean>>({ accessToken: false, appSecret: false, webhookVerifyToken: false });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const [checks, setChecks] = useState<{ ok: boolean; checks: ConnectionCheck[] } | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);

  // The form starts from the saved connection, and again after each save (not after a check: typing stays).
  const applied = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (connection.state.kind !== 'ok') return;
    const saved = toConnectionView(connection.state.data);
    const stamp = `${saved.source ?? ''}:${saved.updatedAt ?? ''}`;
    if (applied.current === stamp) return;
    applied.current = stamp;
    setForm({ wabaId: saved.wabaId ?? '', phoneNumberId: saved.phoneNumberId ?? '', graphBaseUrl: saved.graphBaseUrl ?? '', graphApiVersion: saved.graphApiVersion ?? '' });
  }, [connection.state]);

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    try {
      await action();
    } finally {
      setBusy(undefined);
    }
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    void run('save', async () => {
      const body: SaveConnectionBody = { wabaId: form.wabaId.trim(), phoneNumberId: form.phoneNumberId.trim() };
      if (form.graphBaseUrl.trim() !== '') body.graphBaseUrl = form.graphBaseUrl.trim();
      if (form.graphApiVersion.trim() !== '') body.graphApiVersion = form.graphApiVersion.trim();
      // A secret left empty keeps the stored one; "clear" sends null.
      for (const s of SECRETS) {
        if (secrets[s.name] !== '') body[s.name] = secrets[s.name];
        else if (s.clearable && clear[s.name]) body[s.name] = null;
      }
      const result = await client.put<unknown>('/whatsapp/connection', body);
      if (!result.ok) return setMessage({ tone: 'error', text: result.message });
      setSecrets({ accessToken: '', appSecret: '', webhookVerifyToken: '' });
      setClear({ accessToken: false, appSecret: false, webhookVerifyToken: false });
      setChecks(undefined);
      setMessage({ tone: 'success', text: 'Connection saved. Check it against Meta to see whether each part works.' });
      connection.reload();
    });
  };

  const check = () => void run('check', async () => {
    const result = await client.post<unknown>('/whatsapp/connection/check');
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    setMessage(undefined);
    setChecks(toChecks(result.data));
    // The check read the key's status again and recorded it: the badge shows that one.
    setKey(undefined);
    connection.reload();
  });

  const keyAction = (register: boolean) => void run(register ? 'register' : 'key', async () => {
    const result = register ? await client.post<unknown>('/whatsapp/keys/register') : await client.get<unknown>('/whatsapp/keys');
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    setKey(toKeyStatus(result.data));
    setMessage(register ? { tone: 'success', text: 'The endpoint public key is registered with the phone number.' } : undefined);
    connection.reload();
  });

  const rotateDialog = useRef<HTMLDialogElement>(null);
  const rotate = () => void run('rotate', async () => {
    const result = await client.post<unknown>('/whatsapp/keys/rotate');
    keyRing.reload();
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const body = result.data as { previous?: { fingerprint?: string; retiresAt?: string }; signatureStatus?: string | null };
    setKey({ signatureStatus: body.signatureStatus ?? undefined, matches: true });
    setMessage({ tone: 'success', text: `The endpoint key was rotated and registered with Meta. The previous key ${body.previous?.fingerprint ?? ''} keeps decrypting until ${body.previous?.retiresAt === undefined ? 'its grace period ends' : new Date(body.previous.retiresAt).toLocaleString()}.` });
    connection.reload();
  });

  const field = (name: keyof typeof form, label: string, hint: string, placeholder?: string) => (
    <div>
      <label htmlFor={`wa-${name}`}>{label}</label>
      <input id={`wa-${name}`} type="text" value={form[name]} placeholder={placeholder} readOnly={!manage} aria-describedby={`wa-${name}-hint`} onChange={(e) => setForm({ ...form, [name]: e.target.value })} />
      <div className="field-hint" id={`wa-${name}-hint`}>{hint}</div>
    </div>
  );

  return (
    <Page title="WhatsApp">
      <p className="muted">The WhatsApp Business Account this workspace publishes Flows to. Every action here calls Meta's Graph API (docs/whatsapp.md).</p>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <LoadableView state={connection.state}>
        {() => <ConnectionSummary view={view} />}
      </LoadableView>
      <form className="card" onSubmit={save} aria-labelledby="wa-connection-title">
        <h2 id="wa-connection-title">Connection</h2>
        <div className="form-row">
          {field('wabaId', 'WABA id', 'WhatsApp Business Account id (digits), from WhatsApp → API Setup.')}
          {field('phoneNumberId', 'Phone number id', 'The Cloud API phone number id (digits), not the phone number.')}
        </div>
        <div className="form-row">
          {field('graphBaseUrl', 'Graph base URL', 'Meta\'s by default; a test stand-in only for trials.', 'https://graph.facebook.com')}
          {field('graphApiVersion', 'Graph API version', 'Such as v23.0.', 'v23.0')}
        </div>
        {SECRETS.map((s) => {
          const set = view?.secrets[s.name] ?? false;
          return (
            <div key={s.name}>
              <label htmlFor={`wa-${s.name}`}>{s.label} <span className={`badge ${set ? 'badge-published' : ''}`}>{set ? 'set' : 'not set'}</span></label>
              <input
                id={`wa-${s.name}`} type="password" autoComplete="off" value={secrets[s.name]} readOnly={!manage}
                placeholder={set ? 'Leave empty to keep the saved one; type to replace it' : 'Not set'}
                aria-describedby={`wa-${s.name}-hint`}
                onChange={(e) => setSecrets({ ...secrets, [s.name]: e.target.value })}
              />
              <div className="field-hint" id={`wa-${s.name}-hint`}>{s.hint} Never shown again once saved.</div>
              {s.clearable && set && manage ? (
                <label className="wa-check-label">
                  <input type="checkbox" checked={clear[s.name]} onChange={(e) => setClear({ ...clear, [s.name]: e.target.checked })} /> Clear the saved {s.label.toLowerCase()}
                </label>
              ) : null}
            </div>
          );
        })}
        {manage ? (
          <div className="page-actions" style={{ marginTop: 14 }}>
            <button type="submit" className="button primary" disabled={busy !== undefined}>Save connection</button>
          </div>
        ) : null}
      </form>

      <section className="card wa-section" aria-labelledby="wa-check-title">
        <h2 id="wa-check-title">Check connection</h2>
        <p className="muted small">Calls Graph as this connection: the token, the WABA, the phone number and the registered key.</p>
        {manage ? <button type="button" className="button" disabled={busy !== undefined || view?.configured !== true} onClick={check}>{busy === 'check' ? 'Checking…' : 'Check connection'}</button> : null}
        {checks === undefined ? null : (
          <ul className="wa-list" aria-label="Connection checks">
            {checks.checks.map((c) => (
              <li key={c.name} className={`wa-item${c.ok ? '' : ' wa-item-error'}`}>
                <span className={`badge ${c.ok ? 'badge-published' : 'badge-error'}`}>{c.ok ? 'works' : 'problem'}</span>
                <strong>{checkLabel(c.name)}</strong>
                <span>{c.message}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card wa-section" aria-labelledby="wa-key-title">
        <h2 id="wa-key-title">Endpoint key</h2>
        <p className="muted small">
          WhatsApp encrypts each data-endpoint request with the public key registered for the phone number. Register this server's key
          (<code>POST /{'{phone-number-id}'}/whatsapp_business_encryption</code>); register it again after re-registering the number on Meta.
        </p>
        <p aria-live="polite">
          Signature status on Meta: <StatusBadge status={signatureStatus} />
          {key === undefined ? null : <> · {key.matches ? 'this server\'s key' : <strong>not this server's key: register it</strong>}</>}
        </p>
        {signatureStatus === 'MISMATCH' ? (
          <Notice tone="error">
            Meta's signature of the registered key does not match (this happens after the phone number is registered again on Meta).
            WhatsApp cannot encrypt requests to the data endpoint with it: register the endpoint key again.
          </Notice>
        ) : null}
        <div className="page-actions">
          {manage ? <button type="button" className="button primary" disabled={busy !== undefined || view?.configured !== true} onClick={() => keyAction(true)}>Register endpoint key</button> : null}
          <button type="button" className="button" disabled={busy !== undefined || view?.configured !== true} onClick={() => keyAction(false)}>Read key status</button>
        </div>
        <h3 id="wa-rotation-title">Key rotation</h3>
        <p className="muted small">
          Rotating makes a new key pair, registers it with Meta and makes it current; the previous key keeps decrypting requests
          WhatsApp encrypted before it fetched the new one for {ring?.graceHours ?? 24} hours (<code>FLOWLINE_KEY_ROTATION_GRACE_HOURS</code>).
          If Meta refuses the new key, nothing changes.
        </p>
        {ring === undefined ? null : (
          <ul className="wa-list" aria-label="Endpoint keys" aria-live="polite">
            <li className="wa-item"><span className="badge badge-published">current</span> <code>{ring.current ?? '—'}</code></li>
            {ring.staged === undefined ? null : <li className="wa-item"><span className="badge">rotating</span> <code>{ring.staged}</code></li>}
            {ring.previous.map((p) => (
              <li key={p.fingerprint} className="wa-item"><span className="badge">previous</span> <code>{p.fingerprint}</code> decrypts until {new Date(p.retiresAt).toLocaleString()}</li>
            ))}
          </ul>
        )}
        {manage ? (
          <div className="page-actions">
            <button type="button" className="button" disabled={busy !== undefined || view?.configured !== true} onClick={() => rotateDialog.current?.showModal()}>{busy === 'rotate' ? 'Rotating…' : 'Rotate endpoint key'}</button>
          </div>
        ) : null}
        <dialog ref={rotateDialog} className="card confirm-dialog" aria-labelledby="wa-rotate-title" aria-describedby="wa-rotate-what" onClose={(e) => {
          if (e.currentTarget.returnValue === 'yes') rotate();
        }}>
          <form method="dialog">
            <h2 id="wa-rotate-title">Rotate the endpoint key?</h2>
            <p id="wa-rotate-what">
              A new key pair is made on this server and its public key is registered with the phone number on Meta. The current key
              keeps decrypting for {ring?.graceHours ?? 24} hours, then it is deleted.
            </p>
            <div className="page-actions">
              <button type="submit" value="cancel" className="button" autoFocus>Cancel</button>
              <button type="submit" value="yes" className="button primary">Rotate endpoint key</button>
            </div>
          </form>
        </dialog>
      </section>
    </Page>
  );
}

function ConnectionSummary({ view }: { view: ConnectionView | undefined }) {
  if (view === undefined || !view.configured) return <Notice tone="info">WhatsApp is not connected: fill in the connection below.</Notice>;
  return (
    <p>
      Connected to WABA <code>{view.wabaId ?? '—'}</code>, phone number id <code>{view.phoneNumberId ?? '—'}</code> through <code>{view.graphBaseUrl ?? ''}</code> ({view.graphApiVersion ?? ''})
      {view.source === 'environment' ? ' — from the environment variables; saving here overrides them.' : '.'}
    </p>
  );
}
