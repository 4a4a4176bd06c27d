import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult } from '../api-client.js';
import { useSession } from '../auth/session-context.js';

/** The state of a GET: loading, loaded data, or a problem to show. */
export type Loadable<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ok'; readonly data: T }
  | { readonly kind: 'error'; readonly status: number; readonly message: string };

/**
 * Loads `GET /api/v1{path}` with the session's token; `reload()` fetches again and keeps showing the
 * loaded data meanwhile (panels and their messages stay mounted). Undefined path: nothing.
 */
export function useApi<T>(path: string | undefined): { state: Loadable<T>; reload: () => void } {
  const { client } = useSession();
  const [state, setState] = useState<Loadable<T>>({ kind: 'loading' });
  const [tick, setTick] = useState(0);
  const loadedPath = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    if (loadedPath.current !== path) setState({ kind: 'loading' });
    loadedPath.current = path;
    void client.get<T>(path).then((result: ApiResult<T>) => {
      if (!live) return;
      setState(result.ok ? { kind: 'ok', data: result.data } : { kind: 'error', status: result.status, message: result.message });
    });
    return () => {
      live = false;
    };
  }, [client, path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { state, reload };
}
