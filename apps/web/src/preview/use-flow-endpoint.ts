import { useMemo } from 'react';
import type { StartOptions } from '@flowline/core';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { createPreviewEndpoint, previewStartFor } from './create-preview-endpoint.js';
import { useLatestVersion } from './use-latest-version.js';
import type { PreviewEndpoint } from './use-preview-session.js';

/** A stored Flow's endpoint as the preview uses it; `ready` once the version's configuration is known. */
export interface FlowEndpoint {
  readonly ready: boolean;
  readonly endpoint: PreviewEndpoint | undefined;
  readonly start: StartOptions | undefined;
}

const NONE: FlowEndpoint = { ready: true, endpoint: undefined, start: undefined };

/**
 * Connects the preview of a stored Flow to the server's data endpoint when its latest version has an
 * endpoint configuration and the role may use the endpoint preview (`preview:use`); otherwise the
 * preview answers endpoint requests by hand.
 */
export function useFlowEndpoint(flowId: string | undefined): FlowEndpoint {
  const { me, client } = useSession();
  const allowed = flowId !== undefined && flowId !== '' && can(me, 'preview:use');
  const latest = useLatestVersion(allowed ? flowId : undefined);
  const flowToken = useMemo(() => `preview.${Math.random().toString(36).slice(2, 12)}`, []);
  return useMemo((): FlowEndpoint => {
    if (!allowed) return NONE;
    if (latest.kind === 'loading') return { ready: false, endpoint: undefined, start: undefined };
    if (latest.kind === 'error') return NONE;
    const { dynamic, start } = previewStartFor(latest.data.endpointConfig, flowToken);
    return dynamic ? { ready: true, endpoint: createPreviewEndpoint(client, flowId), start } : NONE;
  }, [allowed, latest, client, flowId, flowToken]);
}
