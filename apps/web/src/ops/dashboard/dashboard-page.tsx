import { isJsonObject } from '@flowline/core';
import { toFlowSummary, toList } from '../../flows/flow-api.js';
import { useRouter } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { LoadableView, Page, useApi } from '../../ui/index.js';
import { formatDuration, formatPercent } from '../ops-views.js';
import { readJson } from '../read-json.js';
import { BackAndForthCards } from './back-and-forth-cards.js';
import { ErrorRateChart, FunnelChart, LatencyChart } from './dashboard-charts.js';
import { FrozenFlowsNotice } from './frozen-flows-notice.js';
import { bucketTraces, toFlowMetrics, toTracePoint, type FlowMetrics, type MetricFigure, type UnknownFigure } from './flow-metrics.js';
import { WhatsAppAlerts } from './whatsapp-alerts.js';
import '../ops.css';

/** Outcome dashboards per Flow and version: sends to resolution, funnel, and the endpoint against Meta's thresholds. */
export default function DashboardPage({ params }: PageProps) {
  const router = useRouter();
  const flowId = params['flowId'];
  const version = router.query.get('version') ?? '';
  const language = router.query.get('language') ?? '';
  const flows = useApi<unknown>('/flows?limit=100');
  const versions = useApi<unknown>(flowId === undefined ? undefined : `/flows/${encodeURIComponent(flowId)}/versions?limit=100`);
  const versionNumbers = versions.state.kind === 'ok' ? readJson.list(versions.state.data, (v) => (isJsonObject(v) ? readJson.number(v['number']) : undefined)) : [];
  // A Flow with translations can be measured per language (the sends made in it); the source language is one of them.
  const translations = useApi<unknown>(flowId === undefined ? undefined : `/flows/${encodeURIComponent(flowId)}/translations`);
  const languages = translations.state.kind === 'ok' && isJsonObject(translations.state.data) ? languagesOf(translations.state.data) : [];
  const go = (id: string, v: string, l: string) => {
    const query = new URLSearchParams({ ...(v === '' ? {} : { version: v }), ...(l === '' ? {} : { language: l }) }).toString();
    router.navigate(`/dashboards/${encodeURIComponent(id)}${query === '' ? '' : `?${query}`}`, { replace: true });
  };
  return (
    <Page title="Dashboards" wide>
      <WhatsAppAlerts />
      <FrozenFlowsNotice />
      <div className="ops-filters">
        <LoadableView state={flows.state}>
          {(body) => (
            <div>
              <label htmlFor="dash-flow">Flow</label>
              <select id="dash-flow" value={flowId ?? ''} onChange={(e) => go(e.target.value, '', '')}>
                <option value="" disabled>Choose a Flow…</option>
                {toList(body, toFlowSummary).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
              </select>
            </div>
          )}
        </LoadableView>
        {flowId === undefined ? null : (
          <div>
            <label htmlFor="dash-version">Version</label>
            <select id="dash-version" value={version} onChange={(e) => go(flowId, e.target.value, language)}>
              <option value="">All versions</option>
              {versionNumbers.map((n) => <option key={n} value={String(n)}>v{n}</option>)}
            </select>
          </div>
        )}
        {flowId === undefined || languages.length === 0 ? null : (
          <div>
            <label htmlFor="dash-language">Language</label>
            <select id="dash-language" value={language} onChange={(e) => go(flowId, version, e.target.value)}>
              <option value="">All languages</option>
              {languages.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </div>
        )}
      </div>
      {flowId === undefined ? <p className="muted">Choose a Flow to see its outcome: sends, completion, funnel, routing accuracy, resolution and endpoint health.</p> : <FlowDashboard flowId={flowId} version={version} language={language} />}
    </Page>
  );
}

/** The source language and the translated ones of a Flow's translations view. */
function languagesOf(body: Record<string, unknown>): string[] {
  const source = readJson.string(body['sourceLanguage']);
  const translated = readJson.list(body['languages'], (l) => (isJsonObject(l) ? readJson.string(l['language']) : undefined));
  if (translated.length === 0) return []; // one language: nothing to filter by
  return [...(source === undefined ? [] : [source]), ...translated.filter((l) => l !== source)];
}

function FlowDashboard({ flowId, version, language }: { flowId: string; version: string; language: string }) {
  const id = encodeURIComponent(flowId);
  const filter = new URLSearchParams({ ...(version === '' ? {} : { version }), ...(language === '' ? {} : { language }) }).toString();
  const metrics = useApi<unknown>(`/flows/${id}/metrics${filter === '' ? '' : `?${filter}`}`);
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
            <BackAndForthCards flowId={flowId} version={version} />
            <div className="ops-charts">
              {m.funnel === null
                ? <UnknownChart title="Per-screen funnel" figure="funnel" reason={m.unknown.funnel?.reason ?? 'not measured'} />
                : <FunnelChart funnel={m.funnel} dropOffStep={m.dropOffStep} />}
              {m.unknown.endpointLatency?.code === 'no_endpoint' && buckets.length === 0
                ? <UnknownChart title="Endpoint latency" figure="endpointLatency" reason={m.unknown.endpointLatency.reason} />
                : <LatencyChart buckets={buckets} thresholdMs={m.endpoint.thresholds.p90Ms} />}
              {m.unknown.endpointErrorRate?.code === 'no_endpoint' && buckets.length === 0
                ? <UnknownChart title="Endpoint error rate" figure="endpointErrorRate" reason={m.unknown.endpointErrorRate.reason} />
                : <ErrorRateChart buckets={buckets} threshold={m.endpoint.thresholds.errorRate} />}
            </div>
          </>
        );
      }}
    </LoadableView>
  );
}

