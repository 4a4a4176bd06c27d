import { useEffect, useState } from 'react';
import { isJsonObject } from '@flowline/core';
import { can } from '../auth/session.js';
import { useSession } from '../auth/session-context.js';
import type { PageProps } from '../routes.js';
import { LoadableView, Notice, Page, StatusBadge, useApi } from '../ui/index.js';
import { PROGRESS_STAGES, toCampaignSummary, toComparison, toPercent, toPoints, toProgress, type ComparisonView } from './campaign-views.js';
import './campaigns.css';

const LIVE_MS = 5000;

/** One campaign: its progress live (by arm, failures with Meta's reason) and the A/B comparison of its arms. */
export default function CampaignPage({ params }: PageProps) {
  const id = params['id'] ?? '';
  const { me, client } = useSession();
  const { state, reload } = useApi<unknown>(`/campaigns/${encodeURIComponent(id)}`);
  const comparison = useApi<unknown>(`/campaigns/${encodeURIComponent(id)}/comparison`);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | undefined>(undefined);
  const mayAct = can(me, 'sends:create');
  useEffect(() => {
    const timer = setInterval(() => {
      reload();
      comparison.reload();
    }, LIVE_MS);
    return () => clearInterval(timer);
  }, [reload, comparison.reload]);

  const act = async (move: 'pause' | 'resume' | 'cancel') => {
    const result = await client.post<unknown>(`/campaigns/${encodeURIComponent(id)}/${move}`);
    setMessage(result.ok ? { tone: 'success', text: `Campaign ${move === 'pause' ? 'paused' : move === 'resume' ? 'resumed' : 'cancelled'}.` } : { tone: 'error', text: result.message });
    reload();
  };

  return (
    <Page title="Campaign" wide actions={<button type="button" className="button" onClick={() => { reload(); comparison.reload(); }}>Refresh</button>}>
      {message === undefined ? null : <Notice tone={message.tone}>{message.text}</Notice>}
      <LoadableView state={state}>
        {(body) => {
          const record = isJsonObject(body) ? body : {};
          const campaign = toCampaignSummary(record['campaign']);
          if (campaign === undefined) return <p className="muted">This campaign cannot be read.</p>;
          const progress = toProgress(record['progress']);
          return (
            <>
              <h2 className="campaign-name">{campaign.name} <StatusBadge status={campaign.status} /></h2>
              {campaign.statusReason === undefined ? null : <Notice tone="error">{campaign.statusReason}</Notice>}
              {mayAct ? (
                <div className="campaign-actions">
                  {campaign.status === 'running' || campaign.status === 'scheduled' ? <button type="button" className="button" onClick={() => void act('pause')}>Pause</button> : null}
                  {['paused', 'template-paused', 'quality-limited', 'account-blocked', 'flow-not-sendable'].includes(campaign.status) ? <button type="button" className="button" onClick={() => void act('resume')}>Resume</button> : null}
                  {campaign.status !== 'cancelled' && campaign.status !== 'completed' ? <button type="button" className="button danger" onClick={() => void act('cancel')}>Cancel</button> : null}
                </div>
              ) : null}
              <table className="data campaign-progress" aria-label="Progress by arm">
                <thead><tr><th scope="col">Arm</th>{PROGRESS_STAGES.map((s) => <th key={s} scope="col">{s}</th>)}</tr></thead>
                <tbody>
                  {progress.arms.map((arm) => (
                    <tr key={arm.key} data-arm={arm.key}><th scope="row">{arm.label}</th>{PROGRESS_STAGES.map((s) => <td key={s} data-stage={s}>{arm.counts[s] ?? 0}</td>)}</tr>
                  ))}
                  <tr data-arm="total"><th scope="row">All</th>{PROGRESS_STAGES.map((s) => <td key={s} data-stage={s}>{progress.totals[s] ?? 0}</td>)}</tr>
                </tbody>
              </table>
              {progress.actionsByKind.length === 0 && (progress.totals['bookings'] ?? 0) === 0 ? null : (
                <section aria-label="Outcomes">
                  <h3>What the answers produced</h3>
                  <ul>
                    {progress.actionsByKind.map((a) => <li key={a.kind} data-action-kind={a.kind}>{a.count} × {a.kind}</li>)}
                    {(progress.totals['bookings'] ?? 0) === 0 ? null : <li data-action-kind="booking">{progress.totals['bookings']} × booking (in the Flow)</li>}
                  </ul>
                </section>
              )}
              {progress.failures.length === 0 ? null : (
                <section aria-label="Failures">
                  <h3>Failed, with Meta's reason</h3>
                  <ul>{progress.failures.map((f) => <li key={`${f.code ?? ''}-${f.reason}`}>{f.count} × {f.reason}</li>)}</ul>
                </section>
              )}
              {progress.exclusions.length === 0 ? null : (
                <section aria-label="Exclusions">
                  <h3>Skipped at send time</h3>
                  <ul>{progress.exclusions.map((e) => <li key={e.reason}>{e.count} × {e.reason}</li>)}</ul>
                </section>
              )}
            </>
          );
        }}
      </LoadableView>
      <section aria-label="A/B comparison" className="campaign-comparison">
        <h2>A/B comparison</h2>
        <LoadableView state={comparison.state}>{(body) => <Comparison view={toComparison(body)} />}</LoadableView>
      </section>
    </Page>
  );
}

function Comparison({ view }: { view: ComparisonView }) {
  const level = `${Math.round(view.confidence * 100)} %`;
  return (
    <>
      <p className={`campaign-verdict verdict-${view.verdict.kind}`} data-verdict={view.verdict.kind}>{view.verdict.text}</p>
      <p className="muted" data-time-verdict={view.timeVerdict.kind}>{view.timeVerdict.text}</p>
      <table className="data" aria-label="Completion by arm">
        <thead><tr><th scope="col">Arm</th><th scope="col">Sent</th><th scope="col">Completed</th><th scope="col">Completion ({level} CI)</th><th scope="col">Difference from {view.arms[0]?.label ?? 'control'}</th><th scope="col">Top drop-off</th><th scope="col">Top outcome</th></tr></thead>
        <tbody>
          {view.arms.map((arm, i) => {
            const versus = i === 0 ? undefined : view.versusControl[i - 1];
            return (
              <tr key={arm.key} data-comparison-arm={arm.key}>
                <th scope="row">{arm.label}</th>
                <td>{arm.sent}</td>
                <td>{arm.completed}</td>
                <td data-rate>{toPercent(arm.completionRate)} <span className="muted">({toPercent(arm.interval.lower)}–{toPercent(arm.interval.upper)})</span></td>
                <td data-difference>{versus === undefined ? <span className="muted">control</span> : <>{versus.difference >= 0 ? '+' : '−'}{Math.abs(Math.round(versus.difference * 100))} points <span className="muted">({toPoints(versus.lower, versus.upper)})</span></>}</td>
                <td>{arm.dropOffs[0] === undefined ? <span className="muted">—</span> : `${arm.dropOffs[0].name} (${toPercent(arm.dropOffs[0].share)})`}</td>
                <td>{arm.outcomes[0] === undefined ? <span className="muted">—</span> : `${arm.outcomes[0].name} (${toPercent(arm.outcomes[0].share)})`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
