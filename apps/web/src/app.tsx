import { Suspense, useEffect, useState } from 'react';
import { SessionContext } from './auth/session-context.js';
import { can, signIn, signOut, storedToken, type Session } from './auth/session.js';
import { SignInPage } from './auth/sign-in-page.js';
import { navSectionOf } from './nav-section.js';
import { Link, matchPath, RouterProvider, useRouter } from './router.js';
import { routes, type StudioRoute } from './routes.js';
import { Notice } from './ui/notice.js';

/** The studio: sign-in gate, navigation and the page of the current route. */
export function App() {
  return (
    <RouterProvider>
      <SessionGate />
    </RouterProvider>
  );
}

function SessionGate() {
  const [session, setSession] = useState<Session | undefined>(undefined);
  const [restoring, setRestoring] = useState(() => storedToken() !== undefined);
  const [restoreError, setRestoreError] = useState<string | undefined>(undefined);
  useEffect(() => {
    const token = storedToken();
    if (token === undefined) return;
    void signIn(token).then((result) => {
      if (result.ok) setSession(result.data);
      else {
        signOut();
        setRestoreError('Your session ended; sign in again.');
      }
      setRestoring(false);
    });
  }, []);
  if (restoring) return <p className="muted center" role="status">Loading…</p>;
  if (session === undefined) return <SignInPage onSignedIn={setSession} {...(restoreError === undefined ? {} : { initialError: restoreError })} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell session={session} onSignOut={() => { signOut(); setSession(undefined); }} />
    </SessionContext.Provider>
  );
}

/** Finds the route for a path (most specific first: literal segments win over parameters). */
export function findRoute(path: string, list: readonly StudioRoute[]): { route: StudioRoute; params: Record<string, string> } | undefined {
  const literal = list.filter((r) => !r.path.includes(':'));
  for (const route of [...literal, ...list.filter((r) => r.path.includes(':'))]) {
    const params = matchPath(route.path, path);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const router = useRouter();
  const found = findRoute(router.path, routes);
  const allowed = found !== undefined && (found.route.ability === undefined || can(session.me, found.route.ability));
  const Page = found?.route.page;
  const section = found === undefined ? undefined : navSectionOf(found.route, routes);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand"><span className="brand-mark" aria-hidden="true">◆</span> Flowline Studio</Link>
        <div className="topbar-right">
          <span className="who" aria-label="Signed in as">
            <span className="badge badge-role">{session.me.role}</span> {session.me.workspace}
          </span>
          <button type="button" className="button ghost" onClick={onSignOut}>Sign out</button>
        </div>
      </header>
      <nav className="sidenav" aria-label="Main">
        <ul>
          {routes.filter((r) => r.nav === true && (r.ability === undefined || can(session.me, r.ability))).map((r) => (
            <li key={r.path}>
              <Link to={r.path} ariaCurrent={section === r.path}>{r.title}</Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {found === undefined || Page === undefined ? (
          <Notice tone="error">No page at {router.path}. <Link to="/">Back to the Flows</Link></Notice>
        ) : !allowed ? (
          <Notice tone="error">Your role ({session.me.role}) may not open this page.</Notice>
        ) : (
          <Suspense fallback={<p className="muted" role="status">Loading…</p>}>
            <Page key={router.path} params={found.params} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
