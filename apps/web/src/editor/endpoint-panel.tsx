import type { CheckEndpointConfigBody } from '@flowline/api-contract';
import { useEffect, useMemo, useState } from 'react';
import { Notice } from '../ui/index.js';
import type { ApiClient } from '../api-client.js';
import { parseEndpointText, toEndpointCheck, type EndpointCheck, type EndpointDraft } from './endpoint-draft.js';

const CHECK_DELAY_MS = 400;

/**
 * The editor's Endpoint panel: the declarative endpoint configuration (docs/endpoint.md) of the version
 * being edited, editable as JSON and checked by the server against the Flow JSON in the editor — why the
 * Flow needs an endpoint, whether it could be published, and each mismatch with its screens and data
 * models. Untouched, the next saved version keeps the saved configuration.
 */
export function EndpointPanel({ client, flowId, version, flowJson, canEdit, onDraft }: {
  client: ApiClient;
  flowId: string;
  version: number | undefined;
  flowJson: string;
  canEdit: boolean;
  onDraft: (draft: EndpointDraft) => void;
}) {
  const [text, setText] = useState<string | undefined>(undefined);
  const [edited, setEdited] = useState(false);
  const [loadError, setLoadError] = useState<string | undefined>(undefined);
  const [check, setCheck] = useState<EndpointCheck | undefined>(undefined);
  const [checkError, setCheckError] = useState<string | undefined>(undefined);

  useEffect(() => {
    if (version === undefined || edited) return;
    void client.get<unknown>(`/flows/${encodeURIComponent(flowId)}/versions/${version}/endpoint-config`).then((loaded) => {
      if (!loaded.ok) return setLoadError(loaded.message);
      const config = (loaded.data as { endpointConfig?: unknown }).endpointConfig;
      setText(config === null || config === undefined ? '' : `${JSON.stringify(config, null, 2)}\n`);
    });
  }, [client, flowId, version, edited]);

  const parsed = useMemo(() => (text === undefined ? undefined : parseEndpointText(text)), [text]);
  useEffect(() => {
    if (parsed === undefined || !parsed.ok) return;
    const endpointConfig = parsed.draft.kind === 'config' ? parsed.draft.config : null;
    const timer = setTimeout(() => {
      void client.post<unknown>(`/flows/${encodeURIComponent(flowId)}/endpoint-config/check`, { endpointConfig, flowJson } satisfies CheckEndpointConfigBody).then((answer) => {
        if (!answer.ok) return setCheckError(answer.message);
        setCheckError(undefined);
        setCheck(toEndpointCheck(answer.data));
      });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [client, flowId, parsed, flowJson]);

  const change = (next: string) => {
    setText(next);
    setEdited(true);
    const read = parseEndpointText(next);
    if (read.ok) onDraft(read.draft);
  };

  if (loadError !== undefined) return <Notice tone="error">{loadError}</Notice>;
  if (text === undefined) return <p className="muted" role="status">Loading…</p>;
  const errors = check?.problems.filter((p) => p.severity === 'error') ?? [];
  return (
    <div className="endpoint-panel">
      <p className="muted small">
        The data endpoint's answers, per action and screen (see docs/endpoint.md). {edited ? 'Saved with the next version.' : 'Unchanged, the next version keeps it.'} Empty means no endpoint.
      </p>
      {check === undefined ? null : (
        <p aria-live="polite">
          {check.publishable ? <span className="badge badge-published">publishable</span> : <span className="badge badge-error">not publishable</span>}{' '}
          <span className="muted small">{check.need === null ? 'This Flow does not need an endpoint.' : `Needs an endpoint: ${check.need}.`}</span>
        </p>
      )}
      {check !== undefined && check.need !== null && !check.hasEndpointConfig ? (
        <Notice tone="error">This Flow needs a data endpoint and has no configuration: publishing is refused until it has one.</Notice>
      ) : null}
      <label htmlFor="endpoint-config">Endpoint configuration (JSON)</label>
      <textarea
        id="endpoint-config"
        className="endpoint-config"
        spellCheck={false}
        wrap="off"
        value={text}
        readOnly={!canEdit}
        aria-invalid={parsed !== undefined && !parsed.ok}
        aria-describedby="endpoint-problems"
        onChange={(event) => change(event.target.value)}
      />
      <div id="endpoint-problems">
        {parsed !== undefined && !parsed.ok ? <Notice tone="error">{parsed.message}</Notice> : null}
        {checkError === undefined ? null : <Notice tone="error">{checkError}</Notice>}
        {check === undefined || check.problems.length === 0 ? (check === undefined ? null : <p className="muted">The configuration fits the Flow's screens and data models.</p>) : (
          <ul className="problems" aria-label={`${errors.length} endpoint error(s)`}>
            {check.problems.map((p, i) => (
              <li key={`${p.code}-${p.pointer}-${i}`} className={`problem problem-${p.severity}`}>
                <span className={`badge badge-${p.severity}`}>{p.severity}</span>
                <code className="problem-where">{p.pointer || '/'}</code>
                <span><code>{p.code}</code> {p.message}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
