import type { UpgradeFlowBody } from '@flowline/api-contract';
import { useEffect, useState } from 'react';
import type { ApiClient } from '../api-client.js';
import { DiffView, toDiffLines } from '../flows/diff-view.js';
import { Notice } from '../ui/index.js';
import { toUpgradeReport, type UpgradeReport } from './upgrade-report.js';

/** What the panel hands back to the editor: a saved version, or the upgraded text to keep editing. */
export type UpgradeOutcome = { readonly kind: 'saved'; readonly version: number; readonly text: string } | { readonly kind: 'edit'; readonly text: string };

const LABELS: Readonly<Record<UpgradeReport['lines'][number]['kind'], string>> = { manual: 'manual work', notice: 'notice', change: 'changed' };

/**
 * The "Upgrade Flow JSON" action: previews the upgrade of the editor's text (the server runs the core's
 * upgradeFlow), shows the report and the diff, and saves it as a new version when no manual work remains.
 */
export function UpgradePanel({ client, flowId, text, to, onDone, onClose }: { client: ApiClient; flowId: string; text: string; to: NonNullable<UpgradeFlowBody['to']>; onDone: (outcome: UpgradeOutcome) => void; onClose: () => void }) {
  const [report, setReport] = useState<UpgradeReport | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const path = `/flows/${encodeURIComponent(flowId)}/upgrade`;

  useEffect(() => {
    let live = true;
    void client.post<unknown>(path, { flowJson: text, to } satisfies UpgradeFlowBody).then((answer) => {
      if (!live) return;
      if (!answer.ok) return setError(answer.message);
      const read = toUpgradeReport(answer.data);
      if (read === undefined) setError('The server sent no upgrade report.');
      else setReport(read);
    });
    return () => { live = false; };
  }, [client, path, text, to]);

  const save = async () => {
    setSaving(true);
    const answer = await client.post<unknown>(path, { flowJson: text, to, save: true } satisfies UpgradeFlowBody);
    setSaving(false);
    if (!answer.ok) return setError(answer.message);
    const saved = toUpgradeReport(answer.data);
    if (saved?.savedVersion === undefined || saved.flowJson === undefined) return setError('The server did not say which version it saved.');
    onDone({ kind: 'saved', version: saved.savedVersion, text: saved.flowJson });
  };

  const manual = report?.lines.filter((l) => l.kind === 'manual').length ?? 0;
  return (
    <section className="card upgrade-panel" aria-labelledby="upgrade-title">
      <h2 id="upgrade-title">Upgrade Flow JSON{report === undefined ? '' : ` ${report.from} → ${report.to}`}</h2>
      {error === undefined ? null : <Notice tone="error">{error}</Notice>}
      {report === undefined ? (error === undefined ? <p className="muted" role="status">Upgrading…</p> : null) : (
        <>
          <p role="status">
            {report.lines.filter((l) => l.kind === 'change').length} change(s), {report.lines.filter((l) => l.kind === 'notice').length} notice(s), {manual} need manual work;{' '}
            {report.valid ? `valid at ${report.to}.` : `${report.errorCount} validation error(s) at ${report.to}.`}
          </p>
          {report.ok ? null : <Notice tone="info">Needs manual work before it can be saved: open it in the editor, fix the places marked “manual work”, then save a version.</Notice>}
          <ul className="upgrade-lines" aria-label="Upgrade report">
            {report.lines.map((l, i) => (
              <li key={`${l.kind}-${l.pointer}-${i}`} className={`upgrade-line upgrade-${l.kind}`}>
                <span className={`badge ${l.kind === 'manual' ? 'badge-error' : l.kind === 'notice' ? 'badge-warning' : 'badge-published'}`}>{LABELS[l.kind]}</span>{' '}
                <code>{l.code}</code> <span className="muted">{l.pointer || '/'} · {l.step}</span>
                <div>{l.message}</div>
              </li>
            ))}
          </ul>
          <h3>Diff</h3>
          <DiffView lines={toDiffLines(report.diff)} />
          <div className="upgrade-actions">
            <button type="button" className="button primary" disabled={!report.ok || saving} onClick={() => void save()}>Save as new version</button>
            {report.flowJson === undefined ? null : <button type="button" className="button" onClick={() => onDone({ kind: 'edit', text: report.flowJson ?? text })}>Open in editor</button>}
            <button type="button" className="button" onClick={onClose}>Close</button>
          </div>
        </>
      )}
    </section>
  );
}
