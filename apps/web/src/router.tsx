import { createContext, useContext, useEffect, useState, type ReactNode, type MouseEvent } from 'react';

/** The current location and a way to move (History API; the server falls back to index.html). */
export interface RouterValue {
  readonly path: string;
  readonly query: URLSearchParams;
  navigate(to: string, options?: { replace?: boolean }): void;
}

const RouterContext = createContext<RouterValue | undefined>(undefined);

/** Provides the location to the app and re-renders on navigation and the browser's back/forward. */
export function RouterProvider({ children }: { children: ReactNode }) {
  const [location, setLocation] = useState(() => window.location.pathname + window.location.search);
  useEffect(() => {
    const onPop = () => setLocation(window.location.pathname + window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const url = new URL(location, window.location.origin);
  const value: RouterValue = {
    path: url.pathname,
    query: url.searchParams,
    navigate(to, options) {
      if (options?.replace === true) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      setLocation(window.location.pathname + window.location.search);
      window.scrollTo(0, 0);
    },
  };
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

/** The router of the app (throws outside `RouterProvider`: a programming error). */
export function useRouter(): RouterValue {
  const value = useContext(RouterContext);
  if (value === undefined) throw new Error('useRouter outside RouterProvider');
  return value;
}

/** Matches `/flows/:id` against a path; returns the parameters or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const h = have[i] ?? '';
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(h);
    else if (w !== h) return undefined;
  }
  return params;
}

/** An in-app link: a real `<a href>` (keyboard and middle-click work) that navigates without reload. */
export function Link({ to, children, className, ariaCurrent }: { to: string; children: ReactNode; className?: string; ariaCurrent?: boolean }) {
  const router = useRouter();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    router.navigate(to);
  };
  return (
    <a href={to} onClick={onClick} className={className} aria-current={ariaCurrent === true ? 'page' : undefined}>
      {children}
    </a>
  );
}
