import type { FlowStatusBody, PublishFlowBody, RollbackBody } from '@flowline/api-contract';
import { useEffect, useRef, useState } from 'react';
import { isJsonObject } from '@flowline/core';
import type { ApiResult } from '../api-client.js';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import { Link } from '../router.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../ui/index.js';
import type { PageProps } from '../routes.js';
import { DiffView, toDiffLines, toDiffSummary } from './diff-view.js';
import { ScenariosPanel } from './scenarios-panel.js';
import { downloadApiFile, downloadText, prettyFlowJson, toFlowSummary, toFlowVersion, toList } from './flow-api.js';
import { FlowWhatsAppPanel } from '../whatsapp/flow-whatsapp-panel.js';
import { stateLabel } from '../governance/review-api.js';


/** A Flow: status and publishing, versions, its scenario tests, a diff between two versions, export. */
export default function FlowDetailPage({ params }: PageProps) {
  const id = params['id'] ?? '';
  const base = `/flows/${encodeURIComponent(id)}`;
  const { me, client } = useSession();
  const flow = useApi<unknown>(base);
  const versions = useApi<unknown>(`${base}/versions?limit=100`);
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [to, setTo] = useState<number | undefined>(undefined);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const list = versions.state.kind === 'ok' ? toList(versions.state.data, toFlowVersion).sort((a, b) => b.version - a.version) : [];
  useEffect(() => {
    if (list.length >= 2 && from === undefined && to === undefined) {
      setTo(list[0]?.version);
      setFrom(list[1]?.version);
    }
  }, [list, from, to]);
  const diffPath = from !== undefined && to !== undefined && from !== to ? `${base}/diff?from=${from}&to=${to}` : undefined;
  const diff = useApi<unknown>(diffPath);

  const publishDialog = useRef<HTMLDialogElement>(null);
  const governance = useApi<unknown>('/governance');
  // With review required (the default) only an approved version can be published: the newest one; else the newest version.
  const reviewRequired = governance.state.kind !== 'ok' || !isJsonObject(governance.state.data) || governance.state.data['reviewRequired'] !== false;
  const latest = (reviewRequired ? list.find((v) => v.reviewState === 'approved' || v.reviewState === 'published') : list[0])?.version;
  const publishedNow = list.find((v) => v.published)?.version;
  const rollback = async () => {
    const result = await client.post<unknown>(`${base}/rollback`, {} satisfies RollbackBody);
    const back = result.ok && isJsonObject(result.data) ? result.data['version'] : undefined;
    const meta = result.ok && isJsonObject(result.data) && isJsonObject(result.data['meta']) ? result.data['meta'] : undefined;
    if (!result.ok) setMessage({ tone: 'error', text: result.message });
    // The Meta side is reported, not undone: Flowline's rollback stands even when Meta refused (docs/governance.md).
    else if (meta === undefined) setMessage({ tone: 'success', text: `Rolled back to v${String(back)}.` });
    else if (meta['ok'] === true) setMessage({ tone: 'success', text: `Rolled back to v${String(back)}, on WhatsApp too (Meta Flow ${String(meta['graphFlowId'])}).` });
    else setMessage({ tone: 'error', text: `Rolled back to v${String(back)} in Flowline, but not on WhatsApp: the ${String(meta['step'])} step failed (${String(meta['message'])}). Push and publish it from the WhatsApp panel.` });
    flow.reload();
    versions.reload();
  };
  const changeStatus = async (action: 'publish' | 'deprecate') => {
    let result: ApiResult<unknown>;
    if (action === 'deprecate') result = await client.post<unknown>(`${base}/status`, { status: 'deprecated' } satisfies FlowStatusBody);
    else if (latest === undefined) return setMessage({ tone: 'error', text: reviewRequired ? 'No version is approved yet: submit one for review.' : 'There is no version to publish.' });
    else result = await client.post<unknown>(`${base}/publish`, { version: latest } satisfies PublishFlowBody);
    setMessage(result.ok ? { tone: 'success', text: action === 'publish' ? `Published v${latest ?? ''}.` : 'Deprecated.' } : { tone: 'error', text: result.message });
    // Both the Flow's status and the versions table (which one is published) change.
    flow.reload();
    versions.reload();
  };
  const askToPublish = () => {
    if (latest === undefined) return setMessage({ tone: 'error', text: 'There is no version to publish.' });
    const dialog = publishDialog.current;
    if (dialog === null) return;
    // Escape closes the dialog without a new return value: start from none, so only "Publish" publishes.
    dialog.returnValue = '';
    dialog.showModal();
  };
  const exportLatest = async () => {
    const result = await client.get<unknown>(`${base}/export`);
    if (!result.ok) return setMessage({ tone: 'error', text: result.message });
    const text = typeof result.data === 'string' ? result.data : JSON.stringify(result.data, null, 2);
    downloadText(`${id}.flow.json`, prettyFlowJson(text));
  };

  const exportAnswers = async (format: 'csv' | 'jsonl') => {
    const result = await downloadApiFile(client, `${base}/submissions/export?format=${format}`, `${id}.submissions.${format}`);
    if (!result.ok) setMessage({ tone: 'error', text: result.message });
  };

  const summary = flow.state.kind === 'ok' ? toFlowSummary(flow.state.data) : undefined;
  return (
    <Page
      title={summary?.name ?? 'Flow'}
      actions={
        <>
          <Link to={`${base}/edit`} className="button primary">Open editor</Link>
          <button type="button" className="button" onClick={() => void exportLatest()}>Export JSON</button>
          {can(me, 'submissions:read') ? <button type="button" className="button" onClick={() => void exportAnswers('csv')} title="Every answer to this Flow, one column per field">Answers (CSV)</button> : null}
          {can(me, 'submissions:read') ? <button type="button" className="button" onClick={() => void exportAnswers('jsonl')}>Answers (JSON Lines)</button> : null}
          {can(me, 'flows:publish') ? <button type="button" className="button" onClick={askToPublish} disabled={latest === undefined} title={latest === undefined ? (reviewRequired ? 'No version is approved yet' : 'Save a version first (or wait for the versions to load)') : undefined}>Publish</button> : null}
          {can(me, 'flows:publish') ? <button type="button" className="button" onClick={() => void rollback()} disabled={publishedNow === undefined} title="Re-publish the previous approved version">Roll back</button> : null}
          {can(me, 'flows:publish') ? <button type="button" className="button danger" onClick={() => void changeStatus('deprecate')}>Deprecate</button> : null}
        </>
      }
    >
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <dialog ref={publishDialog} className="card confirm-dialog" aria-labelledby="publish-title" aria-describedby="publish-what" onClose={(e) => {
        if (e.currentTarget.returnValue === 'publish') void changeStatus('publish');
      }}>
        <form method="dialog">
          <h2 id="publish-title">Publish version {latest ?? ''}?</h2>
          <div id="publish-what">
            <p>Version {latest ?? ''} of <strong>{summary?.name ?? id}</strong> becomes the published version: from now on the data endpoint serves it and new sends of this Flow open it.</p>
            <p>{publishedNow === undefined ? 'No version of this Flow is published yet.' : publishedNow === latest ? `Version ${publishedNow} is already the published version; publishing it again changes nothing for customers.` : `Version ${publishedNow}, published until now, is no longer served to new customers.`} To go back, use Roll back.</p>
          </div>
          <div className="page-actions">
            <button type="submit" value="cancel" className="button" autoFocus>Cancel</button>
            <button type="submit" value="publish" className="button primary">Publish v{latest ?? ''}</button>
          </div>
        </form>
      </dialog>
      <LoadableView state={flow.state}>
        {() => (
          <p>
            Status <StatusBadge status={summary?.status ?? 'unknown'} /> · id <code>{id}</code>
            {summary?.latestVersion === undefined ? null : <> · latest <strong>v{summary.latestVersion}</strong></>}
          </p>
        )}
      </LoadableView>
      <h2>Versions</h2>
      <LoadableView state={versions.state}>
        {() => (
          <table className="data">
            <thead><tr><th scope="col">Version</th><th scope="col">Created</th><th scope="col">By</th><th scope="col">Review</th><th scope="col">Published</th></tr></thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.version}>
                  <td>v{v.version}</td>
                  <td>{v.createdAt === undefined ? '—' : new Date(v.createdAt).toLocaleString()}</td>
                  <td>{v.createdBy ?? '—'}</td>
                  <td><Link to={`${base}/versions/${v.version}/review`}><span className="sr-only">Review of v{v.version}: </span>{stateLabel(v.reviewState)}</Link></td>
                  <td>{v.published ? <StatusBadge status="published" /> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadableView>
      <ScenariosPanel flowId={id} />
      {can(me, 'whatsapp:read') ? <FlowWhatsAppPanel flowId={id} onChange={flow.reload} /> : null}
      <h2>Compare versions</h2>
      {list.length < 2 ? <p className="muted">Save a second version in the editor to compare.</p> : (
        <>
          <div className="form-row" style={{ maxWidth: 420 }}>
            <div>
              <label htmlFor="diff-from">From</label>
              <select id="diff-from" value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
                {list.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
              </select>
            </div>
            <div>
              <label htmlFor="diff-to">To</label>
              <select id="diff-to" value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
                {list.map((v) => <option key={v.version} value={v.version}>v{v.version}</option>)}
              </select>
            </div>
          </div>
          {diffPath === undefined ? <p className="muted">Choose two different versions.</p> : (
            <LoadableView state={diff.state}>
              {(body) => (
                <>
                  <ul>{toDiffSummary(body).map((s) => <li key={s}>{s}</li>)}</ul>
                  <DiffView lines={toDiffLines(body)} />
                </>
              )}
            </LoadableView>
          )}
        </>
      )}
    </Page>
  );
}
