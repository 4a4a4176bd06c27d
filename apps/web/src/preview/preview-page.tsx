import { useMemo, useState } from 'react';
import { Page, useApi } from '../ui/index.js';
import { toFlowSummary, toList } from '../flows/flow-api.js';
import { PreviewPanel } from './preview-panel.js';
import { useFlowEndpoint } from './use-flow-endpoint.js';
import { useLatestVersion } from './use-latest-version.js';

/** Try any Flow of the workspace, or pasted Flow JSON, on the phone. */
export default function PreviewPage() {
  const flows = useApi<unknown>('/flows?limit=100');
  const [flowId, setFlowId] = useState('');
  const [pasted, setPasted] = useState('');
  const latest = useLatestVersion(flowId);
  const live = useFlowEndpoint(flowId === '' ? undefined : flowId);
  const list = flows.state.kind === 'ok' ? toList(flows.state.data, toFlowSummary) : [];
  const text = flowId !== '' ? (latest.kind === 'ok' ? latest.data.flowJson ?? '' : '') : pasted;
  const parsed = useMemo(() => {
    try {
      return text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      return undefined;
    }
  }, [text]);
  return (
    <Page title="Preview" wide>
      <div className="preview-layout">
        <div className="card preview-source">
          <label htmlFor="preview-flow">Flow</label>
          <select id="preview-flow" value={flowId} onChange={(e) => setFlowId(e.target.value)}>
            <option value="">Pasted Flow JSON</option>
            {list.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
          </select>
          {flowId === '' ? (
            <>
              <label htmlFor="preview-json">Flow JSON</label>
              <textarea id="preview-json" rows={18} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} />
            </>
          ) : latest.kind === 'error' ? <p className="notice notice-error" role="alert">{latest.message}</p> : null}
          {text.trim() !== '' && parsed === undefined ? <p className="notice notice-error" role="alert">This is not valid JSON.</p> : null}
        </div>
        {parsed === undefined ? <p className="muted">Choose a Flow or paste Flow JSON to try it.</p> : !live.ready ? <p className="muted" role="status">Loading…</p> : <PreviewPanel key={flowId} flow={parsed} endpoint={live.endpoint} {...(live.start === undefined ? {} : { start: live.start })} />}
      </div>
    </Page>
  );
}
