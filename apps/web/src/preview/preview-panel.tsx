import { useState } from 'react';
import type { StartOptions } from '@flowline/core';
import { PhonePreview, type PhoneTheme } from './phone-preview.js';
import { usePreviewSession, type PreviewEndpoint } from './use-preview-session.js';

/** The phone with its controls: theme, restart, the log of requests and the payload sent, manual endpoint answers. */
export function PreviewPanel({ flow, start, endpoint }: { flow: unknown; start?: StartOptions; endpoint?: PreviewEndpoint | undefined }) {
  const [theme, setTheme] = useState<PhoneTheme>('light');
  const session = usePreviewSession(flow, { ...(start === undefined ? {} : { start }), endpoint });
  const [answer, setAnswer] = useState('{\n  "screen": "",\n  "data": {}\n}');
  const status = session.state?.status;
  const overlay = status?.kind === 'completed' ? (
    <div className="wa-done" role="status">
      <p className="wa-subheading">Flow completed ✓</p>
      <ul className="wa-summary">
        {status.summary.map((s) => <li key={`${s.screen}.${s.name}`}><span className="wa-caption">{s.label}</span> {s.value}</li>)}
      </ul>
      <button type="button" className="wa-footer-button" onClick={session.restart}>Start again</button>
    </div>
  ) : status?.kind === 'closed' ? (
    <div role="alert"><p>The Flow was closed: {status.error.message}</p><button type="button" className="wa-footer-button" onClick={session.restart}>Start again</button></div>
  ) : status?.kind === 'waiting' && session.pending === undefined ? <p role="status">Waiting for the endpoint…</p> : undefined;
  const completed = [...session.log].reverse().find((l) => l.kind === 'completed');
  return (
    <div className="preview-panel">
      <div className="preview-toolbar" role="toolbar" aria-label="Preview controls">
        <button type="button" className="button small" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>
          {theme === 'light' ? 'Dark theme' : 'Light theme'}
        </button>
        <button type="button" className="button small" onClick={session.restart}>Restart</button>
        <span className="muted small">{session.state === undefined ? '' : `Screen ${session.screen?.id ?? '—'}`}</span>
      </div>
      {session.problem === undefined ? null : <p className="notice notice-error" role="alert">{session.problem}</p>}
      <PhonePreview screen={session.screen} theme={theme} onEvent={session.dispatch} overlay={overlay} />
      {session.pending === undefined ? null : (
        <div className="card pending">
          <p><strong>{session.pending.action}</strong> request from <code>{session.pending.screen === '' ? 'the start' : session.pending.screen}</code> — {session.fallback === undefined ? 'no endpoint is connected' : `no endpoint answered (${session.fallback})`}; answer it by hand.</p>
          <pre className="payload">{JSON.stringify(session.pending.data, null, 2)}</pre>
          <label htmlFor="manual-response">Endpoint response (decrypted JSON)</label>
          <textarea id="manual-response" value={answer} onChange={(e) => setAnswer(e.target.value)} rows={6} spellCheck={false} />
          <button type="button" className="button small" onClick={() => { try { session.respond(JSON.parse(answer)); } catch { /* keep waiting: the text is not JSON */ } }}>Send response</button>
        </div>
      )}
      {completed === undefined ? null : (
        <section aria-label="Payload sent">
          <h2>Payload sent to the business</h2>
          <pre className="payload" data-testid="payload">{JSON.stringify(completed.detail, null, 2)}</pre>
        </section>
      )}
      <details className="preview-log">
        <summary>Event log ({session.log.length})</summary>
        <ol>{session.log.map((l, i) => <li key={i} className={`log-${l.kind}`}>{l.text}</li>)}</ol>
      </details>
    </div>
  );
}
