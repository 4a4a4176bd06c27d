import { toFlowSummary, toList } from '../../flows/flow-api.js';
import { useRouter } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { LoadableView, Page, useApi } from '../../ui/index.js';
import { formatDuration, formatPercent } from '../ops-views.js';
import { isRecord, readJson } from '../read-json.js';
import { ErrorRateChart, FunnelChart, LatencyChart } from './dashboard-charts.js';
import { bucketTraces, toFlowMetrics, toTracePoint, type FlowMetrics } from './flow-metrics.js';
import '../ops.css';

/** Outcome dashboards per Flow and version: sends to resolution, funnel, and the endpoint against Meta's thresholds. */
export default function DashboardPage({ params }: PageProps) {
  const router = useRouter();
  const flowId = params['flowId'];
  const version = router.query.get('version') ?? '';
  const flows = useApi<unknown>('/flows?limit=100');
  const versions = useApi<unknown>(flowId === undefined ? undefined : `/flows/${encodeURIComponent(flowId)}/versions?limit=100`);
  const versionNumbers = versions.state.kind === 'ok' ? readJson.list(versions.state.data, (v) => (isRecord(v) ? readJson.number(v['number']) : undefined)) : [];
  const go = (id: string, v: string) => router.navigate(`/dashboards/${encodeURIComponent(id)}${v === '' ? '' : `?version=${v}`}`, { replace: true });
  return (
    <Page title="Dashboards" wide>
      <div className="ops-filters">
        <LoadableView state={flows.state}>
          {(body) => (
            <div>
              <label htmlFor="dash-flow">Flow</label>
              <select id="dash-flow" value={flowId ?? ''} onChange={(e) => go(e.target.value, '')}>
                <option value="" disabled>Choose a Flow…</option>
                {toList(body, toFlowSummary).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
              </select>
            </div>
          )}
        </LoadableView>
        {flowId === undefined ? null : (
          <div>
            <label htmlFor="dash-version">Version</label>
            <select id="dash-version" value={version} onChange={(e) => go(flowId, e.target.value)}>
              <option value="">All versions</option>
              {versionNumbers.map((n) => <option key={n} value={String(n)}>v{n}</option>)}
            </select>
          </div>
        )}
      </div>
      {flowId === undefined ? <p className="muted">Choose a Flow to see its outcome: sends, completion, funnel, routing accuracy, resolution and endpoint health.</p> : <FlowDashboard flowId={flowId} version={version} />}
    </Page>
  );
}

function FlowDashboard({ flowId, version }: { flowId: string; version: string }) {
  const id = encodeURIComponent(flowId);
  const metrics = useApi<unknown>(`/flows/${id}/metrics${version === '' ? '' : `?version=${encodeURIComponent(version)}`}`);
  const traces = useApi<unknown>(`/traces?flowId=${id}&limit=200`);
  const points = traces.state.kind === 'ok' ? readJson.list(traces.state.data, toTracePoint).filter((p) => version === '' || p.version === Number(version)) : [];
  const buckets = bucketTraces(points, 12);
  return (
    <LoadableView state={metrics.state}>
      {(body) => {
        const m = toFlowMetrics(body);
        if (m === undefined) return <p className="muted">The server sent no figures.</p>;
        return (
          <>
            <MetricCards m={m} />
            <div className="ops-charts">
              <FunnelChart funnel={m.funnel} dropOffStep={m.dropOffStep} />
              <LatencyChart buckets={buckets} thresholdMs={m.endpoint.thresholds.p90Ms} />
              <ErrorRateChart buckets={buckets} threshold={m.endpoint.thresholds.errorRate} />
            </div>
          </>
        );
      }}
    </LoadableView>
  );
}

function MetricCards({ m }: { m: FlowMetrics }) {
  const t = m.endpoint.thresholds;
  const cards: { label: string; value: string; bad?: boolean; hint?: string }[] = [
    { label: 'Sends', value: String(m.sends) },
    { label: 'Opens', value: String(m.opens) },
    { label: 'Submissions', value: String(m.submissions) },
    { label: 'Completion rate', value: formatPercent(m.completionRate), hint: 'submissions ÷ sends' },
    { label: 'Drop-off step', value: m.dropOffStep ?? '—', hint: 'screen where most unfinished sends stopped' },
    { label: 'Median time to complete', value: formatDuration(m.medianTimeToCompleteMs) },
    { label: 'Routing accuracy', value: formatPercent(m.routing.accuracy), hint: `${m.routing.rerouted} of ${m.routing.routed} re-routed by operators`, bad: m.routing.accuracy !== null && m.routing.accuracy < 0.9 },
    { label: 'Median time to resolution', value: formatDuration(m.resolution.medianTimeToResolutionMs), hint: `${m.resolution.resolved} resolved` },
    { label: 'Endpoint p50 / p90 / p99', value: m.endpoint.p90Ms === null ? '—' : `${m.endpoint.p50Ms ?? '—'} / ${m.endpoint.p90Ms} / ${m.endpoint.p99Ms ?? '—'} ms`, bad: m.endpoint.p90Ms !== null && m.endpoint.p90Ms > t.p90Ms, hint: `Meta: p90 ≤ ${t.p90Ms} ms` },
    { label: 'Endpoint error rate', value: formatPercent(m.endpoint.errorRate), bad: m.endpoint.errorRate !== null && m.endpoint.errorRate > t.errorRate, hint: `Meta: ≤ ${t.errorRate * 100} % · ${m.endpoint.requests} requests` },
  ];
  return (
    <ul className="ops-metrics" aria-label="Figures">
      {cards.map((c) => (
        <li key={c.label} className={`card ops-metric${c.bad === true ? ' ops-bad' : ''}`} data-metric={c.label}>
          <span className="ops-metric-label">{c.label}</span>
          <span className="ops-metric-value">{c.value}{c.bad === true ? <span className="sr-only"> (outside the target)</span> : null}</span>
          {c.hint === undefined ? null : <span className="field-hint">{c.hint}</span>}
        </li>
      ))}
    </ul>
  );
}
