import type { ReactNode } from 'react';
import type { Loadable } from './use-api.js';
import { Notice } from './notice.js';

/** Shows a spinner line, the API's problem, or the loaded content. */
export function LoadableView<T>({ state, children }: { state: Loadable<T>; children: (data: T) => ReactNode }) {
  if (state.kind === 'loading') return <p className="muted" role="status">Loading…</p>;
  if (state.kind === 'error') return <Notice tone="error">{state.message} {state.status === 0 ? '' : `(HTTP ${state.status})`}</Notice>;
  return <>{children(state.data)}</>;
}