/** A card: a measured value, or "Unknown" with the server's reason (never a made-up 0 or 100 %). */
interface Card {
  readonly label: string;
  readonly value: string;
  readonly unknown?: UnknownFigure | undefined;
  readonly bad?: boolean;
  readonly hint?: string;
}

function MetricCards({ m }: { m: FlowMetrics }) {
  const t = m.endpoint.thresholds;
  const u = m.unknown;
  const cards: Card[] = [
    { label: 'Sends', value: String(m.sends) },
    { label: 'Opens', value: m.opens === null ? '' : String(m.opens), unknown: u.opens, hint: 'sends whose session reached the endpoint' },
    { label: 'Submissions', value: String(m.submissions), ...(m.unmatchedSubmissions > 0 ? { hint: `plus ${m.unmatchedSubmissions} answer${m.unmatchedSubmissions === 1 ? '' : 's'} matching no send` } : {}) },
    { label: 'Completion rate', value: formatPercent(m.completionRate), unknown: u.completionRate, hint: 'submissions ÷ sends' },
    { label: 'Drop-off step', value: m.dropOffStep ?? 'none', unknown: u.dropOffStep, hint: 'screen where most unfinished sends stopped' },
    { label: 'Median time to complete', value: formatDuration(m.medianTimeToCompleteMs), unknown: u.medianTimeToCompleteMs },
    { label: 'Routing accuracy', value: formatPercent(m.routing.accuracy), unknown: u.routingAccuracy, hint: `${m.routing.rerouted} of ${m.routing.routed} re-routed by operators`, bad: m.routing.accuracy !== null && m.routing.accuracy < 0.9 },
    { label: 'Median time to resolution', value: formatDuration(m.resolution.medianTimeToResolutionMs), unknown: u.medianTimeToResolutionMs, hint: `${m.resolution.resolved} resolved` },
    { label: 'Endpoint p50 / p90 / p99', value: m.endpoint.p90Ms === null ? '' : `${m.endpoint.p50Ms ?? '—'} / ${m.endpoint.p90Ms} / ${m.endpoint.p99Ms ?? '—'} ms`, unknown: u.endpointLatency, bad: m.endpoint.p90Ms !== null && m.endpoint.p90Ms > t.p90Ms, hint: `Meta: p90 ≤ ${t.p90Ms} ms` },
    { label: 'Endpoint error rate', value: formatPercent(m.endpoint.errorRate), unknown: u.endpointErrorRate, bad: m.endpoint.errorRate !== null && m.endpoint.errorRate > t.errorRate, hint: `Meta: ≤ ${t.errorRate * 100} % · ${m.endpoint.requests} requests` },
  ];
  return (
    <ul className="ops-metrics" aria-label="Figures">
      {cards.map((c) => (
        <li key={c.label} className={`card ops-metric${c.bad === true ? ' ops-bad' : ''}${c.unknown === undefined ? '' : ' ops-unknown'}`} data-metric={c.label} data-unknown={c.unknown?.code}>
          <span className="ops-metric-label">{c.label}</span>
          <span className="ops-metric-value">{c.unknown === undefined ? c.value : 'Unknown'}{c.bad === true ? <span className="sr-only"> (outside the target)</span> : null}</span>
          {c.unknown === undefined
            ? (c.hint === undefined ? null : <span className="field-hint">{c.hint}</span>)
            : <span className="field-hint ops-unknown-reason">{capitalise(c.unknown.reason)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** In place of a chart whose figures cannot be known. */
function UnknownChart({ title, figure, reason }: { title: string; figure: MetricFigure; reason: string }) {
  return (
    <figure className="card" style={{ margin: 0 }} data-unknown={figure}>
      <figcaption><h2 style={{ marginTop: 0 }}>{title}</h2></figcaption>
      <p className="muted">Unknown: {reason}.</p>
    </figure>
  );
}

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
