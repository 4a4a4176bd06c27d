import { useState, type FormEvent } from 'react';
import { signIn, type Session } from './session.js';
import { Notice } from '../ui/notice.js';

/** Paste an API token to sign in; the token is kept in this tab's sessionStorage only. */
export function SignInPage({ onSignedIn, initialError }: { onSignedIn: (session: Session) => void; initialError?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>(initialError);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (token.trim() === '') {
      setError('Paste an API token first.');
      return;
    }
    setBusy(true);
    const result = await signIn(token);
    setBusy(false);
    if (result.ok) onSignedIn(result.data);
    else setError(result.status === 401 ? 'This token is not valid (unknown or revoked).' : result.message);
  };
  return (
    <main className="sign-in" id="main">
      <form className="card sign-in-card" onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <div className="brand brand-large" aria-hidden="true"><span className="brand-mark">◆</span> Flowline</div>
        <h1 id="sign-in-title">Sign in to the studio</h1>
        <p className="muted">Use an API token of your workspace (an admin creates them; <code>FLOWLINE_ADMIN_TOKEN</code> sets one at start).</p>
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} autoFocus />
        {error === undefined ? null : <Notice tone="error">{error}</Notice>}
        <button type="submit" className="button primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
